"""The word diff's fast core (difflib's matcher over token codes) against the
diff-match-patch bisection it replaced, on real paragraphs reworded from one session
to the next: both texts rebuilt, no word cut, as much text kept unchanged, and faster."""
from __future__ import annotations

import time
from functools import cache

from diff_match_patch import diff_match_patch

from resolutions.domain import diff as D
from resolutions.domain.alignment import align_ids

from .corpus import recurring_pairs
from .test_real_text import check_word_ops

_reference_dmp = diff_match_patch()
_reference_dmp.Diff_Timeout = 0


def reference_core(a: str, b: str) -> list[tuple[int, str]]:
    """The core used before: diff-match-patch's own minimal diff of the token codes."""
    return _reference_dmp.diff_main(a, b, False)


@cache
def changed_pairs(limit: int) -> list[tuple[str, str]]:
    """(old, new) shown texts of paragraphs kept but reworded, from the first pairs."""
    out = []
    for old, new in recurring_pairs()[:limit]:
        diff = D.diff_documents(old, align_ids(old, new))
        out += [(c.old_text, c.new_text) for c in diff.paragraphs if c.status in (D.CHANGED, D.MOVED)
                and c.old_text != c.new_text]
    return out


def kept(ops) -> int:
    return sum(len(op.text) for op in ops if op.op == D.EQUAL)


def test_fast_core_keeps_as_much_text_and_cuts_no_word(monkeypatch):
    texts = changed_pairs(25)
    assert len(texts) > 200
    fast = [D.word_diff(a, b) for a, b in texts]
    monkeypatch.setattr(D, "_token_diffs", reference_core)
    before = [D.word_diff(a, b) for a, b in texts]
    for (a, b), ops in zip(texts, fast):
        check_word_ops(D.ParagraphChange("p", D.CHANGED, "operative", 0, None, None, a, b, ops))
    # The minimal diff keeps the most; difflib's longest-match may keep a little less.
    assert sum(map(kept, fast)) >= 0.97 * sum(map(kept, before))
    same = sum(f == r for f, r in zip(fast, before))
    assert same / len(texts) > 0.6, same


def test_fast_core_is_faster_on_reworded_paragraphs(monkeypatch):
    texts = changed_pairs(25)

    def run() -> float:
        start = time.perf_counter()
        for a, b in texts:
            D.word_diff(a, b)
        return time.perf_counter() - start

    fast = min(run() for _ in range(3))
    monkeypatch.setattr(D, "_token_diffs", reference_core)
    slow = min(run() for _ in range(3))
    assert fast < slow, (fast, slow)


def test_common_ends_and_no_common_text():
    assert D._token_diffs("abcXdef", "abcYdef") == [(0, "abc"), (-1, "X"), (1, "Y"), (0, "def")]
    assert D._token_diffs("ab", "cd") == [(-1, "ab"), (1, "cd")]
    assert D._token_diffs("ab", "abc") == [(0, "ab"), (1, "c")]
    assert D._token_diffs("", "a") == [(1, "a")]
