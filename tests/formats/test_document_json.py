"""The JSON shape of a document: strict about shape, bounded in depth, faithful both ways."""
from __future__ import annotations

import json

import pytest

from resolutions.domain.document import Document, Footnote, Paragraph
from resolutions.domain.errors import InvalidDocument
from resolutions.domain.validation import accept, validate
from resolutions.formats.document_json import dump, load


def body(**changes) -> dict:
    out = {"body": "GA", "session": 80, "title": "Countering synthetic drug threats", "agenda_item": "125",
           "agenda_title": "Global health and foreign policy",
           "preamble": [{"id": "pp1", "text": "Recalling its resolution 77/238,",
                         "footnotes": [{"id": "fn-1", "at": 12, "text": "See A/RES/77/238."}]}],
           "operative": [{"id": "op1", "text": "Urges Member States:", "opening_length": 5,
                          "subparagraphs": [{"id": "op1-a", "text": "to share information;",
                                             "source": "A/RES/78/131 OP 4"}]}]}
    out.update(changes)
    return out


def nested_json(levels: int) -> dict:
    """An operative paragraph with ``levels`` levels of subparagraphs, built without recursion."""
    para: dict = {"text": "Level;"}
    for _ in range(levels):
        para = {"text": "Level:", "subparagraphs": [para]}
    return para


def test_dump_and_load_are_inverse_for_what_accept_lets_in():
    doc = accept(load(body(symbol="A/80/L.1", language="fr")))
    assert load(dump(doc)) == doc
    assert load(json.loads(json.dumps(dump(doc)))) == doc
    assert dump(load(dump(doc))) == dump(doc)
    assert doc.preamble[0].footnotes == (Footnote("fn-1", 12, "See A/RES/77/238."),)
    assert doc.operative[0].subparagraphs[0].source == "A/RES/78/131 OP 4"


def test_load_takes_values_as_they_are_and_accept_cleans_them():
    """Trimming in load used to leave footnote markers where the text no longer was."""
    raw = load(body(title="  Spaced title ", preamble=[{"id": "pp1", "text": "   Recalling 2019,\x00 and",
                                                        "footnotes": [{"at": 18, "text": " Note. "}]}]))
    assert raw.title == "  Spaced title " and raw.preamble[0].text.startswith("   ")
    with pytest.raises(InvalidDocument):
        validate(raw)
    doc = accept(raw)
    para = doc.preamble[0]
    assert doc.title == "Spaced title" and para.text == "Recalling 2019, and"
    assert para.text[:para.footnotes[0].at] == "Recalling 2019," and para.footnotes[0].text == "Note."
    assert load(dump(doc)) == doc


def test_omissions_are_filled_in():
    doc = load({"body": "GA", "session": "80", "title": "T", "preamble": ["Recalling,"],
                "operative": [{"text": "Decides;", "footnotes": ["A note at the end."]}]})
    assert doc.session == 80 and doc.language == "en"
    assert doc.preamble[0].id and doc.operative[0].footnotes[0].at == len("Decides;")
    assert accept(doc) == doc


def test_fields_missing_from_an_update_come_from_the_base():
    base = load(body())
    updated = load({"title": "New title"}, base=base)
    assert updated.title == "New title" and updated.operative == base.operative


def test_three_levels_of_subparagraphs_load():
    doc = load(body(operative=[nested_json(3)]))
    assert accept(doc).operative[0].subparagraphs[0].subparagraphs[0].subparagraphs[0].text == "Level;"


@pytest.mark.parametrize("levels", [4, 500, 100_000])
def test_deeper_nesting_is_refused_at_its_place_without_recursing(levels):
    """Regression: JSON nested 500 deep answered 500 (RecursionError)."""
    with pytest.raises(InvalidDocument) as caught:
        load(body(operative=[{"text": "Decides;"}, nested_json(levels)]))
    assert caught.value.where == "operative[1].subparagraphs[0].subparagraphs[0].subparagraphs[0]"
    assert "nested too deep" in caught.value.message


def test_preambular_paragraphs_take_no_subparagraphs():
    with pytest.raises(InvalidDocument) as caught:
        load(body(preamble=[{"text": "Recalling:", "subparagraphs": [nested_json(1000)]}]))
    assert caught.value.where == "preamble[0]" and "preambular" in caught.value.message


@pytest.mark.parametrize("changes, where, message", [
    ({"colour": "blue"}, "document", "unknown field"),
    ({"session": "9" * 5000}, "session", "must be a number"),
    ({"session": True}, "session", "must be a number"),
    ({"title": 7}, "title", "must be text"),
    ({"language": None}, "language", "must be text"),
    ({"preamble": "Recalling,"}, "preamble", "must be a list"),
    ({"operative": [{"txt": "no text"}]}, "operative[0]", "unknown paragraph field"),
    ({"operative": [{"text": "Decides;", "subparagraph": []}]}, "operative[0]", "unknown paragraph field"),
    ({"operative": [{"id": 5, "text": "Decides;"}]}, "operative[0]", "id must be text"),
    ({"operative": [{"text": "Decides;", "footnotes": [{"id": ["x"], "text": "n"}]}]}, "operative[0].footnotes[0]",
     "id must be text"),
    ({"operative": [{"text": "Decides;", "footnotes": [{"text": "n", "page": 2}]}]}, "operative[0].footnotes[0]",
     "unknown footnote field"),
    ({"operative": [{"text": "Decides;", "footnotes": [{"text": "n", "at": "3"}]}]}, "operative[0].footnotes[0]",
     "character offset"),
    ({"operative": [{"text": "Decides;", "footnotes": {"text": "n"}}]}, "operative[0]", "must be a list"),
    ({"operative": [{"text": "Decides;", "opening_length": True}]}, "operative[0]", "must be a number"),
    ({"operative": [{"text": "Decides;", "source": 1}]}, "operative[0]", "must be text"),
    ({"operative": [{"text": "Decides;", "subparagraphs": "a"}]}, "operative[0]", "must be a list"),
])
def test_shape_errors_name_their_place(changes, where, message):
    with pytest.raises(InvalidDocument) as caught:
        load(body(**changes))
    assert caught.value.where == where and message in caught.value.message


def test_an_empty_symbol_is_no_symbol():
    doc = accept(load(body(symbol="")))
    assert doc.symbol is None and "symbol" not in dump(doc)


def test_a_bad_id_is_loaded_so_that_accept_can_name_it():
    doc = load(body(preamble=[{"id": "p" * 10_000, "text": "Recalling,"}]))
    with pytest.raises(InvalidDocument) as caught:
        accept(doc)
    assert caught.value.where == "PP1" and "id" in caught.value.message


def test_a_document_built_in_code_round_trips():
    doc = Document("CND", 68, "Precursors", preamble=(Paragraph("pp1", "Recalling,"),),
                   operative=(Paragraph("op1", "Decides;", footnotes=(Footnote("f", 0, "x"), Footnote("g", 8, "y"))),))
    assert load(dump(accept(doc))) == doc
