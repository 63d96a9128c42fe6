"""The compare page built for long texts (#7): changes only, old and new numbers,
footnotes as footnotes, links to every change — on the UN's longest resolution."""
from __future__ import annotations

import random
import re
import time
from dataclasses import replace
from itertools import count

import pytest

from resolutions.domain import editing
from resolutions.domain.diff import ADDED, CHANGED, DELETE, DELETED, INSERT, SAME, diff_documents, tokens, word_diff
from resolutions.domain.diff_view import NEW, OLD, Gap, Marker, paragraph_views, review_rows, split_footnotes
from resolutions.domain.document import Paragraph
from resolutions.domain.footnote_markup import parse, render
from resolutions.formats import document_json
from resolutions.services import drafts
from tests.conftest import commit, draft_json
from tests.domain.corpus import one

# A/RES/77/248, Oceans and the law of the sea: 57 preambular and 393 operative
# paragraphs, 159 footnotes — the longest resolution in the corpus.
LONGEST = (77, "English", "248")
# Real wording of the next year's resolution (A/RES/78/69), typed in as a new paragraph.
NEW_OP = ("Welcomes the adoption of the Indian Ocean Rim Association Strategic Framework of Action on Marine Debris "
          "in the Indian Ocean in November 2022, and encourages the effective implementation by member States of "
          "the Indian Ocean Rim Association of the Strategic Framework to comprehensively combat marine plastic "
          "debris in the Indian Ocean;")


def retype(doc, pid, old, new):
    """Edit a paragraph as the editor does: in its inline markup, footnotes included."""
    para = doc.find(pid)
    markup = render(para.text, para.footnotes)
    assert old in markup, (pid, old)
    text, notes = parse(markup.replace(old, new, 1), keep_ids=[n.id for n in para.footnotes])
    return editing.change(doc, pid, text=text, footnotes=notes)


def negotiated(doc):
    """One round of amendments to A/RES/77/248, in the places negotiators touch."""
    doc = retype(doc, "container_5", "^[A/77/68 and A/77/331.]", "^[A/77/68, A/77/331 and A/77/331/Corr.1.]")
    doc = retype(doc, "para_62", "the Part XI Agreement;",
                 "the Agreement relating to the Implementation of Part XI of the Convention;")
    doc = editing.delete(doc, "para_71")                              # OP5 out
    doc = retype(doc, "para_82", "^[SPLOS/30/12.]", "")                # a footnote out
    doc = retype(doc, "para_103", "middle-income countries", "middle-income countries^[A/77/331.]")  # one in
    doc = editing.insert_after(doc, "para_101", Paragraph("p-new-iora", NEW_OP))
    for _ in range(2):
        doc = editing.move_down(doc, "para_64")                         # OP3 goes down
    return retype(doc, "para_5295_list_point_b", "Also notes", "Further notes")


@pytest.fixture
def longest():
    return one(*LONGEST)


@pytest.fixture
def long_draft(session, actors, longest):
    created = drafts.create(session, actors["us"], longest)
    drafts.save(session, actors["us"], created.id, 1, negotiated(created.document), "Amendments from the first reading")
    commit(session)
    return created


def paragraphs_in(page: str) -> list[str]:
    return re.findall(r'<div class="para [^"]*" id="c-([^"]+)"', page)


# --- the pure row builder ----------------------------------------------------------

def side_markup(pieces, side):
    """One side's inline markup rebuilt from the split: must be that side's own text."""
    drop = INSERT if side == OLD else DELETE
    out = []
    for piece in pieces:
        if isinstance(piece, Marker):
            out.append(f"^[{piece.note.text(side)}]" if side in piece.sides else "")
        elif piece.op != drop:
            out.append(piece.text)
    return "".join(out)


def test_every_character_lands_once_on_its_side_over_real_footnoted_paragraphs(longest):
    texts = [render(p.text, p.footnotes) for _, _, p in longest.walk() if p.footnotes]
    snippets = ["^[", "] ", "^[A/77/331.] ", "See ", "resolution 76/72 "]
    rnd = random.Random(248)
    for _ in range(600):
        old = rnd.choice(texts)
        toks = tokens(old)
        for _ in range(rnd.randint(1, 4)):  # deletions, insertions (brackets too), swaps of real words
            k, roll = rnd.randrange(len(toks)), rnd.random()
            if roll < .3:
                del toks[k]
            elif roll < .6:
                toks.insert(k, rnd.choice(snippets))
            else:
                toks[k] = rnd.choice(tokens(rnd.choice(texts)))
        new = "".join(toks)
        pieces, _ = split_footnotes(word_diff(old, new), count(1))
        assert side_markup(pieces, OLD) == old and side_markup(pieces, NEW) == new, (old, new)


