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


# --- one grammar, from bodies.toml's templates ---------------------------------------------------

from resolutions.domain import lifecycle  # noqa: E402
from resolutions.domain.bodies import get_body  # noqa: E402
from resolutions.domain.symbols import addendum_of, is_adopted, is_decision, resolution_number, revision_of  # noqa: E402


@pytest.mark.parametrize("text, body, kind, number, revision, addendum", [
    ("A/80/L.24/Add.1", "GA", "draft", 24, 0, 1),
    ("A/80/L.24/Rev.2/Add.3", "GA", "draft", 24, 2, 3),
    ("E/CN.7/2026/L.1234", "CND", "draft", 1234, 0, 0),   # the lifecycle took it; parse refused it
    ("E/CN.7/2026/L.5/Add.1", "CND", "draft", 5, 0, 1),
    ("A/RES/ES-11/1", "GA", "resolution", 1, 0, 0),
])
def test_drafts_carry_revisions_and_addenda(text, body, kind, number, revision, addendum):
    symbol = parse(text)
    assert (symbol.body, symbol.kind, symbol.number, symbol.revision, symbol.addendum) == \
        (body, kind, number, revision, addendum)


def test_cited_forms_parse_as_the_named_bodys():
    assert parse("resolution 69/3", body="CND").kind == "resolution"
    decision = parse("Decision 69/2", body="CND")
    assert (decision.text, decision.decision, decision.session, decision.number) == ("decision 69/2", True, 69, 2)
    with pytest.raises(InvalidDocument, match="not a UN symbol"):
        parse("decision 80/2", body="GA")  # the GA's decisions are not a template of ours


@pytest.mark.parametrize("symbol, adopted, number", [
    ("A/RES/80/174", True, "80/174"), ("A/RES/75/101 A", True, "75/101 A"), ("resolution 69/3", True, "69/3"),
    ("decision 69/2", True, "69/2"), ("A/80/L.24", False, ""), ("A/80/L.24/Rev.1", False, ""),
    ("", False, ""), (None, False, ""), ("S/RES/2720 (2023)", False, ""),
])
def test_adopted_symbols_and_the_number_printed_before_the_title(symbol, adopted, number):
    assert is_adopted(symbol) is adopted
    assert resolution_number(symbol) == number


def test_addenda_revisions_and_decisions_are_read_off_the_symbol():
    assert addendum_of("A/80/L.24/Rev.1/Add.2") == "A/80/L.24/Rev.1"
    assert addendum_of("E/CN.7/2026/L.5/Add.1") == "E/CN.7/2026/L.5"
    assert addendum_of("A/80/L.24") == "" and addendum_of("A/RES/80/1") == ""
    assert revision_of("A/80/L.10/Rev.2") == 2 and revision_of("A/80/L.10") == 0 and revision_of("nonsense") == 0
    assert is_decision("decision 69/2") and not is_decision("resolution 69/3")


@pytest.mark.parametrize("code, session, year, symbol", [
    ("GA", 80, 2025, "A/80/L.24"), ("GA", 80, 2025, "A/80/L.1234"),
    ("CND", 69, 2026, "E/CN.7/2026/L.5"), ("CND", 69, 2026, "E/CN.7/2026/L.1234"),
])
def test_the_lifecycle_and_the_importer_read_symbols_alike(code, session, year, symbol):
    """What the Secretariat may issue (domain/lifecycle) is what the importer files (symbols.parse)."""
    body = get_body(code)
    assert lifecycle.first_symbol(body, session, year, symbol) == symbol
    assert parse(symbol).body == code and parse(symbol).kind == "draft"
    adopted = lifecycle.adopted_symbol(body, session, 7)
    assert parse(adopted, body=code).kind == "resolution" and is_adopted(adopted)
    assert resolution_number(adopted) == f"{session}/7"
