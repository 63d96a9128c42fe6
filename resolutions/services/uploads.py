"""Word files uploaded in the browser (issue #8, point 4).

    new_draft(session, actor, data, filename) -> NewDraft
        A delegation's own .docx becomes a new draft it holds the pen of, read as the
        corpus import reads Word (formats/docx_reader.py); the other sponsors the file
        names are reported (they can join once it is circulated), never joined for them.
    read_partner_file(session, actor, draft_id, data, filename, secret) -> PartnerFile
        A partner's .docx with tracked changes on a circulated draft, as the changes it
        makes: one per changed paragraph and Word author (replace with the new wording,
        delete, insert after the paragraph before), with the delegation each author most
        likely speaks for, and a signed token holding them for the confirmation.
    confirm(session, actor, draft_id, token, mapping, chosen, secret) -> Confirmed
        The ticked changes as proposals, each in the name of the delegation its author
        was mapped to (policy.require_attribution says who may attribute to whom, once per
        author; policy.penholders_own_changes which are not proposals).

How the file is matched to the draft: the text with every change rejected is the text
the partner started from; it is matched to the revision it reads most like (of the last
MATCHED_REVISIONS) by paragraph-id bookmarks when our export wrote them, else by wording
(domain/alignment.py). A file is a copy of the draft when at least COPY_SHARE of that
revision's paragraphs are in it, give or take a few words (CLOSE); any other file is
refused as another text (the measurements are at COPY_SHARE; real texts in
tests/services/test_upload_matching.py).
Each author's changes alone (formats/docx_revisions.accept_by) are then compared with it
paragraph by paragraph (domain/diff.py), so two authors who changed one paragraph make
two proposals; each reading's paragraphs take the ids the rejected text got (through the
file's own bookmarks, else by wording), and a paragraph is proposed for deletion only
when its author's tracked changes delete something. The work is bounded per upload
(MAX_WORK): a file whose authors a text this long cannot all be read in it is refused,
saying how many can. Between the two steps only the parsed changes travel, in a token
signed with the app's secret (itsdangerous), bound to the user, the draft and the
matched revision, expiring after an hour and used once (services/upload_tokens.py);
the file is not kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Collection, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.alignment import align_ids, similarity
from ..domain.amendments import AFTER, DELETE, INSERT, INSIDE, REPLACE, markup_of
from ..domain.diff import ADDED, CHANGED, DELETED, MOVED, SAME, diff_documents
from ..domain.document import Document, Paragraph, with_ids
from ..domain.errors import DomainError, InvalidDocument
from ..domain.languages import DEFAULT, ENGLISH_NAMES
from ..domain.numbering import labels
from ..domain.validation import MAX_PARAGRAPH_CHARS
from ..formats.docx_package import check_package
from ..formats.docx_reader import read_docx
from ..formats.docx_revisions import accept_by, reject_all, tracked_changes
from ..store import queries
from ..store.tables import Delegation
from . import delegations, drafts, policy, proposals, upload_authors, upload_tokens
from .actors import Actor
from .errors import Forbidden
from .upload_authors import Author
from .upload_spacing import spaced_like, unbound

WHERE = "file"
MAX_CHANGES = 200             # proposals one file may make
MAX_AUTHORS = 20              # each author costs one more reading of the file
MAX_TRACKED = 20_000          # tracked-change marks in one file
MATCHED_REVISIONS = 20        # how far back a partner's file is matched
# A copy of the draft has COPY_SHARE of the matched revision's paragraphs with at least
# CLOSE of their words (alignment.similarity). On the corpus (sessions 75-78) a same-topic
# resolution of the same session reaches it in 6 of 2,588 pairs (near-identical templates:
# "Question of ..."), last year's text of the same resolution in 123 of 162.
COPY_SHARE = 0.8
CLOSE = 0.9
DELETING = ("delete", "paragraph_delete", "move_from")   # tracked-change kinds that take text out
# The work one upload may do, in paragraph pairs compared by wording (align_ids is quadratic),
# under 2 s on the 2-core server; reading one paragraph of the file once more (one author's
# changes accepted) costs about READING_COST pairs, loading one paragraph of an older revision
# to compare about VIEW_COST (measured on a 900-paragraph draft). Every author's changes are
# read or the file is refused; older revisions are compared with what is left.
MAX_WORK = 2_000_000
READING_COST = 200
VIEW_COST = 50
MAX_FILENAME = 200
NO_AUTHOR = "(no author)"


# --- a new draft ---------------------------------------------------------------------------

@dataclass(frozen=True)
class NewDraft:
    draft: drafts.DraftView
    warnings: tuple[str, ...]           # what the reader passed over or guessed
    named_sponsors: tuple[str, ...]     # other delegations the file names: they can join once circulated
    unknown_sponsors: tuple[str, ...]   # names on the sponsor line that match no delegation
    filename: str


def new_draft(session: Session, actor: Actor, data: bytes, filename: str) -> NewDraft:
    policy.require_create(actor)
    name = _filename(filename)
    reading = read_docx(data)
    warnings = list(reading.warnings)
    doc = reading.document
    symbol = reading.symbol or doc.symbol
    if symbol:
        warnings.append(f"the file carries the symbol {symbol}; a draft gets its own when the Secretariat issues it")
    if doc.language != DEFAULT:  # the file's enacting formula or language tags say so (docx_reader)
        warnings.append(f"read as a text in {ENGLISH_NAMES[doc.language]}: the draft is in that language")
    created = drafts.create(session, actor, doc.with_changes(symbol=None), f"Uploaded from {name}")
    match = delegations.matcher(session)
    named, unknown = [], []
    for sponsor in reading.sponsors:
        found = match(sponsor)
        if found is None:
            unknown.append(sponsor)
        elif found != actor.delegation_name and found not in named:
            named.append(found)
    return NewDraft(created, tuple(warnings), tuple(named), tuple(unknown), name)


def _filename(filename: str) -> str:
    name = re.sub(r"[\x00-\x1f\x7f]", "", (filename or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return (name or "the uploaded file")[:MAX_FILENAME]


# --- a partner's file: the changes it makes --------------------------------------------------

@dataclass(frozen=True)
class Change:
    number: int              # 1, 2 … in the file's order
    author: str              # as Word names them
    kind: str                # replace | delete | insert
    paragraph_id: str        # the paragraph changed, or the one an insertion goes after / inside
    label: str               # PP2, OP3 (a): the paragraph's label in the matched revision
    old: str                 # its markup in the matched revision ("" for an insertion)
    new: str                 # the new markup ("" for a deletion)
    position: str | None = None   # an insertion's: after | inside


@dataclass(frozen=True)
class PartnerFile:
    draft_id: int
    title: str
    revision: int                   # the revision the file was matched against
    current_revision: int
    penholder: str
    filename: str
    changes: tuple[Change, ...]
    authors: tuple[Author, ...]
    choices: tuple[str, ...]        # the delegations the uploader may attribute changes to
    warnings: tuple[str, ...]
    token: str


def read_partner_file(session: Session, actor: Actor, draft_id: int, data: bytes, filename: str,
                      secret: str) -> PartnerFile:
    draft = policy.require(actor, policy.PROPOSE, queries.draft(session, draft_id), draft_id)
    name = _filename(filename)
    check_package(data)
    tracked = tracked_changes(data)
    marks = sum(len(p.changes) for p in tracked)
    if marks > MAX_TRACKED:
        raise InvalidDocument(f"the file holds {marks:,} tracked changes; at most {MAX_TRACKED:,} are read", WHERE)
    authors = list(dict.fromkeys(c.author for p in tracked for c in p.changes if c.kind != "format"))
    if not authors:
        raise InvalidDocument("the file has no tracked changes (only formatting, or none): ask for it with "
                              "Track Changes on, or upload it as a new draft", WHERE)
    if len(authors) > MAX_AUTHORS:
        raise InvalidDocument(f"the file has changes by {len(authors)} authors; at most {MAX_AUTHORS} are read "
                              "at once", WHERE)
    raw = read_docx(reject_all(data), body=draft.body).document   # the file's own ids
    work = _Work()
    work.charge_authors(len(authors), len(raw.paragraph_ids()),
                        aligned=not _keeps_ids(drafts.view(session, actor, draft.id).document, raw))
    revision, base, started, compared = _matched_revision(session, actor, draft, raw, work)
    _require_copy(base, started, revision, compared)
    renamed = _renaming(raw, started, base)
    started = spaced_like(base, started)
    warnings = work.notes + _untracked(base, started, revision)
    deleting = {c.author for p in tracked for c in p.changes if c.kind in DELETING}
    changes: list[Change] = []
    for author in authors:
        edited = renamed(read_docx(accept_by(data, [author]), body=draft.body).document)
        edited = spaced_like(started, edited)
        found, notes = _changes_of(base, started, edited, author or NO_AUTHOR, len(changes),
                                   deletes=author in deleting)
        changes.extend(found)
        warnings.extend(notes)
        if len(changes) > MAX_CHANGES:
            raise InvalidDocument(f"the file makes more than {MAX_CHANGES} changes; at most {MAX_CHANGES} are "
                                  "taken from one file", WHERE)
    if not changes:
        raise InvalidDocument("the tracked changes change no paragraph's wording"
                              + (f" ({'; '.join(warnings)})" if warnings else ""), WHERE)
    choices = upload_authors.choices(session, actor, draft)
    listed = upload_authors.listed(session, actor, [c.author for c in changes], choices)
    token = upload_tokens.sign(session, actor, draft.id, secret, {
        "r": revision, "f": name,
        "c": [[c.author, c.kind, c.paragraph_id, c.label, c.old, c.new, c.position] for c in changes]})
    return PartnerFile(draft.id, draft.title, revision, draft.current_revision, draft.penholder.name, name,
                       tuple(changes), listed, choices, tuple(warnings), token)


class _Work:
    """What is left of MAX_WORK for one upload, charged before the work is done."""

    def __init__(self):
        self.left = MAX_WORK
        self.notes: list[str] = []     # what the budget left undone

    def charge_authors(self, authors: int, paragraphs: int, aligned: bool) -> None:
        """Each author is one more reading of the whole file, and one more alignment by
        wording when the file lost our export's paragraph bookmarks (as is the comparison
        with the newest revision, charged here too)."""
        alignment = paragraphs * paragraphs if aligned else 0
        each = paragraphs * READING_COST + alignment
        total = authors * each + alignment
        if total > self.left:
            most = (self.left - alignment) // each
            if most < 1:
                raise InvalidDocument(
                    f"a text of {paragraphs:,} paragraphs cannot be matched by wording within one upload's "
                    "work: have partners edit the Word export itself (its paragraph bookmarks make the "
                    "match cheap) and upload that", WHERE)
            raise InvalidDocument(
                f"the file has changes by {authors} authors on a text of {paragraphs:,} paragraphs"
                + (", without the paragraph bookmarks of our Word export (so its paragraphs are matched by "
                   "wording)" if aligned else "")
                + f"; one upload reads the changes of at most {most} author{'s' if most > 1 else ''} of a text "
                  "this long: in Word, accept or reject some authors' changes and upload the rest"
                + (", or have partners edit the Word export itself" if aligned else ""), WHERE)
        self.left -= total

    def affords_match(self, base: Document, started: Document) -> bool:
        """Whether one more (older) revision can be compared with the file; charged if so."""
        cost = (len(base.paragraph_ids()) * VIEW_COST if _keeps_ids(base, started)
                else len(base.paragraph_ids()) * len(started.paragraph_ids()))
        if cost > self.left:
            return False
        self.left -= cost
        return True


def _matched_revision(session: Session, actor: Actor, draft, started: Document,
                      work: _Work) -> tuple[int, Document, Document, str]:
    """The revision the file reads most like (most paragraphs word for word; the newest on
    a tie), the file's text with that revision's paragraph ids, and which revisions were
    compared ("3–5"). Older revisions are compared while the work budget lasts (the newest
    always)."""
    best = None
    first = max(1, draft.current_revision - MATCHED_REVISIONS + 1)
    for number in range(draft.current_revision, first - 1, -1):
        base = drafts.view(session, actor, draft.id, number).document
        if number != draft.current_revision and not work.affords_match(base, started):
            first = number + 1
            if best[0] < len(best[2].paragraph_ids()):
                work.notes.append(f"the file was compared with revisions {first}–{draft.current_revision} only "
                                  "(matching a long text by wording is slow): if a partner edited an older "
                                  "revision, send them its Word export")
            break
        ided = _with_ids_of(base, started)
        known = _by_id(base)
        score = sum(1 for _, _, p in ided.walk() if (b := known.get(p.id)) is not None and
                    unbound(markup_of(b)) == unbound(markup_of(p)))
        if best is None or score > best[0]:
            best = (score, number, base, ided, known)
        if score == len(known) == len(ided.paragraph_ids()):
            break  # word for word: no older revision reads closer
    score, number, base, ided, known = best
    compared = str(first) if first == draft.current_revision else f"{first}–{draft.current_revision}"
    return number, base, ided, compared


def _require_copy(base: Document, started: Document, revision: int, compared: str) -> None:
    """Refuse a file that is not a copy of the draft: fewer than COPY_SHARE of the matched
    revision's paragraphs in it (by bookmark or by wording), give or take a few words.
    Its tracked changes would otherwise land on paragraphs that merely look alike."""
    known = _by_id(base)
    close = sum(1 for _, _, p in started.walk()
                if (b := known.get(p.id)) is not None and similarity(b.text, p.text) >= CLOSE)
    if close < COPY_SHARE * len(known):
        raise InvalidDocument(
            f"the file is not a copy of this draft: with its tracked changes rejected, it has {close} of the "
            f"{len(known)} paragraphs of revision {revision}"
            + (f" (the closest of revisions {compared})" if "–" in compared else "")
            + f", give or take a few words, and a copy has at least {COPY_SHARE:.0%} of them. Upload another "
            "text as a new draft, or ask for this draft's Word export to be edited", WHERE)


def _renaming(raw: Document, started: Document, base: Document):
    """A function giving a reading of the file (one author's changes accepted) the ids the
    rejected text ``started`` got: through the file's own ids when the reading carries
    them (bookmarks, ours or another draft's), else by wording. A paragraph with no
    counterpart in ``started`` keeps an id of its own, never one of ``base``'s: it cannot
    turn into a change (or a deletion) of a paragraph the file never had."""
    ids = {a.id: b.id for (_, _, a), (_, _, b) in zip(raw.walk(), started.walk())}
    taken = set(ids.values()) | set(base.paragraph_ids())

    def renamed(reading: Document) -> Document:
        own = reading.paragraph_ids()
        if not own or sum(1 for pid in own if pid in ids) * 2 <= len(own):
            return align_ids(started, reading)
        return with_ids(reading, lambda p: ids.get(p.id), set(taken))

    return renamed


def _with_ids_of(base: Document, started: Document) -> Document:
    """Ids from our export's bookmarks when the file kept them, else by wording."""
    return started if _keeps_ids(base, started) else align_ids(base, started)


def _keeps_ids(base: Document, read: Document) -> bool:
    """Whether most of ``read``'s paragraphs carry ``base``'s ids (our export's bookmarks)."""
    ids = set(base.paragraph_ids())
    own = read.paragraph_ids()
    return bool(own) and sum(1 for pid in own if pid in ids) * 2 > len(own)


def _by_id(doc: Document) -> dict[str, Paragraph]:
    """id → paragraph, built once: Document.find walks the whole text on every call."""
    return {p.id: p for _, _, p in doc.walk()}


def _untracked(base: Document, started: Document, revision: int) -> list[str]:
    """Differences between the file's starting text and the revision that no tracked
    change shows: they are not proposed, and the uploader should know."""
    names, known = labels(base), _by_id(base)
    differing = [names[p.id] for _, _, p in started.walk()
                 if (b := known.get(p.id)) is not None and unbound(markup_of(b)) != unbound(markup_of(p))]
    if not differing:
        return []
    shown = ", ".join(differing[:8]) + (" …" if len(differing) > 8 else "")
    return [f"{len(differing)} paragraph{'s' if len(differing) > 1 else ''} of the file read differently from "
            f"revision {revision} without tracked changes ({shown}): such differences are not proposed, except "
            "with the file's wording of a paragraph that also has tracked changes"]


def _changes_of(base: Document, started: Document, edited: Document, author: str,
                numbered: int, deletes: bool) -> tuple[list[Change], list[str]]:
    """The changes ``edited`` (one author's changes accepted) makes to ``started`` (all
    rejected), on ``base``'s paragraphs; a deletion only if the author ``deletes`` text."""
    names, known = labels(base), _by_id(base)
    parents = _parents(edited)
    out: list[Change] = []
    notes: list[str] = []

    def add(kind, pid, old, new, position=None):
        out.append(Change(numbered + len(out) + 1, author, kind, pid, names[pid], old, new, position))

    for change in diff_documents(started, edited).paragraphs:
        if change.status == ADDED:
            anchor = _anchor(change.id, parents, known)
            if anchor is None:
                notes.append(f"{author}: a new paragraph with no paragraph of revision before it to follow "
                             f"(“{change.new_text[:60]}”) is not proposed; add it in the compilation")
            else:
                add(INSERT, anchor[0], "", change.new_text, anchor[1])
        elif change.id not in known:
            if change.status != SAME:
                notes.append(f"{author}: a change to a paragraph the revision does not have is not proposed")
        elif change.status == DELETED and not deletes:
            notes.append(f"{author}: {names[change.id]} does not read in the file with their changes, but they "
                         "deleted nothing: not proposed for deletion")
        elif change.status == DELETED:
            add(DELETE, change.id, markup_of(known[change.id]), "")
        elif change.status in (CHANGED, MOVED) and change.text_changed:
            add(REPLACE, change.id, markup_of(known[change.id]), change.new_text)
        elif change.status == MOVED:
            notes.append(f"{author}: {names[change.id]} moved; a proposal cannot move a paragraph, say so in a "
                         "comment")
    for change in out:
        if len(change.new) > MAX_PARAGRAPH_CHARS:
            raise InvalidDocument(f"{author}'s wording for {change.label} is {len(change.new):,} characters; a "
                                  f"paragraph holds at most {MAX_PARAGRAPH_CHARS:,}", WHERE)
    return out, notes


def _parents(doc: Document) -> dict[str, tuple[Paragraph | None, tuple[Paragraph, ...]]]:
    """id → (parent paragraph or None, the siblings it stands among)."""
    out = {}

    def walk(parent, items):
        for p in items:
            out[p.id] = (parent, items)
            walk(p, p.subparagraphs)

    for section in ("preamble", "operative"):
        walk(None, doc.section(section))
    return out


def _anchor(pid: str, parents, known: Mapping[str, Paragraph]) -> tuple[str, str] | None:
    """Where a new paragraph goes: after the nearest sibling before it that the revision
    has, else inside its parent (a first subparagraph)."""
    parent, siblings = parents[pid]
    at = next(i for i, p in enumerate(siblings) if p.id == pid)
    for before in reversed(siblings[:at]):
        if before.id in known:
            return before.id, AFTER
    if parent is not None and parent.id in known:
        return parent.id, INSIDE
    return None


def pending(session: Session, actor: Actor, draft_id: int, token: object, secret: str) -> PartnerFile:
    """The confirmation page again, from its token (after a refused confirmation)."""
    draft = policy.require(actor, policy.PROPOSE, queries.draft(session, draft_id), draft_id)
    payload = upload_tokens.unsigned(secret, token, actor, draft_id)
    changes = tuple(Change(i, *row) for i, row in enumerate(payload["c"], 1))
    choices = upload_authors.choices(session, actor, draft)
    listed = upload_authors.listed(session, actor, [c.author for c in changes], choices)
    return PartnerFile(draft.id, draft.title, payload["r"], draft.current_revision, draft.penholder.name,
                       payload["f"], changes, listed, choices, (), token)


# --- a partner's file: confirmed --------------------------------------------------------------

@dataclass(frozen=True)
class Confirmed:
    made: tuple[proposals.ProposalView, ...]
    skipped: tuple[str, ...]      # "Change 3 (OP2, Mexico): why"


def confirm(session: Session, actor: Actor, draft_id: int, token: object, mapping: Mapping[str, str],
            chosen: Collection[int], secret: str) -> Confirmed:
    """Proposals for the ``chosen`` changes (their numbers), each in the name of the
    delegation ``mapping`` gives its author ("" or missing: not proposed)."""
    draft = policy.require(actor, policy.PROPOSE, queries.draft(session, draft_id), draft_id)
    payload = upload_tokens.unsigned(secret, token, actor, draft_id)
    queries.lock(session, draft)  # two confirmations of one token cannot both pass the check below
    upload_tokens.require_unused(session, actor, draft.id, payload)
    changes = [Change(i, *row) for i, row in enumerate(payload["c"], 1)]
    picked = [c for c in changes if c.number in set(chosen)]
    if not picked:
        raise InvalidDocument("tick at least one change to propose", "changes")
    attributed = _attributed(session, actor, draft, [c.author for c in picked], mapping)
    note = f"From {payload['f']}, uploaded by {actor.email}"
    made, skipped = [], []
    for change in picked:
        where = f"Change {change.number} ({change.label}, {change.author})"
        delegation = attributed[change.author]
        if delegation is None:
            skipped.append(f"{where}: no delegation chosen for its author")
        elif (own := policy.penholders_own_changes(actor, draft, delegation.id)) is not None:
            skipped.append(f"{where}: {own}")
        else:
            try:
                made.append(proposals.make(
                    session, actor, draft.id, payload["r"], change.kind, change.paragraph_id,
                    change.new if change.kind != DELETE else None, position=change.position, note=note,
                    attributed_to=delegation.id))
            except DomainError as error:  # one refused change (a twin, an outdated paragraph) spares the rest
                skipped.append(f"{where}: {error.message}")
    return Confirmed(tuple(made), tuple(skipped))


def _attributed(session: Session, actor: Actor, draft, authors: list[str],
                mapping: Mapping[str, str]) -> dict[str, Delegation | None]:
    """Author → the delegation ``mapping`` names for them (None: no one), each checked once
    by policy.require_attribution; a refusal names the author it is about."""
    match = delegations.matcher(session)
    out: dict[str, Delegation | None] = {}
    for author in dict.fromkeys(authors):
        found = match(mapping.get(author) or "")
        if found is None:
            out[author] = None
            continue
        try:
            out[author] = policy.require_attribution(
                actor, draft, session.scalar(select(Delegation).where(Delegation.name == found)))
        except Forbidden as refused:
            raise Forbidden(f"{refused.message} (choose {actor.delegation_name} or no one for {author})",
                            "mapping") from None
    return out
