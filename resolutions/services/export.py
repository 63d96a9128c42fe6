"""Word files for the Secretariat, from any revision of a draft: the one door for Word exports.

A draft's Word file is one of five kinds, each a stage of its life (UN-FORMAT.md §3, §5):
the submission *manuscript* (no symbol yet), the L or Rev. *issued* under its symbol,
the *addendum* listing the sponsors who joined after issuance, the adopted *resolution*,
and the *compilation* text delegations negotiate on. The kind (and what it is tracked
against) defaults from the draft's state, as the menu's default does (``default_choice``);
``against`` given alone means the manuscript of the revision, tracked against it (issue #8).
Any text kind can carry every difference from an earlier text as Word tracked
changes (``against``): the base resolution the draft was started from, the last issued
L or Rev., or a revision number. A Rev. shows its changes against the issuance before it
unless told otherwise, as the General Assembly Affairs Branch requires.

The Export menu (``menu``) lists the choices a draft has and picks the one the
Secretariat requires for its state; ``from_choice`` turns a menu choice into arguments.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..domain.amendments import INSERT
from ..domain.document import Document
from ..domain.errors import InvalidDocument
from ..domain.languages import ENGLISH_NAMES
from ..domain.lifecycle import Issuance, Lifecycle
from ..domain.sponsors import alphabetical
from ..domain.symbols import addendum_of
from ..formats.docx_compilation import CompilationText, Entry, Proposed, write_compilation
from ..formats.docx_cover import ADDENDUM, ISSUED, MANUSCRIPT, RESOLUTION, Cover, printed_number
from ..formats.docx_text import Tracking
from ..formats.docx_writer import write_docx
from ..store import queries
from ..store.tables import Draft, Publication
from . import compilation, drafts, lifecycle, policy, proposal_views, publications, sponsorship
from .actors import Actor
from .errors import Conflict, NotFound
from .files import Exported, draft_stem, symbol_stem

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
COMPILATION = "compilation"
KINDS = (MANUSCRIPT, ISSUED, ADDENDUM, RESOLUTION, COMPILATION)
BASE, LAST_ISSUED, NONE = "base", "issued", "none"   # ``against`` words; else a revision number
AGAINST_WORDS = (BASE, LAST_ISSUED, NONE)
EARLIER_SHOWN = 100  # revisions the menu's "against an earlier revision" lists, newest first


@dataclass(frozen=True)
class Against:
    """The text tracked changes are shown against, and how a file name says so."""
    document: Document
    revision: int | None   # None: the base resolution, which is no revision of the draft
    name: str              # "base", "A_80_L.24", "rev3"


def docx(session: Session, actor: Actor, draft_id: int, number: int | None = None, *,
         against: str | int | None = None, kind: str | None = None) -> Exported:
    """The Word file of ``kind`` (default: from the draft's state) of revision ``number``
    (default: the one that kind stands for), with tracked changes ``against`` "base",
    "issued" or a revision number ("none": a clean text, also for a Rev.)."""
    draft = policy.require(actor, policy.EXPORT, queries.draft(session, draft_id), draft_id)
    if kind is not None and kind not in KINDS:
        raise InvalidDocument(f"kind must be one of {', '.join(KINDS)}", "kind")
    if against is not None and not _is_revision_number(against) and against not in AGAINST_WORDS:
        raise InvalidDocument("against must be base, issued, none or a revision number", "against")
    life = lifecycle.of(session, actor, draft_id)
    if kind is None and against is not None:
        kind = MANUSCRIPT  # ?against=X alone: the manuscript of the revision, tracked against X (issue #8)
    elif kind is None:  # the file the menu picks for the revision in the draft's state
        choice, _ = default_choice(draft, life, number or draft.current_revision, _base_publication(session, draft))
        kind, against = CHOICES[choice]
        if choice == "issued" and number not in {i.revision for i in life.issuances}:
            number = None  # an oral revision's text: the document issued before it was read out
    if kind == COMPILATION:
        return _compilation(session, actor, draft, number, against)
    if kind == ADDENDUM and against not in (None, NONE):
        raise InvalidDocument("an addendum lists sponsors and has no text to track changes in", "against")

    issuance = _issuance(draft, life, number) if kind == ISSUED else None
    number = _revision_of(draft, life, kind, number, issuance)
    view = drafts.view(session, actor, draft_id, number)
    if against is None and issuance is not None:
        against = _previous_issuance(life, issuance)  # a Rev. shows its changes against the one before
    base = _against(session, actor, draft, life, against)
    tracking = _tracking(session, actor, draft, view, life, base) if base is not None else None
    cover = _cover(session, actor, draft, view, life, kind, issuance)
    data = write_docx(view.document, cover, against=base.document if base else None, tracking=tracking)
    return Exported(_filename(draft, view.document, view.revision.number, kind, cover, base), data)


# --- the menu --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    key: str
    label: str


@dataclass(frozen=True)
class ExportMenu:
    draft_id: int
    revision: int                   # the revision the page shows: the text choices export it
    choices: tuple[Choice, ...]
    default: str                    # the key of the choice the Secretariat requires now
    reason: str                     # one line saying why
    earlier: tuple[int, ...]        # revisions to track changes against, newest first

    def label_of(self, key: str) -> str:
        return next(c.label for c in self.choices if c.key == key)


# key → (kind, against): "earlier" takes its revision from the menu's select; the kinds
# after "earlier" stand for a revision of their own, so the page's revision is not sent.
CHOICES: dict[str, tuple[str, str | None]] = {
    "clean": (MANUSCRIPT, NONE), "base": (MANUSCRIPT, BASE), "since-issued": (MANUSCRIPT, LAST_ISSUED),
    "earlier": (MANUSCRIPT, None), "issued": (ISSUED, None), "addendum": (ADDENDUM, None),
    "resolution": (RESOLUTION, None), "compilation": (COMPILATION, None),
}
_OWN_REVISION = ("issued", "addendum", "resolution", "compilation")


def from_choice(choice: str, revision: int | None, earlier: int | None) -> tuple[int | None, str, str | int | None]:
    """(revision, kind, against) for a menu choice; the page's ``revision`` for the text
    choices, ``earlier`` for "against an earlier revision"."""
    if choice not in CHOICES:
        raise InvalidDocument(f"choice must be one of {', '.join(CHOICES)}", "choice")
    kind, against = CHOICES[choice]
    if choice == "earlier":
        if earlier is None:
            raise InvalidDocument("choose the earlier revision to show the changes against", "earlier")
        against = earlier
    return (None if choice in _OWN_REVISION else revision), kind, against


def menu(session: Session, actor: Actor, draft_id: int, number: int | None = None) -> ExportMenu:
    """What this draft can be exported as, and the default for its state."""
    # Only the revision's number is needed: drafts.view would load and check its whole text
    # once more on every draft page (a third of the page's time under load).
    draft = policy.require(actor, policy.EXPORT, queries.draft(session, draft_id), draft_id)
    n = draft.current_revision if number is None else number
    if not (isinstance(n, int) and 0 < n <= draft.current_revision):  # revisions run 1 … current
        raise NotFound(f"draft {draft.id} has no revision {n}; it has 1 to {draft.current_revision}", "revision")
    life = lifecycle.of(session, actor, draft_id)
    base = _base_publication(session, draft)
    issued = life.issued
    choices = [Choice("clean", f"Clean manuscript (revision {n})")]
    if base is not None:
        choices.append(Choice("base", f"Tracked changes against the base resolution, {base.symbol}"))
    if issued is not None and n != issued.revision:  # the issued text itself has no changes against it
        choices.append(Choice("since-issued", f"Tracked changes against the issued {issued.symbol}"))
    earlier = tuple(range(n - 1, max(0, n - 1 - EARLIER_SHOWN), -1))
    if earlier:
        choices.append(Choice("earlier", "Tracked changes against an earlier revision"))
    if issued is not None:
        previous = _previous_issuance(life, issued)
        shows = f", with its changes against {life.issuances[-2].symbol}" if previous is not None else ""
        choices.append(Choice("issued", f"{issued.symbol} as issued{shows}"))
    if life.addenda:
        choices.append(Choice("addendum", f"{life.addenda[-1].symbol}: the additional sponsors"))
    if life.action is not None and life.action.kind == "adopted":
        choices.append(Choice("resolution", f"{life.action.symbol or 'The resolution'} as adopted"))
    choices.append(Choice("compilation", "The compilation text: labels, statuses, open proposals"))
    default, reason = default_choice(draft, life, n, base)
    return ExportMenu(draft.id, n, tuple(choices), default, reason, earlier)


def default_choice(draft: Draft, life: Lifecycle, n: int, base: Publication | None) -> tuple[str, str]:
    """The menu choice (CHOICES key) the Secretariat requires for revision ``n`` in the
    draft's state, and one line saying why: the menu's default and a file asked for with
    no kind alike. The resolution once adopted; the changes since issuance while they
    await a Rev.; the L or Rev. issued; a GA draft on a base against it; else the clean text."""
    issued, action = life.issued, life.action
    if action is not None and action.kind == "adopted" and n >= action.revision:
        return "resolution", f"Adopted as {action.symbol or 'a resolution'}: the text as adopted."
    # the issued text as it stands: the issuance's revision, or an oral revision's read out since
    issued_text = life.issued_text_revision
    if issued is not None and n > issued_text:
        return "since-issued", (f"The text changed since {issued.symbol} was issued: a revised draft "
                                f"must show its changes against it in Track Changes.")
    if issued is not None and (n > issued.revision or n in {i.revision for i in life.issuances}):
        return "issued", f"Issued as {issued.symbol}: the text as the Secretariat issued it."
    if base is not None and draft.body == "GA":
        return "base", (f"Based on {base.symbol}: the General Assembly Affairs Branch requires every change "
                        "against the base resolution in Track Changes.")
    return "clean", "A new text: the Secretariat takes the clean manuscript, without tracked changes."


# --- what a file is made of --------------------------------------------------------------------

def _is_revision_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _issuance(draft: Draft, life: Lifecycle, number: int | None) -> Issuance:
    if life.issued is None:
        raise Conflict(f"draft {draft.id} has not been issued yet: export the manuscript", "kind")
    if number is None:
        return life.issued
    for issuance in life.issuances:
        if issuance.revision == number:
            return issuance
    issued = ", ".join(f"{i.symbol} (revision {i.revision})" for i in life.issuances)
    raise Conflict(f"revision {number} of draft {draft.id} was not issued; issued: {issued}", "revision")


def _revision_of(draft: Draft, life: Lifecycle, kind: str, number: int | None, issuance: Issuance | None) -> int | None:
    """The revision a kind stands for: the issued one, the one adopted; a manuscript any."""
    if kind == ISSUED:
        return issuance.revision
    if kind == ADDENDUM:
        if not life.addenda:
            raise Conflict(f"draft {draft.id} has no addendum: sponsors who join after issuance are listed in one",
                           "kind")
        return _fixed(draft, "the addendum", life.issued.revision, number)
    if kind == RESOLUTION:
        action = life.action
        if action is None or action.kind != "adopted":
            state = f"was {action.kind}" if action is not None else "has not been acted on"
            raise Conflict(f"draft {draft.id} {state}, not adopted: there is no resolution to export", "kind")
        return _fixed(draft, action.symbol or "the resolution", action.revision, number)
    return number


def _fixed(draft: Draft, what: str, revision: int, number: int | None) -> int:
    if number is not None and number != revision:
        raise Conflict(f"{what} is revision {revision} of draft {draft.id}, not revision {number}", "revision")
    return revision


def _previous_issuance(life: Lifecycle, issuance: Issuance) -> int | None:
    """The revision issued before ``issuance`` (a Rev.'s L), None for the first."""
    k = life.issuances.index(issuance)
    return life.issuances[k - 1].revision if k > 0 else None


def _base_publication(session: Session, draft: Draft) -> Publication | None:
    return session.get(Publication, draft.base_publication_id) if draft.base_publication_id else None


def _against(session: Session, actor: Actor, draft: Draft, life: Lifecycle, against: str | int | None) -> Against | None:
    if against is None or against == NONE:
        return None
    if against == BASE:
        pub = _base_publication(session, draft)
        if pub is None:
            raise Conflict(f"draft {draft.id} was not started from a resolution: it has no base to show "
                           "changes against", "against")
        return Against(publications.stored_document(pub), None, "base")
    if against == LAST_ISSUED:
        if life.issued is None:
            raise Conflict(f"draft {draft.id} has not been issued yet: there is no issued text to show "
                           "changes against", "against")
        issued = life.issued
        return Against(drafts.view(session, actor, draft.id, issued.revision).document, issued.revision,
                       symbol_stem(issued.symbol))
    for issuance in life.issuances:  # a number the L or a Rev. was issued at is named by its symbol
        if issuance.revision == against:
            return Against(drafts.view(session, actor, draft.id, against).document, against,
                           symbol_stem(issuance.symbol))
    return Against(drafts.view(session, actor, draft.id, against).document, against, f"rev{against}")


def _tracking(session: Session, actor: Actor, draft: Draft, view: drafts.DraftView, life: Lifecycle,
              against: Against) -> Tracking:
    """Who made each paragraph's changes from ``against`` to ``view``: the delegations of
    the proposals accepted in between, and of oral revisions read out in between (both
    alphabetical), else the penholder; dated the revision's time."""
    low = against.revision or 0
    high = view.revision.number
    accepted = {pid for _, pid in proposal_views.accepted_between(session, actor, draft.id, low, high)}
    names: dict[str, set[str]] = {}
    if accepted:
        for row in proposal_views.rows_of(session, draft.id, proposal_views.ACCEPTED):
            if row.id in accepted:
                paragraph = row.new_paragraph_id if row.kind == INSERT and row.new_paragraph_id else row.paragraph_id
                names.setdefault(paragraph, set()).update(d.delegation.name for d in row.delegations)
    first, last = sorted((low, high))
    for oral in life.oral_revisions:
        if first < oral.revision <= last:
            for paragraph in oral.paragraphs:
                names.setdefault(paragraph, set()).add(oral.by)
    authors = {pid: ", ".join(alphabetical(who)) for pid, who in names.items() if who}
    return Tracking(author=view.penholder, date=view.revision.created_at, authors=authors)


def _cover(session: Session, actor: Actor, draft: Draft, view: drafts.DraftView, life: Lifecycle, kind: str,
           issuance: Issuance | None) -> Cover:
    language = ENGLISH_NAMES.get(view.document.language, "English")
    today = datetime.datetime.now(datetime.timezone.utc).date()
    common = {"original_language": language, "author": view.penholder}
    if kind == ISSUED:
        return Cover(ISSUED, issuance.symbol, issuance.date, issuance.sponsors, **common)
    if kind == ADDENDUM:
        addendum = life.addenda[-1]
        adds_to = addendum_of(addendum.symbol)
        return Cover(ADDENDUM, addendum.symbol, addendum.date, life.issued.sponsors,
                     additional_sponsors=addendum.sponsors, adds_to=adds_to, **common)
    if kind == RESOLUTION:
        action = life.action
        sponsors = life.sponsors + life.additional_sponsors  # domain/lifecycle.text_sponsors
        symbol = action.symbol or ""
        return Cover(RESOLUTION, symbol, action.date, tuple(alphabetical(sponsors)), adopted_on=action.date,
                     committee_line=action.committee_line, number=printed_number(symbol), **common)
    sponsors = tuple(sponsorship.of(session, actor, draft.id).sponsors)
    return Cover(MANUSCRIPT, "", today, sponsors, **common)


def _compilation(session: Session, actor: Actor, draft: Draft, number: int | None,
                 against: str | int | None) -> Exported:
    if against not in (None, NONE):
        raise InvalidDocument("the compilation text shows proposals, not tracked changes: leave against out",
                              "against")
    found = compilation.view(session, actor, draft.id)
    if number is not None and number != found.revision:
        raise Conflict(f"the compilation text is of the current revision ({found.revision}) of draft {draft.id}, "
                       f"not revision {number}", "revision")
    doc = found.document
    entries = tuple(Entry(r.label, r.section, r.depth, r.paragraph, _status_of(r), r.status,
                          tuple(Proposed(p.summary, p.kind, p.current_text, p.result, p.delegations)
                                for p in r.proposals)) for r in found.rows)
    text = CompilationText(
        draft.body, doc.language, found.title, found.penholder, found.revision,
        found.reference_revision, datetime.datetime.now(datetime.timezone.utc).date(), entries,
        tuple((compilation.STATUS_NAMES[s], found.counts[s]) for s in compilation.STATUSES),
        found.open_proposals, tuple(f"{p.label}: {p.summary}" for p in found.orphans))
    return Exported(f"{draft_stem(doc.body, doc.session, draft.id, found.revision)}-compilation.docx",
                    write_compilation(text))


def _status_of(row: compilation.Row) -> str:
    if row.proposed is not None:
        return f"{row.status_shown} by {', '.join(row.proposed.delegations)}"
    return row.status_shown


# --- file names ------------------------------------------------------------------------------

def _filename(draft: Draft, doc: Document, revision: int, kind: str, cover: Cover, against: Against | None) -> str:
    """Names that say what the file is: "A_80_L.24_Rev.1.docx", "GA-81-draft-5-rev7-tracked-against-base.docx"."""
    if kind == MANUSCRIPT or not cover.symbol:
        stem = draft_stem(doc.body, doc.session, draft.id, revision)
    else:
        stem = symbol_stem(cover.symbol, draft.body)
    tracked = f"-tracked-against-{against.name}" if against is not None else ""
    return f"{stem}{tracked}.docx"
