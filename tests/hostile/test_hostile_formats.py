"""Hostile symbols and export parameters against the one symbol grammar and the export
defaults: refused with a message naming the problem, never a 500, never a long stall."""
from __future__ import annotations

import time

import pytest

from resolutions.domain.bodies import get_body
from resolutions.domain.errors import InvalidDocument
from resolutions.domain.lifecycle import InvalidStep, adopted_symbol, first_symbol
from resolutions.domain.symbols import addendum_of, is_adopted, parse, resolution_number, revision_of
from resolutions.services import drafts, lifecycle
from tests.conftest import commit

HOSTILE_SYMBOLS = [
    "A/80/L.24/Add.1/Add.2", "A/80/L.24/Rev.1/Rev.2", "A/RES/80/174/Add.1", "A/80/L.24\u0000", "A/80/L.\u0661\u0662",
    "A/" + "1" * 5000 + "/L.1", "A/80/L." + "9" * 5000, "resolution 69/3" * 300, "E/CN.7/2026/L.5/Rev.",
    "decision ../../etc/passwd", "A/RES/80/1 AB", "<script>A/80/L.1</script>", "\u202eA/80/L.24",
]


@pytest.mark.parametrize("text", HOSTILE_SYMBOLS)
def test_hostile_symbols_are_refused_or_read_quickly(text):
    started = time.perf_counter()
    with pytest.raises(InvalidDocument, match="not a UN symbol this tool knows"):
        parse(text)
    assert not is_adopted(text) and resolution_number(text) == "" and addendum_of(text) == ""
    assert revision_of(text) == 0
    assert time.perf_counter() - started < 0.5, text[:40]


@pytest.mark.parametrize("value", ["A/80/L.24/Add.1", "A/80/L.0", "A/81/L.24", "E/CN.7/2026/L.5", 12, None, "x" * 65])
def test_the_lifecycle_refuses_what_is_no_first_l_of_the_body(value):
    with pytest.raises(InvalidStep) as refused:
        first_symbol(get_body("GA"), 80, 2025, value)
    assert refused.value.where == "symbol" and len(str(refused.value)) < 300


@pytest.mark.parametrize("value, words", [("A/RES/79/5", "belongs to session 79"), ("A/RES/80/0", "start at 1"),
                                          ("resolution 80/1", "not a symbol of an adoption"), (True, "as text")])
def test_the_lifecycle_refuses_what_is_no_adoption_of_the_body(value, words):
    with pytest.raises(InvalidStep, match=words):
        adopted_symbol(get_body("GA"), 80, value)


@pytest.fixture
def issued(session, actors, draft):
    us = actors["us"]
    drafts.set_status(session, us, draft.id, "circulated")
    lifecycle.act(session, us, draft.id, "submit", {})
    lifecycle.act(session, actors["sec"], draft.id, "issue", {"symbol": "A/80/L.30"})
    commit(session)
    return draft


@pytest.mark.parametrize("query, status, words", [
    ("against=issued&kind=addendum", 422, "an addendum lists sponsors"),
    ("against=issued&kind=compilation", 422, "leave against out"),
    ("revision=abc&against=issued", 422, "revision must be a whole number"),
    ("revision=-1&against=issued", 422, "revision must be"),
    ("revision=2&kind=issued", 409, "was not issued; issued: A/80/L.30 (revision 1)"),
    ("against=" + "%00" * 20, 422, "against must be"),
])
def test_export_parameters_that_do_not_fit_an_issued_draft_are_refused_by_name(us, issued, query, status, words):
    response = us.get(f"/api/drafts/{issued.id}/export.docx?{query}")
    assert response.status_code == status, (query, response.data[:300])
    assert words in response.get_data(as_text=True), query
