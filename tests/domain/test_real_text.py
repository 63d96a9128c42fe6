"""The domain rules against real resolutions: what the UN printed is the expected value.

- numbering: the numbers and subparagraph marks computed from position equal the UN's own
  ``num`` elements;
- openings: the phrases ``openings.detect`` puts in italics equal the UN's italic spans
  across the English resolutions of session 78 (which played no part in choosing the
  phrases of data/openings.toml: those come from sessions 75–77);
- the sponsor line built from the UN's metadata equals the line the UN printed;
- a diff between two successive years of the same resolution aligns most paragraphs, and
  no word change cuts through a word.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from resolutions.domain.alignment import align_ids, pair_paragraphs, similarity
from resolutions.domain.diff import ADDED, CHANGED, DELETE, DELETED, INSERT, MOVED, SAME, diff_documents
from resolutions.domain.document import Document, Paragraph
from resolutions.domain.numbering import labels, marks
from resolutions.domain.openings import detect
from resolutions.domain.sponsors import join_names, sort_key, sponsor_line

from .corpus import AKN_NS, metadata, one, path, read, recurring_pairs, session_documents, xml



def un_numbers(file) -> dict[str, str]:
    """eId → the UN's own number of every paragraph and point that has one."""
    out = {}
    for el in xml(file).iter():
        if el.tag in (f"{AKN_NS}paragraph", f"{AKN_NS}point") and el.get("eId"):
            num = el.find(f"{AKN_NS}num")
            if num is not None and "".join(num.itertext()).strip():
                out[el.get("eId")] = " ".join("".join(num.itertext()).split())
    return out


# -- numbering


def test_operative_numbers_of_78_131_are_the_uns():
    doc = one(78, "English", "131")
    printed = marks(doc)
    un = un_numbers(path(78, "English", "131"))
    assert [printed[p.id] for p in doc.operative] == [un[p.id] for p in doc.operative] == \
        [f"{n}." for n in range(1, 10)]
    assert all(printed[p.id] == "" for p in doc.preamble)
    names = labels(doc)
    assert [names[p.id] for p in doc.preamble][:3] == ["PP1", "PP2", "PP3"]
    assert names[doc.preamble[-1].id] == "PP18"
    assert names[doc.operative[-1].id] == "OP9"


@pytest.mark.parametrize("session, number", [(78, "181"), (78, "218"), (78, "217"), (75, "325")])
def test_subparagraph_marks_are_the_uns(session, number):
    # 78/181 runs (a) … (z), (aa) …, with an (i) the UN's markup put one level down;
    # 78/218 and 75/325 have (i), (ii) under a letter; 78/217 has 44 points.
    file = path(session, "English", number)
    doc = read(file)[0]
    un = un_numbers(file)
    printed = marks(doc)
    compared = [(pid, printed[pid], un[pid]) for _, depth, p in doc.walk() if depth and (pid := p.id) in un]
    assert len(compared) >= 8
    assert [(pid, ours) for pid, ours, _ in compared] == [(pid, theirs) for pid, _, theirs in compared]
    assert any(ours == "(i)" for _, ours, _ in compared)


def test_numbers_and_marks_agree_with_the_un_across_session_78():
    agree = total = 0
    for file, doc in session_documents(78):
        un = un_numbers(file)
        printed = marks(doc)
        for section, _, para in doc.walk():
            if section == "operative" and para.id in un:
                total += 1
                agree += printed[para.id] == un[para.id]
    # Measured 97.0% of 7,992. The rest are texts the model cannot number the UN's way:
    # budget resolutions whose sections restart at 1. (78/253), lists numbered 1., 2.
    # instead of (a), (b) (78/223), quoted articles with their own numbers (78/248).
    assert total > 7500
    assert agree / total >= 0.96, f"{agree}/{total}"


# -- opening phrases


def english_78_paragraphs():
    for _, doc in session_documents(78):
        for section in ("preamble", "operative"):
            for para in doc.section(section):
                if para.kind == "paragraph":   # headings, tables and text blocks have no numbered opening
                    yield section, para


def test_opening_detection_agrees_with_the_uns_italics_across_session_78():
    agree = total = 0
    misses = Counter()
    for section, para in english_78_paragraphs():
        found = detect(para.text, section).length
        total += 1
        if found == para.opening_length:
            agree += 1
        else:
            misses[section, para.text[:para.opening_length], para.text[:found]] += 1
    rate = agree / total
    # Measured: 99.45% of 13,220 paragraphs (was 88.9% with the first hand-made list).
    # What is left is mostly the UN disagreeing with itself ("Noting in this regard" is
    # italic to the end about half the time; "Reaffirming its commitment" both ways).
    assert total > 13000
    assert rate >= 0.99, (f"{agree}/{total}", misses.most_common(10))


