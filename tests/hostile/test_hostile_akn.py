"""Hostile input against the Akoma Ntoso exports: whatever a draft may hold once it is
accepted exports as XML that validates (control characters and lone surrogates never
get that far), and odd ids, revisions, symbols and languages get a 4xx naming them."""
from __future__ import annotations

import pytest

from resolutions.formats.akn_reader import read_akn
from resolutions.formats.akn_writer import AKN_MIME, validate
from tests.conftest import draft_json
from tests.hostile.test_hostile_inputs import LONE_SURROGATES, NASTY_TEXT


def _placements(text: str) -> list[tuple[str, dict]]:
    return [
        ("title", draft_json(title=text)),
        ("agenda", draft_json(agenda_item=text[:50], agenda_title=text)),
        ("paragraph", draft_json(preamble=[{"text": text}])),
        ("footnote", draft_json(preamble=[{"text": "Recalling,", "footnotes": [{"text": text}]}])),
        ("paragraph id", draft_json(preamble=[{"id": text, "text": "Recalling,"}])),
        ("footnote id", draft_json(preamble=[{"text": "Recalling,", "footnotes": [{"id": text, "text": "A."}]}])),
        ("subparagraph", draft_json(operative=[{"text": "Decides:", "subparagraphs": [{"text": text}]}])),
    ]


def test_every_accepted_odd_text_exports_as_valid_xml(us):
    exported = refused = 0
    for text in NASTY_TEXT:
        for where, body in _placements(text):
            created = us.post("/api/drafts", json=body)
            if created.status_code != 201:
                assert 400 <= created.status_code < 500 and created.json["error"], (where, text[:20])
                refused += 1
                continue
            response = us.get(f"/api/drafts/{created.json['id']}/export.akn")
            assert response.status_code == 200 and response.mimetype == AKN_MIME, (where, text[:20])
            validate(response.data)
            (doc,) = read_akn(response.data)
            assert doc.title == created.json["document"]["title"] or "\t" in text or "\n" in text
            exported += 1
    assert exported >= 80 and refused > 0  # 87 of 182 are accepted today


def test_lone_surrogates_never_reach_an_export(us):
    for escape in LONE_SURROGATES:
        raw = ('{"body": "GA", "session": 80, "title": %s, "operative": [{"text": "Decides."}]}' % escape).encode()
        response = us.post("/api/drafts", data=raw, content_type="application/json")
        assert response.status_code in (400, 422) and "surrogate" in response.json["error"]


@pytest.mark.parametrize("revision", ["abc", "-1", "0", "1.5", "1e3", "9" * 40, "1; DROP TABLE drafts"])
def test_odd_revisions_are_refused_by_name(us, revision):
    created = us.post("/api/drafts", json=draft_json()).json
    response = us.get(f"/api/drafts/{created['id']}/export.akn", query_string={"revision": revision})
    assert response.status_code in (400, 404, 422), response.status_code
    assert "revision" in response.json["error"]


def test_a_huge_draft_id_is_not_found(us):
    assert us.get(f"/api/drafts/{'9' * 30}/export.akn").status_code == 404


@pytest.mark.parametrize("symbol", ["A/RES/78/131%00", "..%2F..%2Fetc%2Fpasswd", "A" * 300, "<script>", "%E2%80%AE"])
def test_odd_symbols_are_refused_or_not_found(us, symbol):
    response = us.get(f"/api/resolutions/{symbol}/export.akn")
    assert response.status_code in (400, 404, 422), response.status_code
    assert response.json["error"]


@pytest.mark.parametrize("lang", ["xx", "<b>", "e" * 5000, "en\x00", ""])
def test_odd_languages_are_not_found(us, lang):
    response = us.get("/api/resolutions/A/RES/78/131/export.akn", query_string={"lang": lang})
    assert response.status_code in (400, 404, 422) and response.json["error"]
