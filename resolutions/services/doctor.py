"""The doctor: every stored row this version cannot load or would not accept, and the
repairs that lose no text.

What it reads: each revision of each draft (document_json.load, then the domain's
validation), each draft's current revision (does its row exist?), each publication,
each publication's facts (facts_json.load), and each lifecycle step
(domain/lifecycle.event_problems, the check the draft's pages make). Stored JSON is read as text and parsed
here, so that even a row that is not JSON at all is named instead of stopping the scan.

What ``repair`` changes:
- a damaged *current* revision: a new revision whose document is validation.repair's,
  written by the draft's creator ("Repaired by `flask doctor`: …"). Revisions are
  immutable, so the damaged one stays in the history, and a damaged *older* revision is
  only reported;
- a draft whose current revision has no row: pointed back at its newest stored revision;
- a publication: repaired in place (it is a re-importable copy of a UN document);
- facts are only reported (re-importing the metadata file replaces them);
- lifecycle steps are only reported: they record what happened, which no one can guess.
An unknown language is taken from what else is known (the publication's row, the
draft's other revisions) or reported; nothing is ever guessed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from ..domain import validation
from ..domain.document import Document
from ..domain.errors import DomainError
from ..domain.languages import is_language
from ..formats import document_json, facts_json
from ..store import revisions
from ..store.tables import Draft, Publication, PublicationFacts, Revision, User
from . import audit, lifecycle
from .drafts import MAX_MESSAGE
from .unit_of_work import changed

SHOWN_REASONS = 10   # per row; a document broken everywhere would bury the rest
BATCH = 500


@dataclass
class Finding:
    what: str                      # "draft 12, revision 3 (current)", "publication A/RES/78/1 (en)"
    reasons: list[str]
    # Set by planning: how --repair fixes it, or why it cannot.
    fix: Callable[[Session], str] | None = None
    plan: str = ""                 # what the fix will do, when it is more than the reasons say
    cannot: str = ""
    outcome: str = ""              # after repair(): what was done
    resolved: bool = False
    draft_id: int | None = None
    revision: int | None = None
    symbol: str | None = None


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)
    repairing: bool = False

    @property
    def unresolved(self) -> list[Finding]:
        return [f for f in self.findings if not f.resolved]

    def lines(self) -> list[str]:
        checked = ", ".join(plural(n, what) for what, n in self.checked.items())
        out = [f"Checked {checked}."]
        if not self.findings:
            return out + ["No problems found."]
        for finding in self.findings:
            shown = finding.reasons[:SHOWN_REASONS]
            more = len(finding.reasons) - len(shown)
            out.append(f"{finding.what}: " + "; ".join(shown) + (f"; … and {more} more" if more > 0 else ""))
            if self.repairing:
                out.append(f"    {'repaired' if finding.resolved else 'not repaired'}: {finding.outcome}")
            elif finding.fix is not None:
                plan = f" ({finding.plan})" if finding.plan else ""
                out.append(f"    can be repaired{plan}: run `flask --app app doctor --repair`")
            else:
                out.append(f"    cannot be repaired automatically: {finding.cannot}")
        fixed = sum(f.resolved for f in self.findings)
        total = len(self.findings)
        if self.repairing:
            out.append(f"{plural(total, 'damaged row')}: {fixed} repaired, {total - fixed} not.")
        else:
            fixable = sum(f.fix is not None for f in self.findings)
            out.append(f"{plural(total, 'damaged row')}; `--repair` can fix {fixable}.")
        return out


def plural(count: int, noun: str) -> str:
    """A count and its noun: 1 revision, 12 revisions (a noun ending in s, such as
    "publication facts", stays as it is)."""
    return f"{count:,} {noun}" if count == 1 or noun.endswith("s") else f"{count:,} {noun}s"


def examine(session: Session) -> Report:
    """Every damaged row, each with how --repair would fix it or why it cannot; writes nothing."""
    report = Report()
    damaged_revisions = _revisions(session, report)
    _missing_current(session, report)
    _publications(session, report)
    _facts(session, report)
    _lifecycle_events(session, report)
    for finding in report.findings:
        if finding.revision is not None:
            _plan_revision(session, finding, damaged_revisions)
    return report


def repair(session: Session) -> Report:
    """examine(), then every repair that loses no text, each recorded in the audit trail;
    the changed drafts and publications go to the search index after the commit."""
    report = examine(session)
    report.repairing = True
    for finding in report.findings:
        if finding.fix is None:
            finding.outcome = finding.cannot
            continue
        try:  # a fix refuses before it writes, so one refusal leaves the others standing
            finding.outcome = finding.fix(session)
            finding.resolved = True
        except DomainError as error:
            finding.outcome = f"{error}"
    session.flush()
    return report


# --- reading ---------------------------------------------------------------------------

def _parse(raw: str | None) -> tuple[Any, str | None]:
    if raw is None:
        return None, "the stored document is empty (NULL)"
    try:
        return json.loads(raw), None
    except ValueError as error:
        return None, f"the stored document is not JSON ({error})"


def _document(raw: str | None) -> tuple[Document | None, list[str]]:
    """(the document as loaded, or None; every reason it is not acceptable)."""
    data, error = _parse(raw)
    if error:
        return None, [error]
    try:
        doc = document_json.load(data)
    except DomainError as failure:
        return None, [f"cannot be read: {failure}"]
    except (TypeError, ValueError, RecursionError) as failure:
        return None, [f"cannot be read ({type(failure).__name__}: {failure})"]
    return doc, [str(p) for p in validation.problems(doc)]


def _revisions(session: Session, report: Report) -> dict[int, dict[int, Document | None]]:
    """Findings for damaged revisions; returns draft id → {number: document or None}."""
    query = (select(Revision.draft_id, Revision.number, cast(Revision.document, Text), Draft.current_revision)
             .join(Draft, Draft.id == Revision.draft_id).order_by(Revision.draft_id, Revision.number))
    damaged: dict[int, dict[int, Document | None]] = {}
    count = 0
    for draft_id, number, raw, current in session.execute(query.execution_options(yield_per=BATCH)):
        count += 1
        doc, reasons = _document(raw)
        if reasons:
            damaged.setdefault(draft_id, {})[number] = doc
            label = f"draft {draft_id}, revision {number}" + (" (current)" if number == current else "")
            report.findings.append(Finding(label, reasons, draft_id=draft_id, revision=number))
    report.checked["revision"] = count
    report.checked["draft"] = session.scalar(select(func.count()).select_from(Draft)) or 0
    return damaged


def _missing_current(session: Session, report: Report) -> None:
    has_row = select(Revision.id).where(Revision.draft_id == Draft.id,
                                        Revision.number == Draft.current_revision).exists()
    newest = (select(func.max(Revision.number)).where(Revision.draft_id == Draft.id)
              .correlate(Draft).scalar_subquery())
    for draft_id, current, last in session.execute(select(Draft.id, Draft.current_revision, newest)
                                                   .where(~has_row).order_by(Draft.id)):
        finding = Finding(f"draft {draft_id}", [f"its current revision {current} has no row"
                                                + (f" (the newest stored is {last})" if last else
                                                   " and it has no revisions at all")], draft_id=draft_id)
        if last:
            finding.fix = lambda s, d=draft_id, n=last: _point_back(s, d, n)
        else:
            finding.cannot = "a draft without any revision holds no text to show; remove it by hand"
        report.findings.append(finding)


def _publications(session: Session, report: Report) -> None:
    query = select(Publication.id, Publication.symbol, Publication.language, Publication.source_name,
                   cast(Publication.document, Text)).order_by(Publication.id)
    count = 0
    for pub_id, symbol, language, source, raw in session.execute(query.execution_options(yield_per=BATCH)):
        count += 1
        doc, reasons = _document(raw)
        if not reasons:
            continue
        finding = Finding(f"publication {symbol} ({language})", reasons, symbol=symbol)
        reimport = f"re-import it from {source} with `flask --app app corpus import`"
        if doc is None:
            finding.cannot = f"it cannot be read; {reimport}"
        else:
            if not is_language(doc.language) and is_language(language):
                doc = replace(doc, language=language)  # the row's language is its key
                finding.plan = f"the language becomes {language!r}, the publication's own"
            fixed, left = validation.repair(doc)
            if left:
                finding.cannot = f"{_left(left, reasons)}; {reimport}"
            else:
                finding.fix = lambda s, i=pub_id, d=fixed: _rewrite_publication(s, i, d)
        report.findings.append(finding)
    report.checked["publication"] = count


def _facts(session: Session, report: Report) -> None:
    query = select(PublicationFacts.symbol, cast(PublicationFacts.facts, Text)).order_by(PublicationFacts.symbol)
    count = 0
    for symbol, raw in session.execute(query.execution_options(yield_per=BATCH)):
        count += 1
        data, error = _parse(raw)
        if error is None:
            try:
                facts_json.load(data)
            except Exception as failure:  # noqa: BLE001 - any failure to read is the finding
                error = f"cannot be read ({type(failure).__name__}: {failure})"
        if error:
            report.findings.append(Finding(
                f"facts of {symbol}", [error.replace("stored document", "stored facts")], symbol=symbol,
                cannot="facts are the UN's metadata: re-import the metadata file (.jsonl) with "
                       "`flask --app app corpus import`"))
    report.checked["publication facts"] = count


def _lifecycle_events(session: Session, report: Report) -> None:
    count = 0
    for event_id, draft_id, reasons in lifecycle.stored_problems(session):
        count += 1
        if reasons:
            report.findings.append(Finding(
                f"lifecycle event {event_id} of draft {draft_id}", reasons, draft_id=draft_id,
                cannot="a lifecycle step records what happened (who issued, adopted, when): fix the row by hand "
                       "from the audit trail (`lifecycle.*` events of the draft)"))
    report.checked["lifecycle event"] = count


# --- planning the repair of a revision ------------------------------------------------------

def _plan_revision(session: Session, finding: Finding, damaged: dict[int, dict[int, Document | None]]) -> None:
    draft = session.get(Draft, finding.draft_id)
    if finding.revision != draft.current_revision:
        finding.cannot = ("an older revision: revisions are immutable, so it is reported, not changed "
                          "(the draft's current text is not affected)")
        return
    doc = damaged[draft.id][finding.revision]
    readable = _newest_readable(session, draft.id, damaged[draft.id])
    restore = (f"restore revision {readable} from the draft's history, or fix the row by hand"
               if readable else "fix the row by hand")
    if doc is None:
        finding.cannot = f"the current revision cannot be read, so nothing can be kept from it; {restore}"
        return
    notes = []
    if not is_language(doc.language):
        language = _language_of_history(session, draft.id, damaged[draft.id])
        if language:
            doc = replace(doc, language=language)
            notes.append(f"the language becomes {language!r}, as in the draft's other revisions")
    fixed, left = validation.repair(doc)
    if left:
        finding.cannot = f"{_left(left, finding.reasons)}; {restore}"
        return
    finding.plan = "; ".join(notes)
    summary = "; ".join(notes + finding.reasons)
    message = f"Repaired by `flask doctor`: revision {finding.revision} could not be accepted ({summary})"
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE - 2] + "…)"
    finding.fix = lambda s, d=draft.id, base=finding.revision: _new_revision(s, d, base, fixed, message)


def _left(left: list[str], reasons: list[str]) -> str:
    if left == reasons:
        return "none of this can be fixed without a person deciding"
    return f"a repair would still leave: {'; '.join(left[:3])}"


def _newest_readable(session: Session, draft_id: int, damaged: dict[int, Document | None]) -> int | None:
    numbers = session.scalars(select(Revision.number).where(Revision.draft_id == draft_id)
                              .order_by(Revision.number.desc()))
    return next((n for n in numbers if n not in damaged), None)


def _language_of_history(session: Session, draft_id: int, damaged: dict[int, Document | None]) -> str | None:
    """The one language the draft's readable revisions agree on, or None."""
    languages = set()
    rows = session.execute(select(Revision.number, cast(Revision.document, Text))
                           .where(Revision.draft_id == draft_id))
    for number, raw in rows:
        doc = damaged.get(number) if number in damaged else _document(raw)[0]
        if doc is not None and is_language(doc.language):
            languages.add(doc.language)
    return languages.pop() if len(languages) == 1 else None


