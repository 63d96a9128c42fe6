"""A small real corpus for the search tests: resolutions read in place from ../shared/corpus.

A/RES/78/131 (synthetic drugs) in all six languages, three English resolutions of other
sessions, and synthetic drafts (one private to a delegation, one with markup-like text).
The index is built once per module into a temporary folder; tests that write build
their own.
"""
from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from resolutions.domain.document import Document, paragraph
from resolutions.formats.akn_reader import read_akn
from resolutions.search import IndexEntry, SearchIndex

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
AKN = CORPUS / "akn"

FILES = [
    "78/English/A_RES_78_131-2325898E.xml",
    "78/French/A_RES_78_131-2325898F.xml",
    "78/Spanish/A_RES_78_131-2325898S.xml",
    "78/Russian/A_RES_78_131-2325898R.xml",
    "78/Arabic/A_RES_78_131-2325898A.xml",
    "78/Chinese/A_RES_78_131-2325898C.xml",
    "77/English/A_RES_77_238-2229004E.xml",
    "76/English/A_RES_76_10-2117757E.xml",
    "75/English/75_100_E.xml",
]

pytestmark = pytest.mark.skipif(not AKN.is_dir(), reason="the shared corpus is not here")


def _metadata() -> dict[str, dict]:
    out = {}
    for path in sorted((CORPUS / "metadata").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            m = json.loads(line)
            out[m["symbol"]] = m
    return out


def real_entries() -> list[IndexEntry]:
    meta = _metadata()
    out = []
    for name in FILES:
        for doc in read_akn(AKN / name):
            m = meta.get(doc.symbol, {})
            date = datetime.datetime.strptime(m["adoption_date"], "%d %B %Y").date() if m else None
            sponsors = tuple(s for s in m.get("sponsors", []) + m.get("additional_sponsors", [])
                             if not s.startswith("SUBMITTED"))
            subjects = tuple(s for s, source in m.get("subjects", []) if source in ("UNBIS Thesaurus", "DHLAUTH"))
            out.append(IndexEntry(key=f"res:{doc.symbol}:{doc.language}", kind="resolution", symbol=doc.symbol,
                                  draft_id=None, body=doc.body, session=doc.session, language=doc.language,
                                  title=doc.title, date=date, sponsors=sponsors, subjects=subjects,
                                  agenda=f"{doc.agenda_item} {doc.agenda_title}", visible_to=("all",), document=doc))
    return out


def draft(draft_id: int, title: str, paragraphs: list[str], *, visible_to=("all",), body="CND", session=79,
          sponsors=("Japan",), date=datetime.date(2026, 3, 1), language="en") -> IndexEntry:
    doc = Document(body=body, session=session, title=title,
                   preamble=(paragraph(paragraphs[0], id=f"d{draft_id}-pp1"),),
                   operative=tuple(paragraph(t, id=f"d{draft_id}-op{i}") for i, t in enumerate(paragraphs[1:], 1)),
                   language=language)
    return IndexEntry(key=f"draft:{draft_id}", kind="draft", symbol=f"Draft {draft_id}", draft_id=draft_id,
                      body=body, session=session, language=language, title=title, date=date, sponsors=sponsors,
                      subjects=(), agenda="", visible_to=tuple(visible_to), document=doc)


def drafts() -> list[IndexEntry]:
    return [
        draft(1, "Decent work for women in drug treatment services",
              ["Recognizing the contribution of civil society,",
               "Supports women decent work programmes in treatment services;",
               "Invites Member States to report <script>alert('x')</script> & progress on synthetic drugs;"],
              sponsors=("Japan", "Mexico")),
        draft(2, "Women of the decent society",
              ["Recalling its earlier resolutions,",
               "Welcomes the women of the decent society initiative;"],
              body="GA", sponsors=("Mexico",)),
        draft(3, "Private draft on precursor chemicals",
              ["Noting with concern the diversion of precursor chemicals,",
               "Requests the confidential precursor working group to meet twice a year;"],
              visible_to=("delegation:12",), sponsors=("United States of America",)),
    ]


@pytest.fixture(scope="session")
def corpus_entries() -> list[IndexEntry]:
    return real_entries() + drafts()


@pytest.fixture(scope="module")
def index(tmp_path_factory, corpus_entries) -> SearchIndex:
    ix = SearchIndex(tmp_path_factory.mktemp("search"))
    ix.rebuild(corpus_entries, generation=7)
    return ix