def test_footnotes_changed_added_deleted_and_split():
    old = "Having considered the reports of the Secretary-General,^[A/77/68 and A/77/331.] the report"
    cases = {
        "Having considered the reports of the Secretary-General,^[A/77/68 and A/77/332.] the report": [CHANGED],
        "Having considered the reports of the Secretary-General, the report": [DELETED],
        old + "^[A/CONF.232/2022/4.]": [SAME, ADDED],
        old.replace("^[A/77/68 and A/77/331.]", "^[A/77/68.]^[A/77/331.]"): [CHANGED, ADDED],
    }
    for new, statuses in cases.items():
        pieces, notes = split_footnotes(word_diff(old, new), count(1))
        assert [n.status for n in notes] == statuses, new
        assert [n.number for n in notes] == list(range(1, len(notes) + 1))
        assert "^[" not in "".join(p.text for p in pieces if not isinstance(p, Marker))


def test_changes_only_keeps_context_and_folds_the_rest(longest):
    diff = diff_documents(longest, negotiated(longest))
    views = paragraph_views(diff)
    changed = [i for i, v in enumerate(views) if v.status != SAME]
    for context in (0, 1, 2, 5):
        rows = review_rows(diff, context)
        shown = [r for r in rows if not isinstance(r, Gap)]
        assert [v.id for v in shown if v.status != SAME] == [views[i].id for i in changed]
        for i in changed:  # each change has its context on both sides (where the document has them)
            near = {v.id for v in views[max(0, i - context):i + context + 1]}
            assert near <= {v.id for v in shown}
        gaps = [r for r in rows if isinstance(r, Gap)]
        assert all(len(g.paragraphs) > 1 and all(v.status == SAME for v in g.paragraphs) for g in gaps)
        flat = [v.id for r in rows for v in (r.paragraphs if isinstance(r, Gap) else (r,))]
        assert flat == [v.id for v in views]  # nothing lost, nothing doubled, order kept
    assert len(review_rows(diff, 2, everything=True)) == len(views)


def test_old_and_new_numbers(longest):
    views = {v.id: v for v in paragraph_views(diff_documents(longest, negotiated(longest)))}
    assert views["para_71"].label == "OP5" and views["para_71"].status == DELETED
    assert views["p-new-iora"].status == ADDED and views["p-new-iora"].label.startswith("OP")
    assert "→" not in views["p-new-iora"].label
    assert views["para_64"].label == "OP3 → OP5" and views["para_64"].status == "moved"
    assert views["para_62"].label == "OP2" and views["para_62"].status == CHANGED
    assert views["para_5295_list_point_b"].label == "OP208 (b)"


# --- the page ---------------------------------------------------------------------

def test_the_longest_resolution_opens_on_its_changes(browser_for, long_draft, longest):
    b = browser_for("us@example.org")
    start = time.perf_counter()
    page = b.get(f"/drafts/{long_draft.id}/compare?from=1&to=2").get_data(as_text=True)
    took = time.perf_counter() - start
    everything = b.get(f"/drafts/{long_draft.id}/compare?from=1&to=2&all=1").get_data(as_text=True)
    total = sum(1 for _ in longest.walk()) + 1  # one paragraph added
    assert len(paragraphs_in(everything)) == total
    # Changes only: every paragraph still there, but all unchanged runs folded in <details>.
    assert len(paragraphs_in(page)) == total
    outside = re.sub(r"<details class=\"gap\">.*?</details>", "", page, flags=re.DOTALL)
    assert len(paragraphs_in(outside)) < 60
    # The folds run from the block after a change to the block before the next one: the
    # preamble after PP6 (unchanged to its end) and everything after OP208 (b).
    last_pp, last_op = f"PP{len(longest.preamble)}", f"OP{sum(p.kind == 'paragraph' for p in longest.operative)}"
    assert f"<summary>… {len(longest.preamble) - 6} unchanged paragraphs (PP7–{last_pp})</summary>" in page
    assert re.search(rf"<summary>… \d+ unchanged paragraphs \(OP209–{last_op}\)</summary>", page)
    assert "1 added, 1 deleted, 5 changed, 1 moved" in page
    assert f'href="/drafts/{long_draft.id}/compare?all=1&amp;from=1&amp;to=2&amp;view=inline">Show all paragraphs' in page
    assert "Show changes only" in everything and '<details class="gap">' not in everything
    assert took < 2.0, f"the compare page took {took:.2f} s"


def test_every_change_is_linked_from_the_summary_and_focusable(browser_for, long_draft):
    page = browser_for("us@example.org").get(f"/drafts/{long_draft.id}/compare?from=1&to=2").get_data(as_text=True)
    links = re.findall(r'<li><a class="(\w+)" href="#(c-[^"]+)">([^<]+)</a></li>', page)
    assert [text for _, _, text in links] == [
        "PP4 changed", "OP2 changed", "OP5 deleted", "OP3 → OP5 moved", "OP7 → OP6 changed",
        "OP11 added", "OP12 changed", "OP208 (b) changed"]
    for _, target, _ in links:
        assert re.search(rf'id="{re.escape(target)}" tabindex="-1" data-change="', page), target
    assert '<div class="review-bar" hidden>' in page and "review.js" in page


