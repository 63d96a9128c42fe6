"""UN symbols are parsed or refused with a message."""
from __future__ import annotations

import pytest

from resolutions.domain.errors import InvalidDocument
from resolutions.domain.symbols import parse


@pytest.mark.parametrize("text, body, kind, session, number, revision", [
    ("A/RES/78/131", "GA", "resolution", 78, 131, 0),
    ("A/RES/75/101 A", "GA", "resolution", 75, 101, 0),
    (" a/res/78/131. ", "GA", "resolution", 78, 131, 0),
    ("A/80/L.10", "GA", "draft", 80, 10, 0),
    ("A/80/L.10/Rev.1", "GA", "draft", 80, 10, 1),
    ("A/C.3/80/L.20", "GA", "draft", 80, 20, 0),
    ("E/CN.7/2024/L.2/Rev.1", "CND", "draft", None, 2, 1),
])
def test_known_symbols(text, body, kind, session, number, revision):
    symbol = parse(text)
    assert (symbol.body, symbol.kind, symbol.session, symbol.number, symbol.revision) == \
        (body, kind, session, number, revision)


@pytest.mark.parametrize("text", ["", "S/RES/2720 (2023)", "A/RES/78", "resolution 78/131", "A/80/L.x"])
def test_unknown_symbols_are_refused_with_examples(text):
    with pytest.raises(InvalidDocument, match="not a UN symbol this tool knows"):
        parse(text)
