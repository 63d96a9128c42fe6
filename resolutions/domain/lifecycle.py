"""The life of a draft after negotiation: submitted, issued with a symbol, revised, acted on.

Pure data (UN-FORMAT.md §1, §3): the dataclasses other layers read, the table of which
action fits which state and who may take it, and the checks on symbols and dates.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import get_close_matches

from .bodies import Body
from .committees import originating_documents
from .dates import un_date
from .delegation_names import name_key
from .errors import InvalidDocument
from .records import Vote
from .sponsors import alphabetical
from .symbols import addendum_of, normalise, template_fields


@dataclass(frozen=True)
class Issuance:
    """One issued document: the L or a Rev."""
    symbol: str                  # "A/80/L.24", "A/80/L.24/Rev.1", "E/CN.7/2026/L.5"
    revision: int                # the draft revision issued under this symbol
    date: datetime.date          # date of issue (printed on the masthead)
    sponsors: tuple[str, ...]    # the sponsors when it was issued, alphabetical


@dataclass(frozen=True)
class Addendum:
    """GA: later sponsors printed in an addendum."""
    symbol: str                  # "A/80/L.24/Add.1"
    date: datetime.date
    sponsors: tuple[str, ...]    # the additional sponsors it lists


@dataclass(frozen=True)
class OralRevision:
    by: str                      # the delegation that read it out
    date: datetime.date
    paragraphs: tuple[str, ...]  # ids of the paragraphs it changed
    text: str                    # what was read out
    revision: int                # the revision that applying it created


@dataclass(frozen=True)
class Action:
    """The outcome of action on the draft."""
    kind: str                    # "adopted" | "rejected" | "withdrawn" | "deferred"
    date: datetime.date
    revision: int                # the text acted upon
    vote: Vote | None            # None when adopted without a vote or not voted
    symbol: str | None           # "A/RES/80/174", CND "resolution 69/3" or "decision 69/2"
    committee_line: str          # GA: "[without reference to a Main Committee (A/80/L.24)]"; "" for CND


@dataclass(frozen=True)
class Step:
    """One line of the timeline."""
    action: str                  # created | circulated | submit | issue | revise | addendum | oral_revision | adopt | ...
    at: datetime.datetime        # when it was recorded
    date: datetime.date | None
    revision: int | None
    symbol: str | None
    by: str                      # delegation name, or "Secretariat"
    summary: str                 # one readable sentence


@dataclass(frozen=True)
class Lifecycle:
    state: str                   # private | circulated | submitted | issued | adopted | rejected | withdrawn | deferred
    issuances: tuple[Issuance, ...] = ()          # oldest first
    addenda: tuple[Addendum, ...] = ()
    additional_sponsors: tuple[str, ...] = ()     # joined after the first issuance and still sponsoring
    oral_revisions: tuple[OralRevision, ...] = ()
    action: Action | None = None                  # the latest action
    submitted_revision: int | None = None         # the revision awaiting issuance (state "submitted")
    steps: tuple[Step, ...] = ()
    sponsors: tuple[str, ...] = ()                # sponsors at the first issuance still sponsoring (text_sponsors)

    @property
    def issued(self) -> Issuance | None:
        """The last issuance, or None."""
        return self.issuances[-1] if self.issuances else None

    @property
    def issued_text_revision(self) -> int | None:
        """The revision that is the issued text now: the last issuance's, or an oral
        revision's read out since; None before the first issuance."""
        if self.issued is None:
            return None
        return max([self.issued.revision, *(o.revision for o in self.oral_revisions if o.revision > self.issued.revision)])

    @property
    def issued_addenda(self) -> tuple[Addendum, ...]:
        """The addenda to the last issued document (addenda are numbered per document)."""
        return tuple(a for a in self.addenda if self.issued and addendum_of(a.symbol) == self.issued.symbol)

    @property
    def unlisted_sponsors(self) -> tuple[str, ...]:
        """Additional sponsors no addendum lists yet: whom the next addendum would list."""
        listed = {name for a in self.addenda for name in a.sponsors}
        return tuple(n for n in self.additional_sponsors if n not in listed)

    @property
    def originating_document(self) -> str:
        """What an adoption was "on": the last issued L or Rev. and its addenda,
        "A/75/L.111/Rev.1 and A/75/L.111/Rev.1/Add.1"; "" before issuance."""
        if self.issued is None:
            return ""
        return originating_documents(self.issued.symbol, [a.symbol for a in self.issued_addenda])


