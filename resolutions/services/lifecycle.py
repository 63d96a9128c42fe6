"""The life of a draft after negotiation: submit, issue, revise, addendum, oral revision,
action (UN-FORMAT.md §1, §3).

``of`` reads a draft's lifecycle for whoever sees the draft; ``act`` takes one step. The
rules of which step fits which state and who takes it are domain/lifecycle.py's, checked
through policy.require_lifecycle; the steps are LifecycleEvent rows (append-only), and
Draft.stage / Draft.symbol follow them for listings. Every step is audited and notifies
the delegations that follow the draft. An adoption puts the adopted text in the library
as a resolution (store/publishing.py, the corpus import's door), with its facts.
"""
from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace

from sqlalchemy import Text, cast, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain import committees, dates, lifecycle as lc
from ..domain.amendments import REPLACE, Amendment, apply as apply_amendment
from ..domain.bodies import get_body
from ..domain.errors import InvalidDocument
from ..domain.lifecycle import Action, Addendum, Issuance, Lifecycle, OralRevision, Step
from ..domain.records import ResolutionFacts, Vote
from ..domain.sponsors import alphabetical, join_names
from ..domain.validation import MAX_PARAGRAPH_CHARS, accept, accept_text
from ..formats import facts_json
from ..store import publishing, queries
from ..store.tables import AuditEvent, Delegation, Draft, LifecycleEvent
from . import audit, delegations, drafts, notifications, policy
from .actors import Actor
from .errors import Conflict
from .unit_of_work import changed

MAX_STATEMENT_CHARS = 5_000
MAX_ORAL_PARAGRAPHS = 100
_AUDITED_STEPS = {"draft.created": lc.CREATED, "draft.circulated": lc.CIRCULATED}


# --- reading ---------------------------------------------------------------------------

def of(session: Session, actor: Actor, draft_id: int) -> Lifecycle:
    """The draft's lifecycle, for whoever may see the draft."""
    draft = policy.require(actor, policy.VIEW, queries.draft(session, draft_id), draft_id)
    return _lifecycle(session, draft)


def _events(session: Session, draft: Draft) -> list[LifecycleEvent]:
    try:
        return list(session.scalars(select(LifecycleEvent).where(LifecycleEvent.draft_id == draft.id)
                                    .order_by(LifecycleEvent.at, LifecycleEvent.id)))
    except ValueError:  # a column that does not read as its type (a date or JSON written by hand)
        event_id, _, problems = next((found for found in stored_problems(session, draft.id) if found[2]),
                                     (None, None, ["a column does not read as its type"]))
        raise _damaged(draft.id, event_id, problems) from None


def stored_problems(session: Session, draft_id: int | None = None) -> Iterator[tuple[int, int, list[str]]]:
    """(event id, draft id, why it cannot be read) of every stored step, of one draft or of
    all (`flask doctor`), read as text so that even a date or JSON written by hand is named."""
    query = select(LifecycleEvent.id, LifecycleEvent.draft_id, LifecycleEvent.action, LifecycleEvent.revision,
                   LifecycleEvent.symbol, cast(LifecycleEvent.date, Text), cast(LifecycleEvent.detail, Text))
    if draft_id is not None:
        query = query.where(LifecycleEvent.draft_id == draft_id)
    for event_id, owner, action, revision, symbol, day, raw in session.execute(
            query.order_by(LifecycleEvent.id).execution_options(yield_per=500)):
        try:
            detail = json.loads(raw) if raw is not None else None
        except ValueError:
            yield event_id, owner, ["its detail is not JSON"]
            continue
        try:
            day = datetime.date.fromisoformat(day) if day is not None else None
        except ValueError:
            yield event_id, owner, [f"its date {day[:20]!r} is not a date"]
            continue
        yield event_id, owner, _problems(action, revision, symbol, day, detail)


def _problems(action, revision, symbol, day, detail) -> list[str]:
    """lc.event_problems, and whether an outcome's vote reads as facts_json writes it."""
    problems = lc.event_problems(action, revision, symbol, day, detail)
    if not problems and action in lc.OUTCOMES:
        try:
            facts_json.load_vote(detail.get("vote"))
        except ValueError as error:
            problems.append(str(error))
    return problems


def _recorded(data: object) -> Vote | None:
    """An outcome's stored vote as Action.vote holds it: None unless a recorded vote."""
    vote = facts_json.load_vote(data)
    return vote if vote is not None and vote.kind == facts_json.RECORDED else None