@pytest.mark.parametrize("section, text, opening", [
    ("operative", "Takes note of the report of the Secretary-General;", "Takes note"),
    ("operative", "Stresses the importance of international cooperation;", "Stresses"),
    ("operative", "Encourages further efforts by Member States;", "Encourages"),
    ("operative", "Also encourages Member States to continue;", "Also encourages"),
    ("operative", "Notes with appreciation the work of the Commission;", "Notes with appreciation"),
    ("operative", "Calls upon all States to act;", "Calls upon"),
    ("operative", "Also appropriates the amount of 1,000 dollars;", "Also appropriates"),
    ("preamble", "Guided by the purposes and principles of the Charter,", "Guided"),
    ("preamble", "Recalling further its resolution 77/238,", "Recalling further"),
    ("preamble", "Noting with concern also the findings,", "Noting with concern also"),
    ("preamble", "Bearing in mind that the Ministerial Declaration,", "Bearing in mind"),
    ("preamble", "Deeply convinced that cooperation matters,", "Deeply convinced"),
    ("preamble", "Stressing with grave concern the increase,", "Stressing with grave concern"),
])
def test_openings_the_un_way(section, text, opening):
    assert text[:detect(text, section).length] == opening


def test_usual_openings_are_known_and_unusual_ones_are_not():
    assert detect("Expresses its gratitude to the Government;", "operative").known
    assert detect("Reaffirming also its commitment,", "preamble").known
    unusual = detect("Frobnicating the matter,", "preamble")
    assert (unusual.length, unusual.known) == (len("Frobnicating"), False)


# -- sponsors

SMALL_WORDS = {"of", "and", "the", "da", "de"}
# Where the UN's short name is not the metadata's upper-case name in title case.
SHORT_NAMES = {"UNITED STATES": "United States of America"}


def un_case(name: str) -> str:
    """ "REPUBLIC OF KOREA" → "Republic of Korea", "TÜRKIYE" → "Türkiye"."""
    if name in SHORT_NAMES:
        return SHORT_NAMES[name]

    def word(match: re.Match) -> str:
        w = match.group().lower()
        return w if match.start() and w in SMALL_WORDS else w[:1].upper() + w[1:]

    return re.sub(r"[^\W\d_]+(?:[’'][^\W\d_]+)?", word, name)


def printed_sponsors(file, outcome: str) -> str:
    step = next(s for s in xml(file).iter(f"{AKN_NS}step") if s.get("outcome") == outcome)
    return step.get("by")


def test_sponsor_line_of_78_131_is_the_one_the_un_printed():
    facts = metadata(78)["A/RES/78/131"]
    file = path(78, "English", "131")
    sponsors = [un_case(n) for n in facts["sponsors"]]
    assert sponsors[-1] == "United States of America"
    line = sponsor_line(sponsors)
    assert line == printed_sponsors(file, "draftResolution") + ": draft resolution"
    assert line == ("Albania, Japan, Jordan, Montenegro, North Macedonia and United States of America: "
                    "draft resolution")
    joined = join_names(un_case(n) for n in facts["additional_sponsors"])
    assert joined == printed_sponsors(file, "draftResolutionAdditionalSponsors")
    for names in (line.removesuffix(": draft resolution"), joined):
        assert ", and " not in names                       # no serial comma
        listed = re.split(r", | and (?=[^,]*$)", names)
        assert listed == sorted(listed, key=sort_key)      # alphabetical
    assert "Republic of Korea, Thailand and Türkiye" in joined   # Türkiye among the Ts


def test_sponsor_line_ignores_order_case_and_accents_of_the_input():
    shuffled = ["TÜRKIYE", "austria", "Afghanistan", "Côte d’Ivoire", "CYPRUS"]
    assert join_names(shuffled) == "Afghanistan, austria, Côte d’Ivoire, CYPRUS and TÜRKIYE"


def test_observer_states_come_last_as_the_un_prints_them():
    facts = metadata(78)["A/RES/78/73"]
    line = sponsor_line(un_case(n) for n in facts["sponsors"])
    assert line == printed_sponsors(path(78, "English", "73"), "draftResolution") + ": draft resolution"


# -- a diff across two years of the same resolution


def cut_words(text: str, boundaries: list[int]) -> list[int]:
    """The boundaries that fall between two characters of one word."""
    def inner(c):
        return c.isalnum() or c == "_"
    return [b for b in boundaries if 0 < b < len(text) and inner(text[b - 1]) and inner(text[b])]


