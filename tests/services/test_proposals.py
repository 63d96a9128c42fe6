"""Proposals by delegations and the penholder's decisions, through the use cases."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select, update

from resolutions.domain.errors import InvalidDocument
from resolutions.formats import document_json
from resolutions.services import audit, drafts, proposal_views, proposals
from resolutions.services.errors import Conflict, Forbidden, NotFound
from resolutions.store.tables import Draft, Notification, Proposal
from tests.conftest import draft_json, operative_id


@pytest.fixture
def draft(circulated_view):
    return circulated_view


_op = operative_id


def _notes(session, kind: str) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.kind == kind).order_by(Notification.id)))


def _edit(session, actor, draft_id, pid, text):
    current = drafts.view(session, actor, draft_id)
    doc = current.document

    def change(items):
        return tuple(dataclasses.replace(p, text=text) if p.id == pid else
                     dataclasses.replace(p, subparagraphs=change(p.subparagraphs)) for p in items)
    edited = doc.with_changes(operative=change(doc.operative))
    return drafts.save(session, actor, draft_id, current.current_revision, edited)


def test_a_delegation_proposes_on_the_revision_it_reads(session, actors, draft):
    made = proposals.make(session, actors["jp"], draft.id, 1, "delete", _op(draft, 1), note="Covered by OP3.")
    assert (made.status, made.delegations, made.label, made.base_revision) == ("open", ("Japan",), "OP1", 1)
    assert made.paragraph_text == draft.document.operative[0].text and not made.outdated
    assert made.summary == "[delete] (Japan)" and made.note == "Covered by OP3."
    [event] = [e for e in audit.of_draft(session, actors["us"], draft.id) if e.event == "proposal.made"]
    assert event.detail["proposal"] == made.id and event.detail["label"] == "OP1"
    [note] = _notes(session, "proposal")  # the penholder hears of it
    assert note.delegation_id == actors["us"].delegation_id
    assert note.detail["proposal"] == made.id and note.detail["label"] == "OP1"


def test_others_join_and_leave_a_proposal(session, actors, draft):
    made = proposals.make(session, actors["eu"], draft.id, 1, "delete", _op(draft, 1))
    joined = proposals.support(session, actors["jp"], draft.id, made.id)
    assert joined.delegations == ("European Union", "Japan")
    assert joined.summary == "[delete] (EU, Japan)"
    with pytest.raises(Conflict):  # already in it
        proposals.support(session, actors["jp"], draft.id, made.id)
    with pytest.raises(Forbidden):  # the penholder decides proposals, it does not join them
        proposals.support(session, actors["us"], draft.id, made.id)
    with pytest.raises(Forbidden):  # Mexico does not make it
        proposals.withdraw(session, actors["mx"], draft.id, made.id)
    left = proposals.withdraw(session, actors["eu"], draft.id, made.id)
    assert (left.status, left.delegations) == ("open", ("Japan",))
    gone = proposals.withdraw(session, actors["jp"], draft.id, made.id)
    assert gone.status == "withdrawn"
    with pytest.raises(Conflict):
        proposals.support(session, actors["mx"], draft.id, made.id)


def test_who_may_propose(session, actors, draft):
    with pytest.raises(Forbidden):
        proposals.make(session, actors["sec"], draft.id, 1, "delete", _op(draft, 1))
    private = drafts.create(session, actors["us"], document_json.load(draft_json(title="Private")))
    pid = private.document.operative[0].id
    with pytest.raises(NotFound):
        proposals.make(session, actors["jp"], private.id, 1, "delete", pid)
    with pytest.raises(Forbidden):  # not even the penholder before circulation
        proposals.make(session, actors["us"], private.id, 1, "delete", pid)


@pytest.mark.parametrize("fields, error", [
    ({"base_revision": 9}, NotFound), ({"base_revision": "1"}, InvalidDocument),
    ({"base_revision": True}, InvalidDocument),
    ({"kind": "amend"}, InvalidDocument), ({"paragraph": "nope"}, InvalidDocument), ({"paragraph": 3}, InvalidDocument),
    ({"kind": "replace", "text": None}, InvalidDocument), ({"kind": "replace", "text": "  "}, InvalidDocument),
    ({"kind": "delete", "text": "why"}, InvalidDocument), ({"kind": "insert", "text": "x", "position": "before"},
                                                           InvalidDocument),
    ({"kind": "delete", "position": "after"}, InvalidDocument), ({"kind": "delete", "replaces": "x"}, InvalidDocument),
    ({"kind": "replace", "text": "joint", "replaces": "at"}, InvalidDocument),  # "at" occurs twice
    ({"kind": "replace", "text": "x", "note": "n" * 2001}, InvalidDocument),
])
def test_refusals_name_the_field(session, actors, draft, fields, error):
    args = {"base_revision": 1, "kind": "delete", "paragraph": _op(draft, 1), "text": None, **fields}
    with pytest.raises(error):
        proposals.make(session, actors["jp"], draft.id, args["base_revision"], args["kind"], args["paragraph"],
                       args["text"], position=args.get("position"), replaces=args.get("replaces"),
                       note=args.get("note"))


def test_a_proposal_that_changes_nothing_or_repeats_another_is_refused(session, actors, draft):
    with pytest.raises(InvalidDocument) as same:
        proposals.make(session, actors["jp"], draft.id, 1, "replace", _op(draft, 1), draft.document.operative[0].text)
    assert "changes nothing" in same.value.message
    made = proposals.make(session, actors["jp"], draft.id, 1, "delete", _op(draft, 1))
    with pytest.raises(Conflict) as twin:
        proposals.make(session, actors["mx"], draft.id, 1, "delete", _op(draft, 1))
    assert f"proposal {made.id}" in twin.value.message and "join it" in twin.value.message


def test_accepting_makes_a_revision_that_names_the_proposal(session, actors, draft):
    made = proposals.make(session, actors["eu"], draft.id, 1, "delete", _op(draft, 1))
    proposals.support(session, actors["jp"], draft.id, made.id)
    with pytest.raises(Forbidden):
        proposals.decide(session, actors["jp"], draft.id, made.id, "accept")
    decided = proposals.decide(session, actors["us"], draft.id, made.id, "accept", note="Agreed in informals.")
    assert (decided.status, decided.decided_revision, decided.decision_note) == ("accepted", 2, "Agreed in informals.")
    now = drafts.view(session, actors["us"], draft.id)
    assert _op(draft, 1) not in now.document.paragraph_ids()
    assert now.revision.message == f"Accepted proposal {made.id} (European Union, Japan): delete OP1"
    with pytest.raises(Conflict):  # a decision is final
        proposals.decide(session, actors["us"], draft.id, made.id, "reject")
    told = _notes(session, "decision")
    assert sorted(n.delegation_id for n in told) == sorted([actors["eu"].delegation_id, actors["jp"].delegation_id])
    expected = {"proposal": made.id, "decision": "accept", "revision": 2, "paragraph": _op(draft, 1), "label": "OP1",
                "with_changes": False}
    assert {k: told[0].detail.get(k) for k in expected} == expected
    [event] = [e for e in audit.of_draft(session, actors["us"], draft.id) if e.event == "proposal.decided"]
    assert event.detail["revision"] == 2 and event.detail["decision"] == "accept"


def test_accept_with_changes_puts_the_penholders_text_in(session, actors, draft):
    made = proposals.make(session, actors["jp"], draft.id, 1, "replace", _op(draft, 1), "joint",
                          replaces="coordinated")
    assert made.result == "Calls upon Member States to carry out joint actions at all levels;"
    compromise = "Calls upon Member States to carry out joint and coordinated actions at all levels;"
    decided = proposals.decide(session, actors["us"], draft.id, made.id, "accept", compromise)
    assert decided.decision_text == compromise
    now = drafts.view(session, actors["us"], draft.id)
    assert now.document.operative[0].text == compromise
    assert now.revision.message == f"Accepted proposal {made.id} with changes (Japan): replace 'coordinated' in OP1"
    assert _notes(session, "decision")[0].detail["with_changes"] is True


def test_an_accepted_insertion_lands_where_it_was_proposed(session, actors, draft):
    after = proposals.make(session, actors["mx"], draft.id, 1, "insert", _op(draft, 1),
                           "Urges Member States to share data on new psychoactive substances;")
    inside = proposals.make(session, actors["mx"], draft.id, 1, "insert", _op(draft, 2),
                            "Exchange best practices;", position="inside")
    assert (after.new_label, inside.new_label) == ("OP1 bis", "OP2 (b) bis")
    proposals.decide(session, actors["us"], draft.id, after.id, "accept")
    proposals.decide(session, actors["us"], draft.id, inside.id, "accept")
    doc = drafts.view(session, actors["us"], draft.id).document
    assert doc.operative[1].id == after.new_paragraph_id
    assert doc.operative[2].subparagraphs[-1].text == "Exchange best practices;"
    assert drafts.view(session, actors["us"], draft.id).revision.message.endswith(
        "insert OP2 (b) bis inside OP2")


def test_reject_keeps_the_text(session, actors, draft):
    made = proposals.make(session, actors["jp"], draft.id, 1, "delete", _op(draft, 3))
    with pytest.raises(InvalidDocument):
        proposals.decide(session, actors["us"], draft.id, made.id, "reject", "some text")
    with pytest.raises(InvalidDocument):
        proposals.decide(session, actors["us"], draft.id, made.id, "maybe")
    decided = proposals.decide(session, actors["us"], draft.id, made.id, "reject", note="The report is needed.")
    assert (decided.status, decided.decided_revision) == ("rejected", None)
    assert drafts.view(session, actors["us"], draft.id).current_revision == 1


def test_carried_forward_or_outdated(session, actors, draft):
    on_op1 = proposals.make(session, actors["jp"], draft.id, 1, "replace", _op(draft, 1), "joint",
                            replaces="coordinated")
    on_op3 = proposals.make(session, actors["jp"], draft.id, 1, "replace", _op(draft, 3), "eighty-second",
                            replaces="eighty-first")
    _edit(session, actors["us"], draft.id, _op(draft, 1), "Calls upon States to carry out coordinated actions;")
    found = {p.id: p for p in proposal_views.of_draft(session, actors["mx"], draft.id)}
    assert found[on_op1.id].outdated and found[on_op1.id].current_text.startswith("Calls upon States")
    assert found[on_op1.id].result == "Calls upon States to carry out joint actions;"  # against the new text
    assert not found[on_op3.id].outdated
    proposals.decide(session, actors["us"], draft.id, on_op3.id, "accept")  # made on 1, applied to 2
    assert drafts.view(session, actors["us"], draft.id).document.operative[2].text.endswith("eighty-second session.")


def test_proposal_on_a_paragraph_that_left_the_text(session, actors, draft):
    made = proposals.make(session, actors["jp"], draft.id, 1, "replace", _op(draft, 1), "joint",
                          replaces="coordinated")
    delete = proposals.make(session, actors["mx"], draft.id, 1, "delete", _op(draft, 1))
    proposals.decide(session, actors["us"], draft.id, delete.id, "accept")
    [left] = proposal_views.of_draft(session, actors["jp"], draft.id, "open")
    assert left.id == made.id and left.outdated and not left.in_text and left.label == "OP1"
    with pytest.raises(Conflict):
        proposals.decide(session, actors["us"], draft.id, made.id, "accept")
    assert proposals.decide(session, actors["us"], draft.id, made.id, "reject").status == "rejected"
    with pytest.raises(Conflict) as late:  # proposing from a stale page on a paragraph gone since
        proposals.make(session, actors["eu"], draft.id, 1, "delete", _op(draft, 1))
    assert "left the text since revision 1" in late.value.message


def test_words_no_longer_there_need_the_penholders_text(session, actors, draft):
    made = proposals.make(session, actors["jp"], draft.id, 1, "replace", _op(draft, 1), "joint",
                          replaces="coordinated")
    _edit(session, actors["us"], draft.id, _op(draft, 1), "Calls upon Member States to act at all levels;")
    assert proposal_views.one(session, actors["us"], draft.id, made.id).result is None
    with pytest.raises(InvalidDocument):
        proposals.decide(session, actors["us"], draft.id, made.id, "accept")
    done = proposals.decide(session, actors["us"], draft.id, made.id, "accept",
                            "Calls upon Member States to act jointly at all levels;")
    assert done.decided_revision == 3


def test_accepting_what_the_text_already_says_writes_no_revision(session, actors, draft):
    made = proposals.make(session, actors["jp"], draft.id, 1, "replace", _op(draft, 1), "joint",
                          replaces="coordinated")
    _edit(session, actors["us"], draft.id, _op(draft, 1), made.result)
    done = proposals.decide(session, actors["us"], draft.id, made.id, "accept")
    assert (done.status, done.decided_revision) == ("accepted", None)


def test_the_list_and_its_permissions(session, actors, draft):
    proposals.make(session, actors["jp"], draft.id, 1, "delete", _op(draft, 1))
    proposals.make(session, actors["mx"], draft.id, 1, "delete", _op(draft, 3))
    assert [p.delegations for p in proposal_views.of_draft(session, actors["sec"], draft.id)] == [("Japan",), ("Mexico",)]
    assert proposal_views.of_draft(session, actors["sec"], draft.id, "accepted") == []
    with pytest.raises(InvalidDocument):
        proposal_views.of_draft(session, actors["sec"], draft.id, "maybe")
    mine = proposal_views.of_draft(session, actors["jp"], draft.id)
    assert [(p.can_support, p.can_withdraw, p.can_decide) for p in mine] == [(False, True, False), (True, False, False)]
    assert [p.can_decide for p in proposal_views.of_draft(session, actors["us"], draft.id)] == [True, True]
    with pytest.raises(NotFound):
        proposal_views.one(session, actors["jp"], draft.id, 999)
    assert proposal_views.open_counts(session, actors["jp"], draft.id) == 2


# --- regressions ---------------------------------------------------------------------------

CORPUS_OPS = ("Encourages Member States to adopt measures allowing the swift control of chemicals that are closely "
              "related to scheduled precursors;",
              "Urges Member States to consider the scheduling recommendations of the World Health Organization "
              "without delay;",
              "Invites the United Nations Office on Drugs and Crime to continue to provide technical assistance, upon "
              "request, to strengthen forensic and laboratory capacities;",
              "Urges Member States to share data on new psychoactive substances;")


def test_one_delegation_cannot_fill_the_draft_and_lock_the_others_out(session, actors, draft, monkeypatch):
    assert proposals.MAX_OPEN_PER_DELEGATION * 2 <= proposals.MAX_OPEN  # the real limits leave room for others
    monkeypatch.setattr(proposals, "MAX_OPEN_PER_DELEGATION", 2)
    monkeypatch.setattr(proposals, "MAX_OPEN", 4)
    jp, mx, eu = actors["jp"], actors["mx"], actors["eu"]
    first, _ = (proposals.make(session, jp, draft.id, 1, "insert", _op(draft, 1), t) for t in CORPUS_OPS[:2])
    with pytest.raises(Conflict) as full:
        proposals.make(session, jp, draft.id, 1, "insert", _op(draft, 1), CORPUS_OPS[2])
    assert full.value.status == 409
    assert "Japan already makes or joins 2 open proposals" in full.value.message
    assert "the most one delegation may hold (2 per draft)" in full.value.message
    theirs = proposals.make(session, mx, draft.id, 1, "insert", _op(draft, 1), CORPUS_OPS[2])  # the others still can
    with pytest.raises(Conflict) as joining:  # joining holds one too
        proposals.support(session, jp, draft.id, theirs.id)
    assert "Japan already makes or joins 2" in joining.value.message
    proposals.decide(session, actors["us"], draft.id, first.id, "reject")
    proposals.make(session, jp, draft.id, 1, "insert", _op(draft, 1), CORPUS_OPS[3])  # room again
    proposals.make(session, eu, draft.id, 1, "delete", _op(draft, 3))
    with pytest.raises(Conflict) as backstop:  # the draft's own cap still holds
        proposals.make(session, mx, draft.id, 1, "delete", _op(draft, 1))
    assert "holds 4 open proposals, the most it takes" in backstop.value.message


def test_an_outdated_whole_replacement_keeps_the_penholders_later_edit(session, actors, draft):
    wider = "Calls upon Member States to carry out coordinated actions at the national and regional levels;"
    made = proposals.make(session, actors["jp"], draft.id, 1, "replace", _op(draft, 1), wider)
    _edit(session, actors["us"], draft.id, _op(draft, 1),
          "Calls upon all Member States to carry out coordinated actions at all levels;")
    merged = "Calls upon all Member States to carry out coordinated actions at the national and regional levels;"
    shown = proposal_views.one(session, actors["us"], draft.id, made.id)
    assert shown.outdated and shown.result == merged and shown.accept_refusal is None
    done = proposals.decide(session, actors["us"], draft.id, made.id, "accept")
    assert done.decided_revision == 3
    assert drafts.view(session, actors["us"], draft.id).document.operative[0].text == merged  # "all" kept


def test_an_outdated_whole_replacement_that_collides_needs_accept_with_changes(session, actors, draft):
    wider = "Calls upon Member States to carry out coordinated actions at the national and regional levels;"
    made = proposals.make(session, actors["jp"], draft.id, 1, "replace", _op(draft, 1), wider)
    edited = "Calls upon Member States to carry out coordinated actions at every level;"
    _edit(session, actors["us"], draft.id, _op(draft, 1), edited)
    shown = proposal_views.one(session, actors["us"], draft.id, made.id)
    assert shown.result is None and shown.accept_refusal == "the paragraph changed since; accept with changes"
    assert shown.accept_text == wider  # what "accept with changes" starts from
    with pytest.raises(Conflict) as refused:
        proposals.decide(session, actors["us"], draft.id, made.id, "accept")
    assert refused.value.status == 409 and "the paragraph changed since; accept with changes" in refused.value.message
    assert drafts.view(session, actors["us"], draft.id).document.operative[0].text == edited  # nothing reverted
    compromise = "Calls upon Member States to carry out coordinated actions at every level, national and regional;"
    done = proposals.decide(session, actors["us"], draft.id, made.id, "accept", compromise)
    assert done.status == "accepted" and done.decided_revision == 3


def test_one_accept_tells_the_proposers_once(session, actors, draft):
    from resolutions.services import sponsorship
    sponsorship.join(session, actors["mx"], draft.id)  # a sponsor: hears of the new revision
    made = proposals.make(session, actors["eu"], draft.id, 1, "delete", _op(draft, 3))
    proposals.support(session, actors["jp"], draft.id, made.id)
    proposals.decide(session, actors["us"], draft.id, made.id, "accept")
    proposers = {actors["eu"].delegation_id, actors["jp"].delegation_id}
    assert {n.delegation_id for n in _notes(session, "decision")} == proposers
    revision = {n.delegation_id for n in _notes(session, "revision")}
    assert actors["mx"].delegation_id in revision and not revision & proposers
    [saved] = [e for e in audit.of_draft(session, actors["us"], draft.id) if e.event == "draft.saved"]
    assert saved.detail["proposal"] == made.id and saved.detail["revision"] == 2


@pytest.mark.parametrize("action", ["make", "support", "withdraw"])
def test_a_draft_made_private_meanwhile_takes_no_proposal(session, actors, draft, monkeypatch, action):
    """Between the check and the lock another request makes the draft private: the check
    after the lock refuses, and nothing changes."""
    made = proposals.make(session, actors["mx"], draft.id, 1, "delete", _op(draft, 3))
    proposals.support(session, actors["jp"], draft.id, made.id)
    lock = proposals.queries.lock

    def private_meanwhile(session_, row):
        session_.execute(update(Draft).where(Draft.id == row.id).values(status="private"))
        lock(session_, row)
    monkeypatch.setattr(proposals.queries, "lock", private_meanwhile)
    jp = actors["jp"]
    with pytest.raises(NotFound):  # private: Japan no longer sees it
        if action == "make":
            proposals.make(session, jp, draft.id, 1, "delete", _op(draft, 1))
        elif action == "support":
            proposals.support(session, actors["eu"], draft.id, made.id)
        else:
            proposals.withdraw(session, jp, draft.id, made.id)
    monkeypatch.undo()
    [row] = session.scalars(select(Proposal).where(Proposal.draft_id == draft.id))
    assert row.status == "open" and sorted(d.delegation.name for d in row.delegations) == ["Japan", "Mexico"]


def test_the_list_pages(session, actors, draft):
    for text in CORPUS_OPS:
        proposals.make(session, actors["jp"], draft.id, 1, "insert", _op(draft, 1), text)
    first = proposal_views.listing(session, actors["mx"], draft.id, page=1, per_page=3)
    assert (first.total, first.page, first.pages, len(first.items)) == (4, 1, 2, 3)
    last = proposal_views.listing(session, actors["mx"], draft.id, page=9, per_page=3)  # past the end: the last
    assert last.page == 2 and [p.text for p in last.items] == [CORPUS_OPS[3]]
    assert [p.new_label for p in first.items] == ["OP1 bis", "OP1 ter", "OP1 quater"]  # every open one counts
    assert proposal_views.listing(session, actors["mx"], draft.id, per_page=10_000).per_page == proposal_views.MAX_PER_PAGE
    assert proposal_views.listing(session, actors["mx"], draft.id, "accepted").total == 0
    with pytest.raises(InvalidDocument):
        proposal_views.listing(session, actors["mx"], draft.id, page="2")


# --- proposals that insert a heading, a table, an annex or a text block (issue #9) ---------------

HEADING = {"kind": "heading", "level": 1, "numbering": "{I}.", "restart": False}


def _saved(session, draft_id) -> int:
    return len(list(session.scalars(select(Proposal).where(Proposal.draft_id == draft_id))))


def test_a_proposed_heading_goes_in_as_a_heading(session, actors, draft):
    made = proposals.make(session, actors["mx"], draft.id, 1, "insert", _op(draft, 1), "Financing\nof the work",
                          block=HEADING)
    assert made.block == HEADING and made.text == "Financing of the work"  # a heading is one line
    assert (made.new_label, made.summary, made.block_mark) == ("OP1 bis", "Heading OP1 bis (Mexico)", "I.")
    assert made.new_block.kind == "heading" and made.new_block.numbering == "{I}."
    [event] = [e for e in audit.of_draft(session, actors["us"], draft.id) if e.event == "proposal.made"]
    assert event.detail["block"] == "heading"
    proposals.decide(session, actors["us"], draft.id, made.id, "accept")
    now = drafts.view(session, actors["us"], draft.id)
    heading = now.document.operative[1]
    assert (heading.id, heading.kind, heading.text, heading.level, heading.numbering) == (
        made.new_paragraph_id, "heading", "Financing of the work", 1, "{I}.")
    assert now.revision.message == f"Accepted proposal {made.id} (Mexico): insert heading OP1 bis after OP1"


def test_a_proposed_table_keeps_its_cells_cleaned(session, actors, draft):
    rows = [["Item ", "Amount"], ["Travel", "1\u00a0200\x07"]]
    made = proposals.make(session, actors["jp"], draft.id, 1, "insert", _op(draft, 3), "Budget",
                          block={"kind": "table", "rows": rows, "header_rows": 1})
    assert made.block == {"kind": "table", "rows": [["Item", "Amount"], ["Travel", "1\u00a0200"]], "header_rows": 1}
    assert made.summary == "Table OP3 bis (Japan)" and made.new_block.rows[1] == ("Travel", "1\u00a0200")
    changed = proposals.decide(session, actors["us"], draft.id, made.id, "accept", "Budget for 2026")
    table = drafts.view(session, actors["us"], draft.id).document.operative[-1]
    assert changed.decision_text == "Budget for 2026"  # the penholder's words, the table as proposed
    assert (table.kind, table.text, table.rows, table.header_rows) == (
        "table", "Budget for 2026", (("Item", "Amount"), ("Travel", "1\u00a0200")), 1)


def test_a_proposed_annex_and_its_text(session, actors, draft):
    annex = proposals.make(session, actors["eu"], draft.id, 1, "insert", _op(draft, 3), "Terms of reference",
                           block={"kind": "annex"})
    assert annex.block == {"kind": "annex"} and annex.block_mark == "Annex"
    proposals.decide(session, actors["us"], draft.id, annex.id, "accept")
    current = drafts.view(session, actors["us"], draft.id)
    text = proposals.make(session, actors["eu"], draft.id, current.current_revision, "insert",
                          annex.new_paragraph_id, "The panel meets twice a year.", block={"kind": "text"})
    assert text.summary.startswith("Text ")
    proposals.decide(session, actors["us"], draft.id, text.id, "accept")
    [(block, inside)] = drafts.view(session, actors["us"], draft.id).document.annexes()
    assert block.text == "Terms of reference" and [(p.kind, p.text) for p in inside] == [
        ("text", "The panel meets twice a year.")]
    second = proposals.make(session, actors["eu"], draft.id, 3, "insert", text.new_paragraph_id, "Budget",
                            block={"kind": "annex"})  # at the first annex's end: a second one
    assert second.block_mark == "Annex II"


def test_the_same_words_as_another_kind_of_block_are_no_twin(session, actors, draft):
    para = proposals.make(session, actors["jp"], draft.id, 1, "insert", _op(draft, 1), "Follow-up")
    heading = proposals.make(session, actors["mx"], draft.id, 1, "insert", _op(draft, 1), "Follow-up", block=HEADING)
    assert para.block is None and heading.block == HEADING
    with pytest.raises(Conflict):
        proposals.make(session, actors["eu"], draft.id, 1, "insert", _op(draft, 1), "Follow-up", block=HEADING)


@pytest.mark.parametrize("anchor, block, position, words", [
    (2, {"kind": "annex"}, "inside", "subparagraph is always a paragraph"),   # an annex "inside" OP2
    (2, {"kind": "annex"}, None, "would move into the annex"),   # OP3 would become the annex's paragraph
    (1, {"kind": "table", "rows": [["x"]] * 500, "header_rows": 1}, None, "1 to 200 rows"),
    (1, {"kind": "table", "rows": [["x"] * 31], "header_rows": 0}, None, "31 cells"),
    (1, {"kind": "table", "rows": [["x", 3]], "header_rows": 0}, None, "cell 2 must be text"),
    (1, {"kind": "table", "rows": "x | y", "header_rows": 0}, None, "list of rows"),
    (1, {"kind": "table", "rows": [["x"]], "header_rows": 5}, None, "header rows"),
    (1, {"kind": "heading", "level": 7, "numbering": "{I}."}, None, "level is 1, 2 or 3"),
    (1, {"kind": "heading", "level": 1, "numbering": "{I}.{1}"}, None, "more than one number"),
    (1, {"kind": "heading", "numbering": ["{I}"]}, None, "must be text"),
    (1, {"kind": "heading", "restart": "yes"}, None, "true or false"),
    (1, {"kind": "heading", "rows": [["x"]]}, None, "takes level, numbering, restart"),
    (1, {"kind": "chapter"}, None, "\"kind\" is one of"),
    (1, "heading", None, "\"kind\" is one of"),
    (-1, {"kind": "annex"}, None, "the preamble holds paragraphs and headings only"),
    (-1, {"kind": "heading", "restart": True}, None, "cannot restart"),
])
def test_a_hostile_block_is_refused_and_nothing_is_saved(session, actors, draft, anchor, block, position, words):
    paragraph = draft.document.preamble[0].id if anchor < 0 else _op(draft, anchor)
    with pytest.raises(InvalidDocument) as refused:
        proposals.make(session, actors["jp"], draft.id, 1, "insert", paragraph, "Title", position=position,
                       block=block)
    assert words in refused.value.message and refused.value.where  # the place is named
    assert _saved(session, draft.id) == 0
    assert not [e for e in audit.of_draft(session, actors["us"], draft.id) if e.event == "proposal.made"]


def test_a_block_goes_with_an_insertion_only(session, actors, draft):
    with pytest.raises(InvalidDocument) as refused:
        proposals.make(session, actors["jp"], draft.id, 1, "delete", _op(draft, 1), block=HEADING)
    assert refused.value.where == "block" and _saved(session, draft.id) == 0
    with pytest.raises(InvalidDocument):  # an empty heading: neither words nor a number
        proposals.make(session, actors["jp"], draft.id, 1, "insert", _op(draft, 1), "",
                       block={"kind": "heading", "numbering": ""})
    untitled = proposals.make(session, actors["jp"], draft.id, 1, "insert", _op(draft, 3), None,
                              block={"kind": "annex"})  # an annex may go without a title
    assert untitled.text == "" and untitled.summary == "Annex OP3 bis (Japan)"