def _lifecycle(session: Session, draft: Draft) -> Lifecycle:
    issuances: list[Issuance] = []
    addenda: list[Addendum] = []
    orals: list[OralRevision] = []
    action: Action | None = None
    submitted: int | None = None
    steps: list[Step] = []
    for row in _events(session, draft):
        _require_readable(draft, row)
        detail = row.detail
        names = tuple(detail.get("sponsors") or ())
        if row.action in (lc.SUBMIT, lc.REVISE):
            submitted = row.revision
        elif row.action == lc.ISSUE:
            issuances.append(Issuance(row.symbol, row.revision, row.date, names))
        elif row.action == lc.ADDENDUM:
            addenda.append(Addendum(row.symbol, row.date, names))
        elif row.action == lc.ORAL_REVISION:
            orals.append(OralRevision(detail.get("by", ""), row.date, tuple(detail.get("paragraphs") or ()),
                                      detail.get("text", ""), row.revision))
        else:
            action = Action(lc.OUTCOMES[row.action], row.date, row.revision, _recorded(detail.get("vote")),
                            row.symbol if row.action == lc.ADOPT else None, detail.get("committee_line", ""))
        steps.append(Step(row.action, row.at, row.date, row.revision, row.symbol,
                          row.delegation.name if row.delegation else lc.SECRETARIAT, detail.get("summary", "")))
    state = lc.state_of(draft.status, draft.stage or lc.DRAFTING)
    sponsors, additional = ((), ()) if not issuances else \
        lc.text_sponsors(issuances[0].sponsors, queries.current_sponsors(session, draft.id).values())
    return Lifecycle(state, tuple(issuances), tuple(addenda), additional, tuple(orals), action,
                     submitted if state == lc.SUBMITTED else None,
                     tuple(sorted(_audited_steps(session, draft) + steps, key=lambda s: s.at)), sponsors)


class DamagedEvent(InvalidDocument):
    """A stored lifecycle step this version cannot read (written by hand or by an older
    version): the draft's own pages answer 409 naming it, as for drafts.DamagedRevision;
    the drafts list reads columns and keeps working; `flask --app app doctor` lists it."""
    status = 409


def _require_readable(draft: Draft, row: LifecycleEvent) -> None:
    problems = _problems(row.action, row.revision, row.symbol, row.date, row.detail)
    if problems:
        raise _damaged(draft.id, row.id, problems)


def _damaged(draft_id: int, event_id: int | None, problems: list[str]) -> DamagedEvent:
    return DamagedEvent(f"lifecycle event {event_id if event_id is not None else '?'} of draft {draft_id} is "
                        f"damaged: {'; '.join(problems)}; `flask --app app doctor` lists it, and it is fixed by hand",
                        "lifecycle")


def _audited_steps(session: Session, draft: Draft) -> list[Step]:
    """Creation and circulation, as the audit trail recorded them."""
    rows = session.scalars(select(AuditEvent).where(AuditEvent.draft_id == draft.id,
                                                    AuditEvent.event.in_(list(_AUDITED_STEPS)))
                           .order_by(AuditEvent.at, AuditEvent.id))
    out = []
    for row in rows:
        what = _AUDITED_STEPS[row.event]
        by = row.delegation or lc.SECRETARIAT
        revision = (row.detail or {}).get("revision")
        revision = revision if isinstance(revision, int) else None
        summary = f"{by} created the draft" if what == lc.CREATED else f"{by} circulated the draft to all delegations"
        out.append(Step(what, row.at, row.at.date(), revision, None, by, summary))
    return out


# --- acting ----------------------------------------------------------------------------