def check_word_ops(change) -> None:
    """The ops rebuild both texts, and every boundary between ops is a word boundary."""
    old_text = "".join(op.text for op in change.ops if op.op != INSERT)
    new_text = "".join(op.text for op in change.ops if op.op != DELETE)
    assert old_text == change.old_text and new_text == change.new_text
    old_at = new_at = 0
    old_cuts, new_cuts = [], []
    for op in change.ops:
        if op.op != INSERT:
            old_at += len(op.text)
        if op.op != DELETE:
            new_at += len(op.text)
        old_cuts.append(old_at)
        new_cuts.append(new_at)
    assert not cut_words(old_text, old_cuts), (change.id, change.old_text)
    assert not cut_words(new_text, new_cuts), (change.id, change.new_text)


def test_the_right_to_development_77_212_to_78_203():
    old = next(d for d in read(path(77, "English", "212")))
    new = one(78, "English", "203")
    assert old.title == new.title == "The right to development"
    aligned = align_ids(old, new)
    # Only ids change: text, footnotes and order stay.
    assert [(p.text, p.footnotes) for _, _, p in aligned.walk()] == [(p.text, p.footnotes) for _, _, p in new.walk()]
    diff = diff_documents(old, aligned)
    status = Counter(p.status for p in diff.paragraphs)
    kept = status[SAME] + status[CHANGED] + status[MOVED]
    assert kept / sum(1 for _ in new.walk()) >= 0.9, status
    assert status[SAME] > 50 and status[CHANGED] > 10
    for change in diff.paragraphs:
        if change.status in (CHANGED, MOVED):
            check_word_ops(change)
    # Without alignment the two files' ids are unrelated: position-derived eIds pair
    # paragraphs that have nothing to do with each other.
    raw = diff_documents(old, new)
    assert Counter(p.status for p in raw.paragraphs)[SAME] < status[SAME] / 2


def test_successive_years_align_and_no_change_cuts_a_word():
    pairs = recurring_pairs()
    assert len(pairs) > 150
    status: Counter = Counter()
    changed = 0
    for old, new in pairs:
        diff = diff_documents(old, align_ids(old, new))
        status.update(p.status for p in diff.paragraphs)
        for change in diff.paragraphs:
            if change.status in (CHANGED, MOVED):
                changed += 1
                check_word_ops(change)
    kept = status[SAME] + status[CHANGED] + status[MOVED]
    # Measured over 162 pairs: 4,782 same, 2,633 changed, 55 moved, 758 added, 384 deleted.
    assert kept / (kept + status[ADDED]) >= 0.85, status
    assert status[DELETED] < status[SAME] / 5, status
    assert changed > 2000


def test_alignment_pairs_by_wording_and_order():
    a = [Paragraph("a", "Recalling its resolution 77/1 on the matter,"),
         Paragraph("b", "Noting the report of the Secretary-General,"),
         Paragraph("c", "Welcoming the progress made,")]
    b = [Paragraph("x", "Recalling its resolutions 77/1 and 78/2 on the matter,"),
         Paragraph("y", "Deeply concerned about the lack of funding,"),
         Paragraph("z", "Noting with appreciation the report of the Secretary-General,")]
    assert pair_paragraphs(a, b) == [(0, 0), (1, 2)]
    assert similarity("the same words", "words the same") == 1.0
    old = Document("GA", 77, "T", preamble=tuple(a))
    new = align_ids(old, Document("GA", 78, "T", preamble=tuple(b)))
    assert [p.id for p in new.preamble] == ["a", "y", "b"]
    # A new paragraph whose own id the old text uses elsewhere gets a fresh one.
    clash = align_ids(old, Document("GA", 78, "T", preamble=(Paragraph("c", "Something else entirely,"),)))
    assert clash.preamble[0].id not in ("a", "b", "c")


def test_a_moved_paragraph_is_reported_as_moved():
    texts = ["Decides to convene a high-level meeting in 2025;",
             "Requests the Secretary-General to report on implementation;",
             "Invites Member States to contribute to the trust fund;",
             "Encourages cooperation with regional organizations and civil society;"]
    a = tuple(Paragraph(f"p{i}", t) for i, t in enumerate(texts))
    # The last paragraph moves to the top; the new text's ids are its own.
    moved = tuple(Paragraph(f"n{i}", t) for i, t in enumerate(texts[3:] + texts[:3]))
    old = Document("GA", 77, "T", operative=a)
    new = align_ids(old, Document("GA", 78, "T", operative=moved))
    diff = diff_documents(old, new)
    assert Counter(p.status for p in diff.paragraphs) == Counter({SAME: 3, MOVED: 1})
