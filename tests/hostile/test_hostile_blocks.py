"""Hostile headings, annexes and tables through the API (issue #9): each is refused with a
422 naming what is wrong and where, or cleaned; nothing reaches a 500, and a draft that
holds every kind of block keeps working (read back, saved again, compared).
"""
from __future__ import annotations

import pytest

from resolutions.domain.errors import InvalidDocument
from resolutions.domain.validation import MAX_CELL_CHARS, MAX_TABLE_CELLS, MAX_TABLE_ROWS
from resolutions.formats import document_json
from resolutions.services import compilation, drafts, proposals
from tests.conftest import draft_json

DECIDES = {"text": "Decides to remain seized of the matter."}

HOSTILE = [
    ("huge table: rows", [{"kind": "table", "rows": [["a"]] * (MAX_TABLE_ROWS + 1)}],
     "Table 1", "201"),
    ("huge table: cells", [{"kind": "table", "rows": [["a"] * (MAX_TABLE_CELLS + 1)]}],
     "Table 1", "31 cells"),
    ("huge cell", [{"kind": "table", "rows": [["a" * (MAX_CELL_CHARS + 1)]]}], "Table 1", "5,001"),
    ("nesting in a table", [{"kind": "table", "rows": [[["deeper", ["still"]]]]}], "operative[0]", "every cell"),
    ("table with subparagraphs", [{"kind": "table", "rows": [["a"]], "subparagraphs": [{"text": "x"}]}],
     "Table 1", "cannot hold subparagraphs"),
    ("footnotes on a heading", [{"kind": "heading", "text": "I", "footnotes": [{"at": 0, "text": "n"}]}, DECIDES],
     "Heading 1", "cannot hold footnotes"),
    ("two placeholders", [{"kind": "heading", "text": "x", "numbering": "{I}.{1}"}, DECIDES],
     "operative block 1", "more than one number"),
    ("level 0", [{"kind": "heading", "text": "x", "level": 0}, DECIDES], "Heading 1", "level"),
    ("level true", [{"kind": "heading", "text": "x", "level": True}, DECIDES], "operative[0]", "level"),
    ("unknown kind", [{"kind": "<script>", "text": "x"}], "operative[0]", "unknown kind"),
    ("kind not text", [{"kind": ["heading"], "text": "x"}], "operative[0]", "unknown kind"),
    ("heading in a list", [{"text": "x", "subparagraphs": [{"kind": "heading", "text": "y"}]}],
     "operative[0].subparagraphs[0]", "always a paragraph"),
    ("rows not a list", [{"kind": "table", "rows": {"a": 1}}], "operative[0]", "list of rows"),
]


@pytest.mark.parametrize("name, operative, where, words", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_blocks_are_refused_naming_the_place(us, name, operative, where, words):
    response = us.post("/api/drafts", json=draft_json(operative=operative))
    assert response.status_code == 422, response.get_data(as_text=True)[:200]
    assert response.json["where"] == where and words in response.json["error"], response.json


def test_an_annex_in_the_preamble_is_refused(us):
    response = us.post("/api/drafts", json=draft_json(preamble=[{"kind": "annex", "text": "Annex"}]))
    assert response.status_code == 422 and response.json["where"] == "preamble block 1"
    assert "an annex goes after the operative part" in response.json["error"]


def test_newlines_and_control_characters_in_blocks_are_cleaned(us):
    operative = [{"kind": "heading", "text": "Section\none\r\n", "numbering": "Part {I}\t"}, DECIDES,
                 {"kind": "annex", "text": "Annex\x00 title"},
                 {"kind": "table", "text": "T\x1b[31m", "rows": [["a\x07b", "c\u0000"], ["\ufffe merged"]]}]
    created = us.post("/api/drafts", json=draft_json(operative=operative))
    assert created.status_code == 201, created.get_data(as_text=True)[:300]
    heading, _, annex, table = created.json["document"]["operative"]
    assert (heading["text"], heading["numbering"]) == ("Section one", "Part {I}")
    assert annex["text"] == "Annex title"
    assert table["text"] == "T[31m" and table["rows"] == [["ab", "c"], ["merged"]]


def test_a_draft_with_every_kind_of_block_reads_back_saves_and_compares(us):
    operative = [{"kind": "heading", "text": "Activities", "numbering": "{I}.", "restart": True}, DECIDES,
                 {"kind": "text", "text": "Recalling its resolution 77/1,"},
                 {"kind": "annex", "text": "Programme of action"},
                 {"kind": "table", "text": "Posts", "rows": [["Category", "Total"], ["P-5", "12"]],
                  "header_rows": 1}]
    created = us.post("/api/drafts", json=draft_json(operative=operative))
    assert created.status_code == 201
    draft = created.json
    assert us.get(f"/api/drafts/{draft['id']}").json["document"] == draft["document"]
    document = draft["document"]
    document["operative"][4]["rows"][1][1] = "13"
    document["operative"][0]["numbering"] = "Part {I}"
    saved = us.put(f"/api/drafts/{draft['id']}", json={"base_revision": 1, "document": document})
    assert saved.status_code == 200, saved.get_data(as_text=True)[:300]
    diff = us.get(f"/api/drafts/{draft['id']}/diff?from=1&to=2")
    assert diff.status_code == 200 and diff.json["summary"]["changed"] == 2
    changed = {(p["old_label"], p["new_label"]) for p in diff.json["paragraphs"] if p["status"] == "changed"}
    assert changed == {("Heading I", "Part I"), ("Table 1", "Table 1")}


def test_proposals_on_a_heading_and_a_table_go_through_the_compilation(session, actors):
    operative = [{"kind": "heading", "text": "Activities of the Office", "numbering": "{I}.", "id": "h1"},
                 {**DECIDES, "id": "o1"}, {"kind": "table", "text": "Posts", "rows": [["P-5", "12"]], "id": "tb1"}]
    created = drafts.create(session, actors["us"], document_json.load(draft_json(operative=operative)))
    drafts.set_status(session, actors["us"], created.id, "circulated")
    renamed = proposals.make(session, actors["jp"], created.id, 1, "replace", "h1", "Oversight",
                             replaces="Activities")
    dropped = proposals.make(session, actors["jp"], created.id, 1, "delete", "tb1")
    assert (renamed.label, dropped.label) == ("Heading I", "Table 1")
    with pytest.raises(InvalidDocument, match="cannot hold footnotes"):
        proposals.make(session, actors["jp"], created.id, 1, "replace", "h1", "Activities^[A note.]")
    rows = compilation.view(session, actors["us"], created.id).rows
    assert [r.label for r in rows if r.section == "operative"] == ["Heading I", "OP1", "Table 1"]
    proposals.decide(session, actors["us"], created.id, renamed.id, "accept")
    proposals.decide(session, actors["us"], created.id, dropped.id, "accept")
    now = drafts.view(session, actors["us"], created.id).document
    assert [(b.kind, b.text, b.numbering) for b in now.operative] == [
        ("heading", "Oversight of the Office", "{I}."), ("paragraph", DECIDES["text"], "")]