def act(session: Session, actor: Actor, draft_id: int, action: object, fields: object) -> Lifecycle:
    """Take one lifecycle step; 400 naming a bad field, 403 for the wrong role, 409 for
    the wrong state. Returns the lifecycle as it now stands."""
    if action not in lc.ACTIONS:
        raise lc.InvalidStep(f"action must be one of {', '.join(lc.ACTIONS)}", "action")
    if not isinstance(fields, dict):
        raise lc.InvalidStep("the fields of a step are a JSON object", "body")
    draft = policy.require_lifecycle(actor, action, queries.draft(session, draft_id), draft_id)
    queries.lock(session, draft)  # two clerks issuing at once: the second sees the first's step
    draft = policy.require_lifecycle(actor, action, draft, draft_id)
    before = _lifecycle(session, draft)
    dated = [s.date for s in before.steps if s.date is not None and s.action in lc.ACTIONS]
    day = lc.step_date(fields.get("date"), max(dated) if dated else None, dates.today())
    try:
        step = _STEPS[action](session, actor, draft, before, day, fields)
    except InvalidDocument as error:
        if type(error) is not InvalidDocument:  # already a step's 400, or a damaged revision's 409
            raise
        raise lc.InvalidStep(error.message, error.where) from None  # a field of the step: 400
    summary = step.pop("summary")
    session.add(LifecycleEvent(draft_id=draft.id, action=action, revision=step.get("revision"),
                               symbol=step.get("symbol"), date=day,
                               detail={**step.get("detail", {}), "summary": summary},
                               user_id=actor.user_id, delegation_id=actor.delegation_id))
    rule = lc.RULES[action]
    if rule.to is not None:
        draft.stage = rule.to
    if step.get("symbol") and action != lc.ADDENDUM:
        draft.symbol = step["symbol"]
    audit.record(session, actor, f"lifecycle.{action}", draft_id=draft.id,
                 detail={"revision": step.get("revision"), "symbol": step.get("symbol"), "date": day.isoformat(),
                         "summary": summary})
    notifications.notify(session, actor, draft, "lifecycle", {"action": action, "revision": step.get("revision"),
                                                              "symbol": step.get("symbol"), "summary": summary},
                         notifications.interested(session, draft))
    session.flush()
    changed(session).drafts.add(draft.id)
    return _lifecycle(session, draft)


def _by(actor: Actor) -> str:
    return actor.delegation_name or "The Secretariat"


def _sponsors(session: Session, draft: Draft) -> list[str]:
    return alphabetical(queries.current_sponsors(session, draft.id).values())


def changed_since_issued(draft: Draft, life: Lifecycle) -> str | None:
    """Why oral revisions and action cannot be recorded now: the current revision has
    changes made after the last issuance (edits, accepted proposals), which must be issued
    first or they would be adopted unseen; None when the current revision is the issued text."""
    if life.issued is None or draft.current_revision == life.issued_text_revision:
        return None
    return (f"revision {draft.current_revision} has changes made after {life.issued.symbol} was issued "
            f"(revision {life.issued_text_revision}): the penholder submits them as a revision, which the "
            f"Secretariat issues as {lc.next_revision_symbol(life.issuances[0].symbol, len(life.issuances))}")


def _require_issued_text(draft: Draft, before: Lifecycle, what: str) -> int:
    reason = changed_since_issued(draft, before)
    if reason is not None:
        raise Conflict(f"{reason}, before {what}", "revision")
    return before.issued_text_revision


def _submit(session, actor, draft, before, day, fields) -> dict:
    return {"revision": draft.current_revision,
            "summary": f"{_by(actor)} submitted revision {draft.current_revision} for issuance"}


def _revise(session, actor, draft, before, day, fields) -> dict:
    issued = before.issued_text_revision
    if draft.current_revision == issued:
        raise Conflict(f"revision {issued} is the text issued as {before.issued.symbol}; edit the text before "
                       "submitting a revision of it", "revision")
    return {"revision": draft.current_revision,
            "summary": f"{_by(actor)} submitted revision {draft.current_revision} for issuance as a revision of "
                       f"{before.issuances[0].symbol}"}


def _issue(session, actor, draft, before, day, fields) -> dict:
    body = get_body(draft.body)
    if before.issuances:
        first = before.issuances[0].symbol
        symbol = lc.expected_symbol(fields.get("symbol"), lc.next_revision_symbol(first, len(before.issuances)),
                                    f"revision of {first}")
    else:
        symbol = lc.first_symbol(body, draft.session, day.year, fields.get("symbol"))
    taken = _taken_by(session, draft, symbol)
    if taken is not None:
        raise Conflict(f"{symbol} was already issued for draft {taken}; give this draft a number of its own", "symbol")
    sponsors = _sponsors(session, draft)
    return {"revision": before.submitted_revision, "symbol": symbol, "detail": {"sponsors": sponsors},
            "summary": f"The Secretariat issued revision {before.submitted_revision} as {symbol}"}


