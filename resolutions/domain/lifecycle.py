"""The life of a draft after negotiation: submitted, issued with a symbol, revised, acted on.

Pure data (UN-FORMAT.md §1, §3): the dataclasses other layers read, the table of which
action fits which state and who may take it, and the checks on symbols and dates.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .bodies import Body
from .errors import InvalidDocument
from .records import Vote
from .sponsors import alphabetical
from .symbols import normalise


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

    @property
    def issued(self) -> Issuance | None:
        """The last issuance, or None."""
        return self.issuances[-1] if self.issuances else None


def symbol_of(life: Lifecycle) -> str | None:
    """The symbol a draft goes by now: its resolution's once adopted, else its last issued one."""
    if life.action is not None and life.action.symbol:
        return life.action.symbol
    return life.issued.symbol if life.issued else None


# --- states, actions and who takes them -----------------------------------------------

PRIVATE, CIRCULATED, SUBMITTED, ISSUED = "private", "circulated", "submitted", "issued"
ADOPTED, REJECTED, WITHDRAWN, DEFERRED = "adopted", "rejected", "withdrawn", "deferred"
STATES = (PRIVATE, CIRCULATED, SUBMITTED, ISSUED, ADOPTED, REJECTED, WITHDRAWN, DEFERRED)
# Draft.stage while the text is negotiated: the state is then the draft's status.
DRAFTING = "drafting"
STAGES = (DRAFTING, SUBMITTED, ISSUED, ADOPTED, REJECTED, WITHDRAWN, DEFERRED)

SUBMIT, ISSUE, REVISE, ADDENDUM, ORAL_REVISION = "submit", "issue", "revise", "addendum", "oral_revision"
ADOPT, REJECT, WITHDRAW, DEFER = "adopt", "reject", "withdraw", "defer"
ACTIONS = (SUBMIT, ISSUE, REVISE, ADDENDUM, ORAL_REVISION, ADOPT, REJECT, WITHDRAW, DEFER)
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

_STATE_WORDS = {
    PRIVATE: "is private (the penholder circulates it first)",
    CIRCULATED: "is circulated and not yet submitted",
    SUBMITTED: "is submitted and awaits issuance",
    ISSUED: "is issued",
    ADOPTED: "was adopted",
    REJECTED: "was rejected",
    WITHDRAWN: "was withdrawn",
    DEFERRED: "awaits action (deferred)",
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
        fits = ", ".join(rule.states)
        return Refusal("state", f"the draft {_STATE_WORDS[state]}; {rule.what} fits a draft that is {fits}")
    return None


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


def closed(stage: str, symbol: str | None) -> str | None:
    """Why no one may propose or join as sponsor any more: action was taken."""
    if stage == ADOPTED:
        return f"the draft was adopted{f' as {symbol}' if symbol else ''}; its text is final"
    if stage in (REJECTED, WITHDRAWN):
        return f"the draft was {stage}{f' ({symbol})' if symbol else ''}; its text is final"
    return None


# --- symbols, dates and votes ----------------------------------------------------------

class InvalidStep(InvalidDocument):
    """A field of a lifecycle step that is wrong (a symbol, a date, a vote): 400, naming it."""
    status = 400


def _template(pattern: str) -> re.Pattern:
    """A body's symbol template ("A/{session}/L.{number}") as a regular expression."""
    parts = re.split(r"\{(\w+)\}", pattern)
    regex = "".join(re.escape(p) if i % 2 == 0 else rf"(?P<{p}>\d{{1,4}})" for i, p in enumerate(parts))
    return re.compile(f"^{regex}$")


def _clean_symbol(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidStep("give the symbol as text, such as \"A/80/L.24\"", where)
    if len(value) > 64 or any(ord(c) < 32 for c in value):
        raise InvalidStep("a symbol is at most 64 characters on one line", where)
    return normalise(value)


def first_symbol(body: Body, session: int, year: int, value: object) -> str:
    """The L symbol of a first issuance, checked against the body's template, session and year."""
    symbol = _clean_symbol(value, "symbol")
    example = body.draft_symbol.format(session=session, year=year, number=24)
    found = _template(body.draft_symbol).match(symbol)
    if found is None:
        raise InvalidStep(f"{symbol} is not an L symbol of the {body.name} (such as {example})", "symbol")
    parts = {k: int(v) for k, v in found.groupdict().items()}
    if "session" in parts and parts["session"] != session:
        raise InvalidStep(f"{symbol} belongs to session {parts['session']}; this draft is for session "
                              f"{session} (such as {example})", "symbol")
    if "year" in parts and parts["year"] != year:
        raise InvalidStep(f"{symbol} is a symbol of {parts['year']}; a document issued in {year} is "
                              f"numbered like {example}", "symbol")
    if parts["number"] < 1:
        raise InvalidStep(f"{symbol}: L numbers start at 1", "symbol")
    return symbol


def next_revision_symbol(first: str, issued: int) -> str:
    """After ``issued`` issuances of ``first``: "A/80/L.24/Rev.<issued>"."""
    return f"{first}/Rev.{issued}"


def next_addendum_symbol(issued: str, addenda: tuple[Addendum, ...]) -> str:
    """Addenda are numbered per issued document: "A/80/L.24/Add.1", "…/Rev.1/Add.1"."""
    return f"{issued}/Add.{sum(1 for a in addenda if a.symbol.rsplit('/Add.', 1)[0] == issued) + 1}"


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
    bare = re.fullmatch(r"(?:(\d{1,3})/)?(\d{1,4})", symbol)
    if bare:
        number_session = int(bare.group(1) or session)
        template = body.decision_symbol if decision else body.adopted_symbol
        symbol = template.format(session=number_session, number=int(bare.group(2)))
    for template in templates:
        found = _template(template).match(symbol)
        if found:
            parts = {k: int(v) for k, v in found.groupdict().items()}
            if parts.get("session", session) != session:
                raise InvalidStep(f"{symbol} belongs to session {parts['session']}; this draft was acted "
                                      f"on at session {session}", "symbol")
            if parts["number"] < 1:
                raise InvalidStep(f"{symbol}: numbers start at 1", "symbol")
            return symbol
    examples = " or ".join(t.format(session=session, number=1) for t in templates)
    raise InvalidStep(f"{symbol} is not a symbol of an adoption by the {body.name} (such as {examples})",
                          "symbol")


def committee_line(body: Body, first: str, value: object) -> str:
    """The bracketed line under an adopted GA resolution's date; the body's default
    names the L ("[without reference to a Main Committee (A/80/L.24)]")."""
    if value is None or value == "":
        return body.committee_line.format(symbol=first) if body.committee_line else ""
    if not isinstance(value, str) or len(value) > 300 or any(ord(c) < 32 for c in value):
        raise InvalidStep("the committee line is one line of at most 300 characters, such as "
                              "\"[on the report of the Third Committee (A/80/481, para. 10)]\"", "committee")
    line = " ".join(value.split())
    return line if line.startswith("[") and line.endswith("]") else f"[{line.strip('[]')}]"


def committee_of(line: str) -> str:
    """The committee as the UN's metadata names it: "Third Committee", or "Without
    reference to a Main Committee" (the plenary's own drafts)."""
    found = re.search(r"on the report of the (.+? Committee)", line)
    if found:
        return found.group(1)
    if "without reference to a main committee" in line.casefold():
        return "Without reference to a Main Committee"
    return line.strip("[]")


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
