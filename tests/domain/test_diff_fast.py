"""The word diff's fast core (difflib's matcher over token codes) against the
diff-match-patch bisection it replaced, on real paragraphs reworded from one session
to the next: both texts rebuilt, no word cut, as much text kept unchanged, and faster."""
from __future__ import annotations

import time
from functools import cache

from diff_match_patch import diff_match_patch

from resolutions.domain import diff as D
from resolutions.domain.alignment import align_ids

from .corpus import one, recurring_pairs
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


def test_common_ends_by_halving_match_a_character_walk():
    cases = ["", "a", "ab", "abc", "abcd", "abcabc", "xbc", "abx", "aaaa", "aaab"]
    for a in cases:
        for b in cases:
            head = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            assert D._common_prefix(a, b) == head, (a, b)
            limit = min(len(a), len(b)) - head
            tail = next((k for k in range(limit) if a[-1 - k] != b[-1 - k]), limit)
            assert D._common_suffix(a, b, limit) == tail, (a, b)


def test_many_distinct_tokens_get_distinct_codes_past_the_table():
    # More distinct words than the precomputed code table: the slow numbering takes over.
    old = " ".join(f"w{k}" for k in range(5000))
    new = old.replace("w4999", "changed")
    ops = D.word_diff(old, new)
    assert "".join(o.text for o in ops if o.op != D.INSERT) == old
    assert "".join(o.text for o in ops if o.op != D.DELETE) == new
    assert [o for o in ops if o.op != D.EQUAL] == [D.WordOp(D.DELETE, "w4999"), D.WordOp(D.INSERT, "changed")]


def test_unchanged_paragraphs_take_the_fast_path_with_the_same_result(monkeypatch):
    """A paragraph equal on both sides is reported without a word diff, exactly as the
    word diff would report it; an edited one still goes through it."""
    for old, new in recurring_pairs()[:6]:
        aligned = align_ids(old, new)
        fast = D.diff_documents(old, aligned)
        compared = []
        real = D.word_diff

        def every(a, b, *rest):
            compared.append((a, b))
            return real(a, b, *rest)
        monkeypatch.setattr(D, "word_diff", every)
        D.diff_documents(old, aligned)
        monkeypatch.undo()
        # only the fields that differ and the paragraphs not equal to their old selves
        olds = {p.id: p for _, _, p in old.walk()}
        edited = [p for _, _, p in aligned.walk() if p.id in olds and olds[p.id] != p]
        assert len(compared) == len(fast.fields) + len(edited)
        assert len(edited) < sum(1 for _, _, p in aligned.walk() if p.id in olds)
        # The slow path for every paragraph: no paragraph equal to its old self.
        monkeypatch.setattr(D.Paragraph, "__eq__", lambda self, other: False)
        slow = D.diff_documents(old, aligned)
        monkeypatch.undo()
        assert fast == slow
        assert any(c.status == D.SAME for c in fast.paragraphs)


def test_a_long_replacement_with_a_footnote_marker_is_kept_whole_not_compared_finely(monkeypatch):
    """The fine comparison that parts a marker from its word is quadratic without
    autojunk: past FINE_LIMIT a replacement stays one deletion and one insertion, which
    still rebuild both texts and cut no word. Real case: A/RES/76/236 → A/RES/77/254."""
    before, after = one(76, "English", "236"), one(77, "English", "254")
    diff = D.diff_documents(before, align_ids(before, after))
    old, new = max(((c.old_text, c.new_text) for c in diff.paragraphs if c.status == D.CHANGED),
                   key=lambda ab: len(D._FINE_TOKEN.findall(ab[0])) * len(D._FINE_TOKEN.findall(ab[1])))
    assert len(D._FINE_TOKEN.findall(old)) * len(D._FINE_TOKEN.findall(new)) > 4 * D.FINE_LIMIT
    assert any(m in old + new for m in D.NOTE_MARKERS)
    fine = []

    class Spy(D.SequenceMatcher):
        def __init__(self, isjunk=None, a="", b="", autojunk=True):
            if not autojunk:
                fine.append(len(a) * len(b))
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(D, "SequenceMatcher", Spy)
    ops = D.word_diff(old, new)
    check_word_ops(D.ParagraphChange("p", D.CHANGED, "operative", 0, None, None, old, new, ops))
    assert max(fine, default=0) <= D.FINE_LIMIT
