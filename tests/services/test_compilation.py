"""The compilation text: labels against the text first circulated, statuses and brackets,
open proposals under their paragraphs, filters and counts."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from resolutions.domain.errors import InvalidDocument
from resolutions.domain.numbering import labels as clean_labels
from resolutions.formats import document_json
from resolutions.services import audit, compilation, drafts, proposal_views, proposals, sponsorship
from resolutions.services.errors import Forbidden, NotFound
from resolutions.store.tables import Notification, ParagraphState
from tests.conftest import draft_json, operative_id


@pytest.fixture
def draft(circulated_view):
    return circulated_view


_op = operative_id


def _labels(found) -> list[tuple[str, str]]:
    return [(r.label, r.status) for r in found.rows]


def test_every_paragraph_pending_with_its_label(session, actors, draft):
    found = compilation.view(session, actors["jp"], draft.id)
    assert _labels(found) == [("PP1", "pending"), ("PP2", "pending"), ("OP1", "pending"), ("OP2", "pending"),
                              ("OP2 (a)", "pending"), ("OP2 (b)", "pending"), ("OP3", "pending")]
    assert found.counts == {"pending": 7, "agreed_ad_ref": 0, "bracketed": 0, "deleted": 0}
    assert (found.revision, found.reference_revision, found.can_propose, found.can_decide) == (1, 1, True, False)


def test_bis_after_an_accepted_insertion_while_the_draft_keeps_clean_numbers(session, actors, draft):
    made = proposals.make(session, actors["mx"], draft.id, 1, "insert", _op(draft, 1),
                          "Urges Member States to share data on new psychoactive substances;")
    pending = compilation.view(session, actors["jp"], draft.id)
    assert ("OP1 bis", "proposed") in _labels(pending)
    proposed = next(r for r in pending.rows if r.status == "proposed")
    assert proposed.proposed.id == made.id and proposed.proposed.summary == "OP1 bis (Mexico)"
    proposals.decide(session, actors["us"], draft.id, made.id, "accept")
    found = compilation.view(session, actors["jp"], draft.id)
    assert [r.label for r in found.rows][2:5] == ["OP1", "OP1 bis", "OP2"]
    new = found.rows[3]
    assert new.new and new.clean_label == "OP2" and new.status == "pending"
    assert found.rows[4].clean_label == "OP3"  # OP2 in the compilation, OP3 in the draft
    doc = drafts.view(session, actors["jp"], draft.id).document
    assert list(clean_labels(doc).values())[2:5] == ["OP1", "OP2", "OP3"]  # the draft itself: clean numbering
    assert found.reference_revision == 1 and found.revision == 2


def test_before_circulation_the_reference_is_the_current_text(session, actors):
    private = drafts.create(session, actors["us"], document_json.load(draft_json(title="Private")))
    found = compilation.view(session, actors["us"], private.id)
    assert found.reference_revision == found.revision == 1 and not found.can_propose and found.can_decide
    with pytest.raises(NotFound):
        compilation.view(session, actors["jp"], private.id)


def test_open_proposals_under_their_paragraph_in_un_style(session, actors, draft):
    delete = proposals.make(session, actors["eu"], draft.id, 1, "delete", _op(draft, 3))
    proposals.support(session, actors["mx"], draft.id, delete.id)
    proposals.make(session, actors["jp"], draft.id, 1, "replace", _op(draft, 1), "joint", replaces="coordinated")
    decided = proposals.make(session, actors["mx"], draft.id, 1, "delete", _op(draft, 1))
    proposals.decide(session, actors["us"], draft.id, decided.id, "reject", note="No.")
    found = compilation.view(session, actors["sec"], draft.id)
    rows = {r.label: r for r in found.rows}
    assert [p.summary for p in rows["OP3"].proposals] == ["[delete] (EU, Mexico)"]
    assert [p.summary for p in rows["OP1"].proposals] == ["“coordinated” → “joint” (Japan)"]  # the rejected one left
    assert found.open_proposals == 2 and [p.id for p in found.decided] == [decided.id]
    assert found.delegations == ["European Union", "Japan", "Mexico"]
    assert not found.can_propose and not found.can_decide  # the Secretariat reads


def test_filters(session, actors, draft):
    proposals.make(session, actors["jp"], draft.id, 1, "delete", _op(draft, 1))
    proposals.make(session, actors["mx"], draft.id, 1, "delete", _op(draft, 3))
    proposals.make(session, actors["jp"], draft.id, 1, "insert", _op(draft, 3), "Decides to remain seized;")
    compilation.set_status(session, actors["us"], draft.id, _op(draft, 1), "agreed_ad_ref")
    mine = compilation.view(session, actors["us"], draft.id, delegation="Japan")
    assert [(r.label, [p.delegations for p in r.proposals]) for r in mine.rows] == [
        ("OP1", [("Japan",)]), ("OP3 bis", [])]
    assert mine.rows[1].proposed.delegations == ("Japan",)
    pending = compilation.view(session, actors["us"], draft.id, status="pending")
    assert "OP1" not in [r.label for r in pending.rows] and "OP3 bis" in [r.label for r in pending.rows]
    assert pending.counts["agreed_ad_ref"] == 1  # counts are over the whole text
    agreed = compilation.view(session, actors["us"], draft.id, status="agreed_ad_ref", delegation="Mexico")
    assert agreed.rows == []
    with pytest.raises(InvalidDocument):
        compilation.view(session, actors["us"], draft.id, status="closed")
    with pytest.raises(InvalidDocument):
        compilation.view(session, actors["us"], draft.id, delegation=["Japan"])


def test_statuses_are_events_in_the_history_and_notified(session, actors, draft):
    sponsorship.join(session, actors["jp"], draft.id)
    done = compilation.set_status(session, actors["us"], draft.id, _op(draft, 1), "agreed_ad_ref")
    assert (done.label, done.status, done.bracketed) == ("OP1", "agreed_ad_ref", None)
    again = compilation.set_status(session, actors["us"], draft.id, _op(draft, 1), "agreed_ad_ref")  # no change
    assert again.status == "agreed_ad_ref"
    events = [e for e in audit.of_draft(session, actors["jp"], draft.id) if e.event == "paragraph.status"]
    assert [(e.detail["label"], e.detail["status"]) for e in events] == [("OP1", "agreed_ad_ref")]
    [note] = session.scalars(select(Notification).where(Notification.kind == "status"))
    assert note.delegation_id == actors["jp"].delegation_id
    assert {k: note.detail[k] for k in ("paragraph", "label", "status")} == {
        "paragraph": _op(draft, 1), "label": "OP1", "status": "agreed_ad_ref"}
    compilation.set_status(session, actors["us"], draft.id, _op(draft, 1), "pending")
    assert compilation.view(session, actors["jp"], draft.id).counts["agreed_ad_ref"] == 0


def test_brackets_nest_and_go_stale_when_the_wording_changes(session, actors, draft):
    pid = _op(draft, 3)
    done = compilation.set_status(session, actors["us"], draft.id, pid, "bracketed",
                                  "Requests the Secretary-General to report [at its [eighty-first] session].")
    assert done.brackets == ((41, 68), (48, 60))
    row = next(r for r in compilation.view(session, actors["jp"], draft.id).rows if r.id == pid)
    assert row.paragraph.text == "Requests the Secretary-General to report [at its [eighty-first] session]."
    assert row.bracketed_markup == "Requests the Secretary-General to report [at its [eighty-first] session]."
    whole = compilation.set_status(session, actors["us"], draft.id, _op(draft, 1), "bracketed")
    assert whole.brackets == () and whole.bracketed.startswith("[Calls upon")
    current = drafts.view(session, actors["us"], draft.id)
    doc = current.document
    changed = doc.with_changes(operative=doc.operative[:2] + (
        dataclasses.replace(doc.operative[2], text="Requests the Secretary-General to report at its next session."),))
    drafts.save(session, actors["us"], draft.id, 1, changed)
    row = next(r for r in compilation.view(session, actors["jp"], draft.id).rows if r.id == pid)
    assert row.status_stale and row.status == "bracketed"  # set on other words: the whole paragraph shows bracketed
    assert row.paragraph.text.startswith("[Requests") and row.paragraph.text.endswith("session.]")


@pytest.mark.parametrize("args, error", [
    (("op", "agreed_ad_ref"), Forbidden),
    (("us", "closed"), InvalidDocument),
    (("us", "agreed_ad_ref", "text [x]"), InvalidDocument),
    (("us", "bracketed", "Requests [the Secretary-General] to report at its eighty-second session."), InvalidDocument),
    (("us", "bracketed", "Requests [the Secretary-General to report at its eighty-first session."), InvalidDocument),
])
def test_status_refusals(session, actors, draft, args, error):
    who, status, *text = args
    actor = actors["jp"] if who == "op" else actors[who]
    with pytest.raises(error):
        compilation.set_status(session, actor, draft.id, _op(draft, 3), status, *text)


def test_a_missing_paragraph_and_the_deleted_status(session, actors, draft):
    with pytest.raises(InvalidDocument):
        compilation.set_status(session, actors["us"], draft.id, "nope", "deleted")
    with pytest.raises(InvalidDocument):
        compilation.set_status(session, actors["us"], draft.id, ["x"], "deleted")
    compilation.set_status(session, actors["us"], draft.id, _op(draft, 3), "deleted")
    found = compilation.view(session, actors["jp"], draft.id)
    assert found.counts["deleted"] == 1
    assert _op(draft, 3) in drafts.view(session, actors["jp"], draft.id).document.paragraph_ids()  # marked only


def test_proposals_whose_paragraph_left_the_text_are_listed_apart(session, actors, draft):
    made = proposals.make(session, actors["jp"], draft.id, 1, "replace", _op(draft, 1), "joint",
                          replaces="coordinated")
    gone = proposals.make(session, actors["mx"], draft.id, 1, "insert", _op(draft, 1), "Urges States;")
    current = drafts.view(session, actors["us"], draft.id)
    doc = current.document
    drafts.save(session, actors["us"], draft.id, 1, doc.with_changes(operative=doc.operative[1:]))
    found = compilation.view(session, actors["jp"], draft.id)
    assert [p.id for p in found.orphans] == [made.id, gone.id]
    assert all(p.outdated and p.label == "OP1" for p in found.orphans)
    assert "OP1" not in [r.label for r in found.rows]


# --- regressions ---------------------------------------------------------------------------

def _row(session, actor, draft_id, pid):
    return next(r for r in compilation.view(session, actor, draft_id).rows if r.id == pid)


@pytest.mark.parametrize("status, shown", [("agreed_ad_ref", "agreed ad ref — wording changed since"),
                                           ("deleted", "deleted — wording changed since")])
def test_every_status_goes_stale_when_the_wording_changes(session, actors, draft, status, shown):
    pid = _op(draft, 3)
    compilation.set_status(session, actors["us"], draft.id, pid, status)
    assert not _row(session, actors["jp"], draft.id, pid).status_stale
    doc = drafts.view(session, actors["us"], draft.id).document
    drafts.save(session, actors["us"], draft.id, 1, doc.with_changes(operative=doc.operative[:2] + (
        dataclasses.replace(doc.operative[2], text="Requests the Secretary-General to report at its next session."),)))
    found = compilation.view(session, actors["jp"], draft.id)
    row = next(r for r in found.rows if r.id == pid)
    assert (row.status, row.status_stale, row.status_shown) == (status, True, shown)
    assert found.counts[status] == 1 and found.stale[status] == 1  # counted under its status, and flagged
    compilation.set_status(session, actors["us"], draft.id, pid, status)  # the penholder confirms it
    again = compilation.view(session, actors["jp"], draft.id)
    assert not next(r for r in again.rows if r.id == pid).status_stale and again.stale[status] == 0


def test_accepting_a_proposal_on_an_agreed_paragraph_makes_its_status_stale(session, actors, draft):
    pid = _op(draft, 1)
    compilation.set_status(session, actors["us"], draft.id, pid, "agreed_ad_ref")
    made = proposals.make(session, actors["jp"], draft.id, 1, "replace", pid, "joint", replaces="coordinated")
    proposals.decide(session, actors["us"], draft.id, made.id, "accept")
    row = _row(session, actors["jp"], draft.id, pid)
    assert row.markup == "Calls upon Member States to carry out joint actions at all levels;"
    assert (row.status, row.status_stale) == ("agreed_ad_ref", True)


@pytest.mark.parametrize("stored", [5, "[[41, 68]]", [[41]], [[41, 68, 3]], [[None, 68]], [["a", "b"]], [41, 68],
                                    {"41": 68}, [[True, 68]], [[68, 41]], [[0, 10_000]]])
def test_a_malformed_stored_bracket_row_is_no_brackets_and_is_set_afresh(session, actors, draft, stored):
    pid = _op(draft, 3)
    compilation.set_status(session, actors["us"], draft.id, pid, "bracketed",
                           "Requests the Secretary-General to report [at its eighty-first session].")
    state = session.scalar(select(ParagraphState).where(ParagraphState.paragraph_id == pid))
    state.brackets = stored  # as a bad restore or a hand edit could leave it
    session.flush()
    row = _row(session, actors["jp"], draft.id, pid)
    assert row.brackets == () and row.paragraph.text.startswith("[Requests")  # the whole paragraph
    done = compilation.set_status(session, actors["us"], draft.id, pid, "bracketed",
                                  "Requests the Secretary-General to report [at its eighty-first session].")
    assert done.brackets == ((41, 68),)
    assert _row(session, actors["jp"], draft.id, pid).brackets == ((41, 68),)
    assert compilation.set_status(session, actors["us"], draft.id, pid, "agreed_ad_ref").status == "agreed_ad_ref"


def test_the_compilation_shows_the_most_recent_decided_proposals(session, actors, draft, monkeypatch):
    monkeypatch.setattr(proposal_views, "RECENT_DECIDED", 2)
    made = [proposals.make(session, actors["jp" if n % 2 else "mx"], draft.id, 1, "insert", _op(draft, 1), text)
            for n, text in enumerate(("Urges Member States to share data on new psychoactive substances;",
                                      "Decides to remain seized of the matter;",
                                      "Encourages Member States to strengthen early warning systems;"))]
    for p in made:
        proposals.decide(session, actors["us"], draft.id, p.id, "reject")
    found = compilation.view(session, actors["jp"], draft.id)
    assert [p.id for p in found.decided] == [made[2].id, made[1].id] and found.decided_total == 3
    japan = compilation.view(session, actors["jp"], draft.id, delegation="Japan")
    assert [p.id for p in japan.decided] == [made[1].id] and japan.decided_total == 1
    assert compilation.view(session, actors["jp"], draft.id).rows[2].label == "OP1"
