"""services.agreed_language: closeness from the shown diff, weak matches below the one
threshold, an empty library told apart, and the revision note of a used wording."""
from __future__ import annotations

from dataclasses import replace

from resolutions.domain.diff import word_diff
from resolutions.formats.akn_reader import read_akn
from resolutions.services import agreed_language, publications
from resolutions.services.searching import PrecedentView
from tests.conftest import SHARED_CORPUS

REAL = read_akn(SHARED_CORPUS / "akn/78/English/A_RES_78_131-2325898E.xml")[0]


def _view(ours: str, theirs: str, score: float) -> PrecedentView:
    return PrecedentView("A/RES/78/131", "OP 5", "x", "en", theirs, score, 2023, tuple(word_diff(ours, theirs)))


def test_same_words_counts_what_the_diff_keeps():
    agreed = REAL.operative[4].text
    assert agreed_language.same_words(_view(agreed, agreed, 1.0)) == 100
    words = agreed.split()
    half = " ".join(words[: len(words) // 2])
    assert 55 <= agreed_language.same_words(_view(half, agreed, 0.5)) <= 80  # 2·n/2 / (n/2 + n) ≈ 67 %
    assert agreed_language.same_words(_view("Decides to remain seized of the matter;", agreed, 0.1)) < 20


def test_empty_library_is_told_apart(session, actors):
    assert publications.library_empty(session)
    found = agreed_language.suggestions(session, actors["jp"], REAL.operative[4].text)
    assert found.results == [] and found.library_empty


def test_revision_note_names_each_paragraph_whose_source_is_new():
    used = replace(REAL, operative=(replace(REAL.operative[0], source="A/RES/77/238 OP 3"), *REAL.operative[1:]))
    note = agreed_language.revision_note("Tightened OP1", REAL, used)
    assert note == "Tightened OP1; OP1: agreed language from A/RES/77/238 OP 3"
    assert agreed_language.revision_note("", used, used) == ""  # nothing new: nothing added