def _taken_by(session: Session, draft: Draft, symbol: str, action: str | None = None) -> int | None:
    """Another draft that had ``symbol`` (for ``action``, else for any step), or None."""
    query = select(LifecycleEvent.draft_id).where(LifecycleEvent.symbol == symbol, LifecycleEvent.draft_id != draft.id)
    return session.scalar(query.where(LifecycleEvent.action == action) if action else query)


def _addendum(session, actor, draft, before, day, fields) -> dict:
    body = get_body(draft.body)
    if body.later_sponsors != "addendum":
        raise Conflict(f"the {body.name} records sponsors who join later in its report; it issues no addenda",
                       "action")
    new = list(before.unlisted_sponsors)
    if not new:
        raise Conflict(f"no sponsor has joined since {before.issuances[0].symbol} was issued who is not in an "
                       "earlier addendum", "sponsors")
    symbol = lc.expected_symbol(fields.get("symbol"), lc.next_addendum_symbol(before.issued.symbol, before.addenda),
                                "addendum")
    return {"symbol": symbol, "detail": {"sponsors": new},
            "summary": f"The Secretariat issued {symbol}, adding {join_names(new)} to the sponsors"}


def _oral_revision(session, actor, draft, before, day, fields) -> dict:
    _require_issued_text(draft, before, "it is revised orally")
    by = _delegation_name(session, fields.get("by"), "by")
    statement = accept_text(fields.get("text"), "text", field="the statement read out",
                            max_chars=MAX_STATEMENT_CHARS, required=True)
    changes = fields.get("paragraphs")
    if not isinstance(changes, list) or not changes or len(changes) > MAX_ORAL_PARAGRAPHS:
        raise lc.InvalidStep(f"paragraphs lists the paragraphs revised orally, 1 to {MAX_ORAL_PARAGRAPHS} of "
                              "{\"id\": …, \"text\": …}", "paragraphs")
    doc = drafts.view(session, actor, draft.id).document
    ids = []
    for n, change in enumerate(changes):
        if not isinstance(change, dict) or not isinstance(change.get("id"), str):
            raise lc.InvalidStep("each revised paragraph is {\"id\": …, \"text\": …}", f"paragraphs[{n}]")
        if doc.find(change["id"]) is None or change["id"] in ids:
            raise lc.InvalidStep(f"the issued text has no paragraph {change['id'][:80]!r}"
                                  if change["id"] not in ids else f"{change['id'][:80]!r} is listed twice",
                                  f"paragraphs[{n}].id")
        wording = accept_text(change.get("text"), f"paragraphs[{n}].text", field="the new wording",
                              max_chars=MAX_PARAGRAPH_CHARS, required=True)
        doc = apply_amendment(doc, Amendment(REPLACE, change["id"], wording))
        ids.append(change["id"])
    doc = accept(doc)
    if doc == drafts.view(session, actor, draft.id).document:
        raise lc.InvalidStep("the new wording is the text as issued; nothing would change", "paragraphs")
    number = drafts.record_revision(session, actor, draft, doc, f"Oral revision by {by}")
    return {"revision": number, "detail": {"by": by, "paragraphs": ids, "text": statement},
            "summary": f"{by} revised {len(ids)} paragraph{'s' if len(ids) != 1 else ''} orally "
                       f"(revision {number})"}


def _outcome(action: str):
    def step(session, actor, draft, before, day, fields) -> dict:
        # action is on the issued text: a revision made since and never issued is not what was acted on
        revision = _require_issued_text(draft, before, "action is taken") if action in (lc.ADOPT, lc.REJECT) \
            else (before.issued_text_revision if before.issued else draft.current_revision)
        vote = _vote(session, fields, required=action == lc.ADOPT) if action in (lc.ADOPT, lc.REJECT) else None
        how = f" {(vote or lc.WITHOUT_VOTE).words()}" if vote or action == lc.ADOPT else ""
        if action == lc.ADOPT:
            return _adopt(session, actor, draft, before, day, fields, revision, vote, how)
        words = {lc.REJECT: f"Rejected{how}", lc.WITHDRAW: f"Withdrawn by {_by(actor)}",
                 lc.DEFER: "Action deferred"}[action]
        return {"revision": revision, "detail": {"vote": facts_json.dump_vote(vote)},
                "summary": f"{words} (revision {revision}{f', {before.issued.symbol}' if before.issued else ''})"}
    return step