def test_footnotes_are_numbered_markers_not_markup(browser_for, long_draft):
    page = browser_for("us@example.org").get(f"/drafts/{long_draft.id}/compare?from=1&to=2&all=1").get_data(as_text=True)
    assert "^[" not in page
    markers = re.findall(r'<a class="fn-ref \w+" href="#fn-(\d+)" title="Footnote \1[^"]*"><sup>\1</sup></a>', page)
    assert len(markers) == 159 + 1  # every footnote of both revisions once (one deleted, one added)
    assert [int(n) for n in markers] == list(range(1, len(markers) + 1))
    pp4 = page.split('id="c-container_5"', 1)[1].split("</div>", 1)[0]
    assert re.search(r'<li id="fn-\d+" value="\d+" class="note changed">A/77/<del>68</del><ins>68, A/77/331</ins> and '
                     r'A/77/331<ins>/Corr.1</ins>\. <span class="badge">footnote changed</span>', pp4)
    op7 = page.split('id="c-para_82"', 1)[1].split("</div>", 1)[0]
    assert re.search(r'<del><a class="fn-ref deleted" href="#fn-(\d+)" title="Footnote \1 \(deleted\): SPLOS/30/12.">', op7)
    assert '<del>SPLOS/30/12.</del> <span class="badge">footnote deleted</span>' in op7
    op13 = page.split('id="c-para_103"', 1)[1].split("</div>", 1)[0]
    assert re.search(r'<ins><a class="fn-ref added" [^>]*title="Footnote \d+ \(added\): A/77/331.">', op13)


def test_side_by_side_shows_each_side_with_its_own_numbers(browser_for, long_draft):
    page = browser_for("us@example.org").get(f"/drafts/{long_draft.id}/compare?from=1&to=2&view=side").get_data(as_text=True)
    moved = page.split('id="c-para_64"', 1)[1].split('<div class="side-row', 1)[0]
    assert '<span class="label">OP3</span>' in moved and '<span class="label">OP5</span>' in moved
    deleted = page.split('id="c-para_71"', 1)[1].split('<div class="side-row', 1)[0]
    assert '<span class="label">OP5</span>' in deleted and "not in revision 2" in deleted
    added = page.split('id="c-p-new-iora"', 1)[1].split('<div class="side-row', 1)[0]
    assert "not in revision 1" in added
    assert 'href="#fn-old-' in page and 'href="#fn-new-' in page and 'href="#fn-1"' not in page


def test_a_short_draft_shows_every_paragraph_without_a_toggle(browser_for, session, actors):
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    doc = retype(created.document, created.document.operative[0].id, "coordinated actions",
                 "coordinated actions^[See resolution 77/238.]")
    drafts.save(session, actors["us"], created.id, 1, doc)
    commit(session)
    page = browser_for("us@example.org").get(f"/drafts/{created.id}/compare?from=1&to=2").get_data(as_text=True)
    assert len(paragraphs_in(page)) == 7 and "<details class=\"gap\">" not in page
    assert "Show all paragraphs" not in page and "Show changes only" not in page
    assert 'title="Footnote 1 (added): See resolution 77/238."' in page


def test_every_user_text_is_escaped(browser_for, session, actors, longest):
    created = drafts.create(session, actors["us"], longest)
    hostile = '<script>alert(1)</script>'
    doc = retype(created.document, "para_61", "its integrity;",
                 f'its integrity {hostile};^[See "A/77/331" <img src=x onerror=alert(2)>.]')
    drafts.save(session, actors["us"], created.id, 1, doc)
    commit(session)
    b = browser_for("us@example.org")
    for view in ("inline", "side"):
        page = b.get(f"/drafts/{created.id}/compare?from=1&to=2&view={view}").get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert re.search(r'title="Footnote \d+ \(added\): See &#34;A/77/331&#34; &lt;img src=x onerror=alert\(2\)&gt;."',
                         page)


def test_field_changes_are_changes_too(browser_for, session, actors, longest):
    created = drafts.create(session, actors["us"], longest)
    drafts.save(session, actors["us"], created.id, 1, replace(created.document, title="Oceans and the law of the sea, 2023"))
    commit(session)
    page = browser_for("us@example.org").get(f"/drafts/{created.id}/compare?from=1&to=2").get_data(as_text=True)
    assert '<a class="changed" href="#c-field-title">Title changed</a>' in page
    assert 'id="c-field-title" tabindex="-1"' in page
    # No paragraph changed: one fold holds them all.
    blocks, last_op = sum(1 for _ in longest.walk()), sum(p.kind == "paragraph" for p in longest.operative)
    assert f"<summary>… {blocks} unchanged paragraphs (PP1–OP{last_op})</summary>" in page


def test_a_revision_that_accepted_a_proposal_links_back_to_it(session, actors, browser_for, circulated_view):
    from resolutions.services import proposals
    op1 = circulated_view.document.operative[0]
    made = proposals.make(session, actors["jp"], circulated_view.id, 1, "replace", op1.id,
                          "concerted actions", replaces="coordinated actions")
    proposals.decide(session, actors["us"], circulated_view.id, made.id, "accept")
    commit(session)
    page = browser_for("jp@example.org").get(f"/drafts/{circulated_view.id}/compare?from=1&to=2")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'/drafts/{circulated_view.id}/compilation#proposal-{made.id}">proposal {made.id}</a>' in html
