"""Hostile query strings and texts at the Word export: every refusal is a 4xx naming the
parameter, never a 500, and hostile wording comes out of every kind of file as text."""
from __future__ import annotations

import io
from dataclasses import replace
from urllib.parse import quote

import docx as python_docx
import pytest

from resolutions.formats.docx_revisions import accept_all
from resolutions.services import drafts, proposals
from tests.conftest import commit, operative_id

ODD_VALUES = ["١", "²", "-1", "0", "1.5", "1e3", "9" * 12, " ", "base ", "BASE", "Issued", "none\x00", "%00",
              "<script>", "{{7*7}}", "🧪", "a" * 5_000, "1,2", "0x10", "+3"]
PARAMETERS = ["against", "kind", "revision", "choice", "earlier"]


@pytest.mark.parametrize("name", PARAMETERS)
def test_odd_values_of_every_parameter_are_refused_by_name(us, circulated, name):
    url = f"/api/drafts/{circulated['id']}/export.docx"
    for value in ODD_VALUES:
        query = f"{name}={quote(value)}" + ("&choice=earlier" if name == "earlier" else "")
        response = us.get(f"{url}?{query}")
        if value.strip() == "" or (name == "against" and value == "base "):
            # blank is "left out"; the surrounding spaces of a word are trimmed like a number's
            assert response.status_code in (200, 409, 422), (name, value)
            continue
        assert response.status_code in (404, 409, 422), (name, value, response.status_code)
        assert response.json["error"], (name, value)


def test_repeated_and_conflicting_parameters_do_not_reach_a_500(us, circulated):
    url = f"/api/drafts/{circulated['id']}/export.docx"
    for query in ("against=1&against=base", "kind=manuscript&kind=memo", "choice=clean&against=1",
                  "choice=issued&kind=issued", "revision=1&revision=2", "choice=&kind=", "earlier=1"):
        assert us.get(f"{url}?{query}").status_code in (200, 404, 409, 422), query


NASTY = "Decides ]]><!-- <w:p/> {{ 7 * 7 }} \u202e [[nested [brackets]] & “quotes” 🧪;"


def test_hostile_wording_survives_the_compilation_and_tracked_exports(jp, session, actors, circulated_view):
    draft = circulated_view
    op1 = operative_id(draft, 1)
    proposals.make(session, actors["jp"], draft.id, 1, "replace", op1, NASTY)
    drafts.save(session, actors["us"], draft.id, 1,
                replace(draft.document, operative=(replace(draft.document.operative[0], text=NASTY),
                                                   *draft.document.operative[1:])))
    commit(session)
    for query in ("kind=compilation", "against=1", "against=2"):
        response = jp.get(f"/api/drafts/{draft.id}/export.docx?{query}")
        assert response.status_code == 200, query
        text = "\n".join(p.text for p in python_docx.Document(io.BytesIO(accept_all(response.data))).paragraphs)
        assert "]]><!-- <w:p/> {{ 7 * 7 }}" in text and "🧪" in text, query