def _adopt(session, actor, draft, before, day, fields, revision, vote, how) -> dict:
    body = get_body(draft.body)
    decision = fields.get("decision", False)
    if not isinstance(decision, bool):
        raise lc.InvalidStep("decision is true (a CND decision) or false", "decision")
    symbol = lc.adopted_symbol(body, draft.session, fields.get("symbol") or fields.get("number"), decision=decision)
    line = committees.checked_line(fields.get("committee"), committees.default_line(body, before.originating_document))
    doc = replace(drafts.view(session, actor, draft.id, revision).document, symbol=symbol)
    what = "decision" if decision else "resolution"
    held = publishing.holders(session, symbol)  # facts are kept by symbol alone: any language holds it
    other = _taken_by(session, draft, symbol, lc.ADOPT)
    if other is not None:
        held.append(f"adopted from draft {other}")
    if held:
        raise Conflict(f"{symbol} is already in the library ({'; '.join(held)}); give the {what} its own number",
                       "symbol")
    try:  # an adoption of the same number committing meanwhile (another draft's row lock) meets the key
        with session.begin_nested():
            # "resolution" is the library's kind of every adopted text, a CND decision too: search
            # (search/model.py KINDS), the library page and the AKN export read it as "adopted";
            # the symbol ("decision 69/2") says which it is. A resolution prints no sponsor line:
            # its sponsors and additional sponsors are in its facts.
            pub = publishing.put(session, None, symbol, doc, kind="resolution", sponsors=(),
                                 source_format="adopted", source_name=f"draft {draft.id}, revision {revision}")
            publishing.put_facts(session, ResolutionFacts(
                symbol=symbol, adopted_on=day,
                originating_document=committees.originating_of(line) or before.originating_document,
                committee=committees.committee_of(line) if line else "",
                sponsors=before.sponsors, additional_sponsors=before.additional_sponsors,
                vote=vote or lc.WITHOUT_VOTE))
            session.flush()
    except IntegrityError:
        raise Conflict(f"{symbol} entered the library meanwhile, adopted from another draft; give the {what} "
                       "its own number", "symbol") from None
    changed(session).publications.add(pub.id)
    return {"revision": revision, "symbol": symbol,
            "detail": {"vote": facts_json.dump_vote(vote), "committee_line": line, "publication": pub.id},
            "summary": f"Adopted as {symbol}{how} (revision {revision}, {before.issued.symbol})"}


def _vote(session: Session, fields: dict, *, required: bool) -> Vote | None:
    """A recorded vote ({"yes": [...], "no": [...], "abstain": [...]}), or None for
    {"without_vote": true}; an adoption needs one of the two."""
    raw, without = fields.get("vote"), fields.get("without_vote")
    if without not in (None, False, True):
        raise lc.InvalidStep("without_vote is true or left out", "without_vote")
    if raw is not None and without:
        raise lc.InvalidStep("give either a recorded vote or without_vote, not both", "vote")
    if raw is None:
        if required and not without:
            raise lc.InvalidStep("say how it was adopted: \"without_vote\": true, or a recorded \"vote\": "
                                  "{\"yes\": [...], \"no\": [...], \"abstain\": [...]}", "vote")
        return None
    if not isinstance(raw, dict) or set(raw) - {"yes", "no", "abstain"}:
        raise lc.InvalidStep("a recorded vote is {\"yes\": [...], \"no\": [...], \"abstain\": [...]} of "
                              "delegation names", "vote")
    match = delegations.matcher(session)
    members = set(session.scalars(select(Delegation.name).where(Delegation.kind == "member")))
    lists, unknown = [], []
    for key in _VOTE_LISTS:
        names = raw.get(key) or []
        if not isinstance(names, list) or len(names) > lc.MAX_VOTERS or not all(isinstance(n, str) for n in names):
            raise lc.InvalidStep(f"vote.{key} is a list of at most {lc.MAX_VOTERS} delegation names", f"vote.{key}")
        found = [match(n[:200]) for n in names]
        unknown += [(key, n) for n, f in zip(names, found) if f not in members]
        lists.append(tuple(found))
    if unknown:  # all of them at once, each with its list and the names it may have meant
        raise lc.InvalidStep(_unknown_voters(unknown, members),
                             ",".join(f"vote.{key}" for key in _VOTE_LISTS if any(k == key for k, _ in unknown)))
    return lc.recorded_vote(*lists)


_VOTE_LISTS = {"yes": "in favour", "no": "against", "abstain": "abstaining"}
_SUGGESTED = 10  # names given suggestions: a close-match search each, so bounded


