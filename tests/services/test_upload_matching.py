"""Which Word files are copies of a draft, and no change the file does not make (issue #8,
delegate trial: a copy of another draft became two deletions nobody made). Real texts."""
from __future__ import annotations

from dataclasses import replace
from itertools import permutations

import pytest

from resolutions.domain.alignment import align_ids
from resolutions.domain.document import new_id
from resolutions.domain.errors import InvalidDocument
from resolutions.formats.docx_writer import write_docx
from resolutions.services import drafts, uploads
from tests.conftest import commit
from tests.domain import corpus
from tests.services.word_edits import WordEdits

SECRET = "test-secret"
DRUGS_AND_CRIME_78 = ("131", "223", "225", "226", "284")   # session 78's resolutions on drugs and crime


def circulated(session, actor, doc):
    created = drafts.create(session, actor, doc.with_changes(symbol=None))
    drafts.set_status(session, actor, created.id, "circulated")
    commit(session)
    return drafts.view(session, actor, created.id)


def test_a_copy_of_another_draft_is_refused(session, actors):
    """The trial: Japan uploads, on one drug resolution, the edited export of another."""
    mine = circulated(session, actors["us"], corpus.one(78, "English", "284"))
    other = circulated(session, actors["mx"], corpus.one(78, "English", "131"))
    data = (WordEdits(write_docx(other.document, [other.penholder]))
            .replace("Taro YAMADA", "comprehensive, balanced,", "comprehensive, balanced, integrated,")
            .delete_paragraph("Taro YAMADA", "Encourages enhanced cooperation and collaboration")
            .insert_paragraph("Japan", "Calls upon Member States to continue to advance", "Decides to remain seized.")
            .replace("Mexico Delegate", "grave concern", "concern")
            .bytes())
    with pytest.raises(InvalidDocument, match=r"the file is not a copy of this draft: with its tracked changes "
                                              r"rejected, it has 0 of the 37 paragraphs of revision 1, give or "
                                              r"take a few words, and a copy has at least 80% of them"):
        uploads.read_partner_file(session, actors["jp"], mine.id, data, "other.docx", SECRET)


def test_no_other_resolution_on_the_topic_passes_for_a_copy():
    """Each of session 78's resolutions on drugs and crime, as the file of each other one."""
    texts = {n: corpus.one(78, "English", n) for n in DRUGS_AND_CRIME_78}
    for a, b in permutations(DRUGS_AND_CRIME_78, 2):
        with pytest.raises(InvalidDocument, match="not a copy"):
            uploads._require_copy(texts[a], align_ids(texts[a], texts[b]), 1, "1")


def retyped(doc, rewritten: int):
    """``doc`` as a partner's own file has it: straight quotes and a fresh set of ids, with
    the first ``rewritten`` operative paragraphs rewritten without Track Changes."""
    ops = tuple(replace(p, text=("Decides to consider the matter at a later session, in the light of "
                                     "developments;") if i < rewritten else p.text.replace("’", "'"))
                for i, p in enumerate(doc.operative))
    plain = doc.with_changes(preamble=tuple(replace(p, text=p.text.replace("’", "'")) for p in doc.preamble),
                             operative=ops)
    return align_ids(doc, plain)


def test_a_retyped_copy_passes_with_a_few_paragraphs_rewritten():
    """A/RES/78/131 (27 paragraphs): four rewritten (85% left) is a copy, six (78%) is not."""
    doc = corpus.one(78, "English", "131")
    uploads._require_copy(doc, retyped(doc, 4), 1, "1")
    with pytest.raises(InvalidDocument, match="it has 21 of the 27 paragraphs of revision 1"):
        uploads._require_copy(doc, retyped(doc, 6), 1, "1")


def fresh(p):
    """``p`` with ids of its own (two resolutions of the corpus may share some)."""
    return replace(p, id=new_id(), footnotes=tuple(replace(n, id=new_id()) for n in p.footnotes),
                   subparagraphs=tuple(fresh(s) for s in p.subparagraphs))


def test_a_longer_file_holding_the_draft_makes_no_phantom_deletions(session, actors):
    """The file is Mexico's draft, which holds all of this draft's text and more paragraphs
    of its own (its bookmarks, not ours): one changed paragraph is one change, and the
    paragraphs matched by wording are not deleted and added again."""
    doc = corpus.one(78, "English", "131")
    extra = corpus.one(78, "English", "284")
    mine = circulated(session, actors["us"], doc)
    longer = circulated(session, actors["mx"], doc.with_changes(
        preamble=tuple(map(fresh, doc.preamble + extra.preamble)),
        operative=tuple(map(fresh, doc.operative + extra.operative))))
    data = (WordEdits(write_docx(longer.document, [longer.penholder]))
            .replace("Taro YAMADA (Japan)", "comprehensive, balanced,", "comprehensive, balanced, integrated,")
            .bytes())
    found = uploads.read_partner_file(session, actors["jp"], mine.id, data, "longer.docx", SECRET)
    assert [(c.kind, c.label, c.author) for c in found.changes] == [("replace", "OP3", "Taro YAMADA (Japan)")]
    assert found.changes[0].paragraph_id == mine.document.operative[2].id


def test_a_paragraph_is_deleted_only_by_an_author_who_deletes():
    doc = corpus.one(78, "English", "131")
    gone = doc.operative[4]
    edited = doc.with_changes(operative=tuple(p for p in doc.operative if p.id != gone.id))
    found, notes = uploads._changes_of(doc, doc, edited, "Jane Doe", 0, deletes=False)
    assert found == [] and notes == ["Jane Doe: OP5 does not read in the file with their changes, but they deleted "
                                     "nothing: not proposed for deletion"]
    found, notes = uploads._changes_of(doc, doc, edited, "Jane Doe", 0, deletes=True)
    assert [(c.kind, c.paragraph_id) for c in found] == [("delete", gone.id)] and notes == []