# --- the repairs ----------------------------------------------------------------------------

def _new_revision(session: Session, draft_id: int, base: int, doc: Document, message: str) -> str:
    stored = document_json.dump(validation.validate(doc))  # refuse before anything is written
    draft = session.get(Draft, draft_id)
    if not revisions.advance(session, draft, base):
        raise DomainError(f"draft {draft_id} was saved while the doctor ran; run it again")
    author = session.get(User, draft.created_by)
    session.add(Revision(draft_id=draft_id, number=base + 1, parent_number=base, author_id=author.id,
                         delegation_id=author.delegation_id, message=message, document=stored))
    draft.title, draft.session = doc.title, doc.session  # the listing reads these columns
    audit.record(session, None, "doctor.repaired", draft_id=draft_id,
                 detail={"revision": base + 1, "repaired": base, "message": message})
    session.flush()
    changed(session).drafts.add(draft_id)
    return f"revision {base + 1} written with the repaired text (revision {base} is kept as it was)"


def _point_back(session: Session, draft_id: int, number: int) -> str:
    draft = session.get(Draft, draft_id)
    missing = draft.current_revision
    doc, reasons = _document(session.scalar(select(cast(Revision.document, Text))
                                            .where(Revision.draft_id == draft_id, Revision.number == number)))
    draft.current_revision = number
    if doc is not None and not reasons:
        draft.title, draft.session = doc.title, doc.session
    audit.record(session, None, "doctor.repaired", draft_id=draft_id,
                 detail={"current_revision": number, "missing": missing})
    session.flush()
    changed(session).drafts.add(draft_id)
    return f"the current revision is now {number}, the newest stored"


def _rewrite_publication(session: Session, pub_id: int, doc: Document) -> str:
    pub = session.get(Publication, pub_id)
    pub.document = document_json.dump(validation.validate(doc))
    pub.title = doc.title
    audit.record(session, None, "doctor.repaired", detail={"publication": pub.symbol, "language": pub.language})
    session.flush()
    changed(session).publications.add(pub_id)
    return "repaired in place (it is a copy of a UN document, re-importable from its source)"