def text_sponsors(first_issuance: tuple[str, ...], current: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(sponsors, additional sponsors) of an issued text, the one rule the facts, the A/RES
    cover, the AKN export and the API share: the sponsors are those listed at the first
    issuance who still sponsor it; the additional ones joined after the first issuance and
    still sponsor it. Both alphabetical."""
    now, listed = set(current), set(first_issuance)
    return (tuple(alphabetical(n for n in listed if n in now)),
            tuple(alphabetical(n for n in now if n not in listed)))


def symbol_of(life: Lifecycle) -> str | None:
    """The symbol a draft goes by now: its resolution's once adopted, else its last issued one."""
    if life.action is not None and life.action.symbol:
        return life.action.symbol
    return life.issued.symbol if life.issued else None


# --- states, actions and who takes them -----------------------------------------------

PRIVATE, CIRCULATED, SUBMITTED, ISSUED = "private", "circulated", "submitted", "issued"
ADOPTED, REJECTED, WITHDRAWN, DEFERRED = "adopted", "rejected", "withdrawn", "deferred"
# The one list of states: (state, its name on a page, how a refusal says the draft is).
_STATE_TABLE = (
    (PRIVATE, "Private", "is private (the penholder circulates it first)"),
    (CIRCULATED, "Circulated", "is circulated and not yet submitted"),
    (SUBMITTED, "Submitted for issuance", "is submitted and awaits issuance"),
    (ISSUED, "Issued", "is issued"),
    (ADOPTED, "Adopted", "was adopted"),
    (REJECTED, "Rejected", "was rejected"),
    (WITHDRAWN, "Withdrawn", "was withdrawn"),
    (DEFERRED, "Action deferred", "awaits action (deferred)"),
)
STATES = tuple(state for state, _, _ in _STATE_TABLE)
STATE_NAMES = {state: name for state, name, _ in _STATE_TABLE}
_STATE_WORDS = {state: words for state, _, words in _STATE_TABLE}
# Draft.stage while the text is negotiated: the state is then the draft's status.
DRAFTING = "drafting"
STAGES = (DRAFTING, SUBMITTED, ISSUED, ADOPTED, REJECTED, WITHDRAWN, DEFERRED)

SUBMIT, ISSUE, REVISE, ADDENDUM, ORAL_REVISION = "submit", "issue", "revise", "addendum", "oral_revision"
ADOPT, REJECT, WITHDRAW, DEFER = "adopt", "reject", "withdraw", "defer"
# The one list of actions, in the order of a draft's life, with their names on the timeline.
_ACTION_TABLE = ((SUBMIT, "Submitted"), (ISSUE, "Issued"), (REVISE, "Revision submitted"), (ADDENDUM, "Addendum"),
                 (ORAL_REVISION, "Oral revision"), (ADOPT, "Adopted"), (REJECT, "Rejected"),
                 (WITHDRAW, "Withdrawn"), (DEFER, "Action deferred"))
ACTIONS = tuple(action for action, _ in _ACTION_TABLE)
# The timeline's steps: creation and circulation (from the audit trail), then the actions.
CREATED = "created"
STEP_NAMES = {CREATED: "Created", CIRCULATED: "Circulated", **dict(_ACTION_TABLE)}
# The outcome each action records (Action.kind).
OUTCOMES = {ADOPT: ADOPTED, REJECT: REJECTED, WITHDRAW: WITHDRAWN, DEFER: DEFERRED}

PENHOLDER, SECRETARIAT, DELEGATION = "penholder", "Secretariat", "delegation"


@dataclass(frozen=True)
class Rule:
    states: tuple[str, ...]        # the states it may be taken from
    roles: tuple[str, ...]         # who takes it
    to: str | None                 # the state it leads to; None: the state stays
    what: str                      # how the refusal names it


_ACTED_ON = (ISSUED, DEFERRED)
RULES: dict[str, Rule] = {
    SUBMIT: Rule((CIRCULATED,), (PENHOLDER,), SUBMITTED, "submitting the draft for issuance"),
    ISSUE: Rule((SUBMITTED,), (SECRETARIAT,), ISSUED, "issuing the draft with a symbol"),
    REVISE: Rule(_ACTED_ON, (PENHOLDER,), SUBMITTED, "submitting a revised text"),
    ADDENDUM: Rule(_ACTED_ON + (ADOPTED,), (SECRETARIAT,), None, "issuing an addendum"),
    ORAL_REVISION: Rule(_ACTED_ON, (SECRETARIAT,), None, "recording an oral revision"),
    ADOPT: Rule(_ACTED_ON, (SECRETARIAT,), ADOPTED, "recording its adoption"),
    REJECT: Rule(_ACTED_ON, (SECRETARIAT,), REJECTED, "recording its rejection"),
    DEFER: Rule((ISSUED,), (SECRETARIAT,), DEFERRED, "deferring action"),
    WITHDRAW: Rule((SUBMITTED,) + _ACTED_ON, (PENHOLDER, SECRETARIAT), WITHDRAWN, "withdrawing the draft"),
}

@dataclass(frozen=True)
class Refusal:
    kind: str      # "role" (403) or "state" (409)
    message: str


def refusal(action: str, state: str, role: str) -> Refusal | None:
    """Why ``role`` may not take ``action`` on a draft in ``state``; None when it may.
    The role is checked first: what a role may never do is refused whatever the state."""
    rule = RULES[action]
    if role not in rule.roles:
        who = " or ".join("the Secretariat" if r == SECRETARIAT else "the penholder delegation" for r in rule.roles)
        return Refusal("role", f"{rule.what} is for {who}")
    if state not in rule.states:
        fits = either(rule.states)
        return Refusal("state", f"the draft {_STATE_WORDS[state]}; {rule.what} fits a draft that is {fits}")
    return None


def either(words: Sequence[str]) -> str:
    """"issued", "issued or deferred", "submitted, issued or deferred"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def allowed(state: str, role: str) -> tuple[str, ...]:
    """The actions ``role`` may take now, in the order of a draft's life (for the forms)."""
    return tuple(a for a in ACTIONS if refusal(a, state, role) is None)


def state_of(status: str, stage: str) -> str:
    return status if stage == DRAFTING else stage


def frozen(stage: str, revision: int, symbol: str | None) -> str | None:
    """Why the text cannot be edited (or proposals decided) now; None when it can."""
    if stage == SUBMITTED:
        return (f"revision {revision} is submitted for issuance{f' as a revision of {symbol}' if symbol else ''}; "
                "the text is frozen until the Secretariat issues it")
    if stage in (ADOPTED, REJECTED, WITHDRAWN):
        return closed(stage, symbol)
    return None


def unfrozen_stages() -> tuple[str, ...]:
    """The stages in which the text may change (``frozen`` says None)."""
    return tuple(s for s in STAGES if frozen(s, 0, None) is None)


PROPOSALS, SPONSORSHIP = "proposals", "sponsorship"


def closed(stage: str, symbol: str | None, what: str = PROPOSALS, on: datetime.date | None = None) -> str | None:
    """Why no one may propose (``what`` PROPOSALS) or join or leave as a sponsor
    (SPONSORSHIP) any more: action was taken, ``on`` that day when known."""
    if stage not in (ADOPTED, REJECTED, WITHDRAWN):
        return None
    named = f" as {symbol}" if symbol and stage == ADOPTED else (f" ({symbol})" if symbol else "")
    when = f" on {un_date(on)}" if on else ""
    if what == SPONSORSHIP:
        return f"sponsorship closed when the draft was {stage}{named}{when}"
    return f"the draft was {stage}{named}{when}; its text is final"


# --- symbols, dates and votes ----------------------------------------------------------

class InvalidStep(InvalidDocument):
    """A field of a lifecycle step that is wrong (a symbol, a date, a vote): 400, naming it."""
    status = 400


def _clean_symbol(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidStep("give the symbol as text, such as \"A/80/L.24\"", where)
    if len(value) > 64 or any(ord(c) < 32 for c in value):
        raise InvalidStep("a symbol is at most 64 characters on one line", where)
    return normalise(value)


def _within(symbol: str, parts: dict[str, int], session: int, year: int | None, example: str,
            acted: bool = False) -> str:
    """``symbol`` when its fields fit the draft's session and year and its number is one
    of the body's (from 1); else a 400 naming what differs (first issuance and adoption alike)."""
    if "session" in parts and parts["session"] != session:
        where = f"was acted on at session {session}" if acted else f"is for session {session} (such as {example})"
        raise InvalidStep(f"{symbol} belongs to session {parts['session']}; this draft {where}", "symbol")
    if "year" in parts and year is not None and parts["year"] != year:
        raise InvalidStep(f"{symbol} is a symbol of {parts['year']}; a document issued in {year} is "
                          f"numbered like {example}", "symbol")
    if parts["number"] < 1:
        raise InvalidStep(f"{symbol}: {'numbers' if acted else 'L numbers'} start at 1", "symbol")
    return symbol


def first_symbol(body: Body, session: int, year: int, value: object) -> str:
    """The L symbol of a first issuance, checked against the body's template, session and year."""
    symbol = _clean_symbol(value, "symbol")
    example = body.draft_symbol.format(session=session, year=year, number=24)
    parts = template_fields(body.draft_symbol, symbol)
    if parts is None:
        raise InvalidStep(f"{symbol} is not an L symbol of the {body.name} (such as {example})", "symbol")
    return _within(symbol, parts, session, year, example)


def next_revision_symbol(first: str, issued: int) -> str:
    """After ``issued`` issuances of ``first``: "A/80/L.24/Rev.<issued>"."""
    return f"{first}/Rev.{issued}"


def next_addendum_symbol(issued: str, addenda: tuple[Addendum, ...]) -> str:
    """Addenda are numbered per issued document: "A/80/L.24/Add.1", "…/Rev.1/Add.1"."""
    return f"{issued}/Add.{sum(1 for a in addenda if addendum_of(a.symbol) == issued) + 1}"


def expected_symbol(value: object, expected: str, what: str) -> str:
    """``value`` when it is ``expected`` (or left out); else a 400 naming the one that fits."""
    if value is None or value == "":
        return expected
    symbol = _clean_symbol(value, "symbol")
    if symbol != expected:
        raise InvalidStep(f"{symbol} is not the next {what}; it would be {expected}", "symbol")
    return symbol


def adopted_symbol(body: Body, session: int, value: object, *, decision: bool = False) -> str:
    """The symbol an adoption gets: "A/RES/80/174" (or just "174", "80/174"); CND
    "resolution 69/3" or "decision 69/2". The session must be the draft's."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    symbol = _clean_symbol(value, "symbol")
    templates = [body.adopted_symbol] + ([body.decision_symbol] if body.decision_symbol else [])
    if decision and not body.decision_symbol:
        raise InvalidStep(f"the {body.name} adopts resolutions, not decisions, here", "decision")
    bare = re.fullmatch(r"(?:(\d{1,3})/)?(\d{1,4})", symbol, re.ASCII)
    if bare:
        number_session = int(bare.group(1) or session)
        template = body.decision_symbol if decision else body.adopted_symbol
        symbol = template.format(session=number_session, number=int(bare.group(2)))
    for template in templates:
        parts = template_fields(template, symbol)
        if parts is not None:
            return _within(symbol, parts, session, None, template.format(session=session, number=1), acted=True)
    examples = " or ".join(t.format(session=session, number=1) for t in templates)
    raise InvalidStep(f"{symbol} is not a symbol of an adoption by the {body.name} (such as {examples})",
                          "symbol")


def step_date(value: object, previous: datetime.date | None, today: datetime.date) -> datetime.date:
    """The date of a step (ISO "2026-11-20"; today when left out): never in the future,
    never before the step before it."""
    if value is None or value == "":
        day = today
    elif not isinstance(value, str) or len(value) != 10:
        raise InvalidStep("give the date as YYYY-MM-DD, such as \"2026-11-20\"", "date")
    else:
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise InvalidStep(f"{value!r} is not a date; give it as YYYY-MM-DD", "date") from None
    if day > today:
        raise InvalidStep(f"{day.isoformat()} is in the future; record a step once it has happened", "date")
    if previous is not None and day < previous:
        raise InvalidStep(f"{day.isoformat()} is before the previous step ({previous.isoformat()})", "date")
    return day


MAX_VOTERS = 250  # 193 Members and the observers, with room to spare


def recorded_vote(yes: tuple[str, ...], no: tuple[str, ...], abstain: tuple[str, ...]) -> Vote:
    """A recorded vote from three lists of delegation names (already matched to the
    delegations table): no one in two lists, counts computed, lists alphabetical."""
    seen: dict[str, str] = {}
    for where, names in (("yes", yes), ("no", no), ("abstain", abstain)):
        for name in names:
            if name in seen:
                raise InvalidStep(f"{name} is listed both in {seen[name]!r} and in {where!r}",
                                      f"vote.{where}")
            seen[name] = where
    if not seen:
        raise InvalidStep("a recorded vote lists who voted yes, no and abstained; all three are empty", "vote")
    return Vote("recorded", len(yes), len(no), len(abstain),
                tuple(alphabetical(yes)), tuple(alphabetical(no)), tuple(alphabetical(abstain)))


WITHOUT_VOTE = Vote("without vote")


def close_names(typed: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """Delegation names close to a ``typed`` one that matches none, for "did you mean":
    "Russia" → Russian Federation (a name starting with it), "Untied States" → United
    States of America (a near spelling)."""
    key = name_key(typed)
    keyed = {name_key(n): n for n in names}
    if len(key) < 3:
        return []
    starts = [n for k, n in keyed.items() if k.startswith(key) or f" {key}" in k]
    near = [keyed[k] for k in get_close_matches(key, list(keyed), n=limit, cutoff=0.8)]
    out = list(dict.fromkeys(starts[:limit] + near))
    return out[:limit]


# --- reading stored steps ----------------------------------------------------------------

_NEEDS_SYMBOL = (ISSUE, ADDENDUM, ADOPT)


def _names(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(n, str) for n in value)


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def event_problems(action: object, revision: object, symbol: object, date: object, detail: object) -> list[str]:
    """Why a stored step (a LifecycleEvent row) cannot be read, but for its vote; [] when
    it can. The draft's pages and `flask doctor` both ask this (services/lifecycle.py),
    so a row the one refuses the other names."""
    if action not in ACTIONS:
        return [f"unknown action {str(action)[:40]!r}"]
    problems = []
    if not isinstance(date, datetime.date):
        problems.append("it has no date")
    if action != ADDENDUM and not _count(revision):
        problems.append("it names no revision")
    if action in _NEEDS_SYMBOL and not (isinstance(symbol, str) and symbol):
        problems.append("it has no symbol")
    if not isinstance(detail, dict):
        return problems + ["its detail is not a JSON object"]
    if not _names(detail.get("sponsors", [])):
        problems.append("its sponsors are not a list of names")
    if action == ORAL_REVISION and not (isinstance(detail.get("by"), str) and _names(detail.get("paragraphs"))
                                        and isinstance(detail.get("text"), str)):
        problems.append("its oral revision lacks who read it out, the paragraphs or the text")
    for key in ("summary", "committee_line"):
        if not isinstance(detail.get(key, ""), str):
            problems.append(f"its {key.replace('_', ' ')} is not text")
    return problems  # the vote, stored as formats/facts_json writes it, is checked where it is read