def _unknown_voters(unknown: list[tuple[str, str]], members: set[str]) -> str:
    shown = []
    for key, name in unknown[:_SUGGESTED]:
        close = lc.close_names(name[:60], members)
        shown.append(f"{name[:60]!r} ({_VOTE_LISTS[key]}{f'; did you mean {lc.either(close)}?' if close else ''})")
    more = f" and {len(unknown) - _SUGGESTED} more" if len(unknown) > _SUGGESTED else ""
    return (f"no Member State that votes is called {'; '.join(shown)}{more}; name each as in the delegations "
            "list, one a line")


def _delegation_name(session: Session, value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise lc.InvalidStep("name the delegation that read it out", where)
    found = delegations.matcher(session)(value)
    if found is None:
        raise lc.InvalidStep(f"no delegation is called {value.strip()[:80]!r}", where)
    return found


_STEPS = {lc.SUBMIT: _submit, lc.ISSUE: _issue, lc.REVISE: _revise, lc.ADDENDUM: _addendum,
          lc.ORAL_REVISION: _oral_revision, **{a: _outcome(a) for a in lc.OUTCOMES}}


@dataclass(frozen=True)
class Panel:
    """What the draft page shows of the lifecycle, and the forms the viewer may use."""
    life: Lifecycle
    actions: tuple[str, ...]            # the steps this viewer may take now
    next_revision_symbol: str           # the symbol issuing would take ("": a first L, typed by the Secretariat)
    next_addendum_symbol: str           # "" when no addendum fits
    addendum_sponsors: tuple[str, ...]  # whom the next addendum would list
    delegations: tuple[str, ...]        # for "read out by"
    today: datetime.date
    may_propose: bool = False           # policy PROPOSE: the partner upload link on the draft page
    sponsorship_closed: str | None = None  # policy.held(SPONSOR): why no one joins or withdraws now
    held_back: str | None = None        # why oral revisions and action wait (changes since issuance)
    committee_default: str = ""         # the committee line an adoption gets when none is typed


# The steps that concern the issued text, held back while the current revision is not it.
_ON_ISSUED_TEXT = (lc.ORAL_REVISION, lc.ADOPT, lc.REJECT)


def panel(session: Session, actor: Actor, draft_id: int) -> Panel:
    draft = policy.require(actor, policy.VIEW, queries.draft(session, draft_id), draft_id)
    life = _lifecycle(session, draft)
    actions = lc.allowed(life.state, policy.lifecycle_role(actor, draft))
    pending = life.unlisted_sponsors
    body = get_body(draft.body)
    addendum = (lc.next_addendum_symbol(life.issued.symbol, life.addenda)
                if life.issued and pending and body.later_sponsors == "addendum" else "")
    # offer no form the use case could only refuse; say why instead
    held_back = changed_since_issued(draft, life) if any(a in _ON_ISSUED_TEXT for a in actions) else None
    actions = tuple(a for a in actions if (a != lc.ADDENDUM or addendum) and not (held_back and a in _ON_ISSUED_TEXT))
    closed = policy.held(policy.SPONSOR, draft)
    if closed and life.action is not None:  # the policy knows the stage; the lifecycle knows the day
        closed = lc.closed(life.state, lc.symbol_of(life), lc.SPONSORSHIP, life.action.date)
    return Panel(life, actions,
                 lc.next_revision_symbol(life.issuances[0].symbol, len(life.issuances)) if life.issuances else "",
                 addendum, pending if addendum else (),
                 tuple(d.name for d in delegations.all_delegations(session)) if actions else (), dates.today(),
                 policy.can(actor, policy.PROPOSE, draft), closed, held_back,
                 committees.default_line(body, life.originating_document) if lc.ADOPT in actions else "")


def adopted_from(session: Session, actor: Actor, symbol: str) -> int | None:
    """The draft ``symbol`` was adopted from, when ``actor`` may see that draft; else None,
    so a private draft's existence is never told (the library page's link back)."""
    draft_id = session.scalar(select(LifecycleEvent.draft_id).where(LifecycleEvent.action == lc.ADOPT,
                                                                    LifecycleEvent.symbol == symbol))
    draft = queries.draft(session, draft_id) if draft_id is not None else None
    return draft.id if draft is not None and policy.can(actor, policy.VIEW, draft) else None
