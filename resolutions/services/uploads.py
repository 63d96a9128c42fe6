"""Word files uploaded in the browser (issue #8, point 4).

    new_draft(session, actor, data, filename) -> NewDraft
        A delegation's own .docx becomes a new draft it holds the pen of, read as the
        corpus import reads Word (formats/docx_reader.py); the other sponsors the file
        names are reported, never joined on their behalf.
    read_partner_file(session, actor, draft_id, data, filename, secret) -> PartnerFile
        A partner's .docx with tracked changes on a circulated draft, as the changes it
        makes: one per changed paragraph and Word author (replace with the new wording,
        delete, insert after the paragraph before), with the delegation each author most
        likely speaks for, and a signed token holding them for the confirmation.
    confirm(session, actor, draft_id, token, mapping, chosen, secret) -> Confirmed
        The ticked changes as proposals, each in the name of the delegation its author
        was mapped to (policy.require_attribution says who may attribute to whom).

How the file is matched to the draft: the text with every change rejected is the text
the partner started from; it is matched to the revision it reads most like (of the last
MATCHED_REVISIONS) by paragraph-id bookmarks when our export wrote them, else by wording
(domain/alignment.py). Each author's changes alone (formats/docx_revisions.accept_by)
are then compared with it paragraph by paragraph (domain/diff.py), so two authors who
changed one paragraph make two proposals. Between the two steps only the parsed changes
travel, in a token signed with the app's secret (itsdangerous), bound to the user, the
draft and the matched revision, expiring after TOKEN_MAX_AGE; the file is not kept.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Collection, Mapping

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.alignment import align_ids
from ..domain.amendments import AFTER, DELETE, INSERT, INSIDE, REPLACE, markup_of
from ..domain.delegation_names import delegations as delegation_names, name_key
from ..domain.diff import ADDED, CHANGED, DELETED, MOVED, SAME, diff_documents
from ..domain.document import Document, Paragraph
from ..domain.errors import DomainError, InvalidDocument
from ..domain.numbering import labels
from ..domain.typography import NBSP
from ..domain.validation import MAX_PARAGRAPH_CHARS
from ..formats.docx_reader import check_package, read_docx
from ..formats.docx_revisions import accept_by, reject_all, tracked_changes
from ..store import queries
from ..store.tables import Delegation, User
from . import delegations, drafts, policy, proposals
from .actors import Actor
from .errors import Forbidden

WHERE = "file"
MAX_CHANGES = 200             # proposals one file may make
MAX_AUTHORS = 20              # each author costs one more reading of the file
MAX_TRACKED = 20_000          # tracked-change marks in one file
MAX_TOKEN_BYTES = 400_000     # the hidden field must fit the form limit (Flask: 500 kB)
MATCHED_REVISIONS = 20        # how far back a partner's file is matched
TOKEN_MAX_AGE = 3600          # seconds between upload and confirmation
MAX_FILENAME = 200
_SALT = "uploads.partner-changes"
NO_AUTHOR = "(no author)"


# --- a new draft ---------------------------------------------------------------------------

@dataclass(frozen=True)
class NewDraft:
    draft: drafts.DraftView
    warnings: tuple[str, ...]           # what the reader passed over or guessed
    named_sponsors: tuple[str, ...]     # other delegations the file names: they join once circulated
    unknown_sponsors: tuple[str, ...]   # names on the sponsor line that match no delegation
    filename: str


def new_draft(session: Session, actor: Actor, data: bytes, filename: str) -> NewDraft:
    if actor.delegation_id is None:
        raise Forbidden("drafts are tabled by delegations; the Secretariat cannot hold the pen", "draft")
    name = _filename(filename)
    reading = read_docx(data)
    warnings = list(reading.warnings)
    doc = reading.document
    symbol = reading.symbol or doc.symbol
    if symbol:
        warnings.append(f"the file carries the symbol {symbol}; a draft gets its own when the Secretariat issues it")
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
class Author:
    name: str                       # as Word names them
    delegation: str | None          # the best match, when the uploader may choose it
    guess: str | None               # the best match whatever the uploader may choose
    changes: int


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
    started = read_docx(reject_all(data), body=draft.body).document
    revision, base, started = _matched_revision(session, actor, draft, started)
    started = _spaced_like(base, started)
    warnings = _untracked(base, started, revision)
    changes: list[Change] = []
    for author in authors:
        edited = _with_ids_of(started, read_docx(accept_by(data, [author]), body=draft.body).document)
        edited = _spaced_like(started, edited)
        found, notes = _changes_of(base, started, edited, author or NO_AUTHOR, len(changes))
        changes.extend(found)
        warnings.extend(notes)
        if len(changes) > MAX_CHANGES:
            raise InvalidDocument(f"the file makes more than {MAX_CHANGES} changes; at most {MAX_CHANGES} are "
                                  "taken from one file", WHERE)
    if not changes:
        raise InvalidDocument("the tracked changes change no paragraph's wording"
                              + (f" ({'; '.join(warnings)})" if warnings else ""), WHERE)
    choices = _choices(session, actor, draft)
    guesses = _guesses(session, [a or NO_AUTHOR for a in authors])
    counted = {a: sum(1 for c in changes if c.author == a) for a in (a or NO_AUTHOR for a in authors)}
    listed = tuple(Author(a, guesses[a] if guesses[a] in choices else None, guesses[a], n)
                   for a, n in counted.items() if n)
    token = _sign(secret, {"u": actor.user_id, "d": draft.id, "r": revision, "f": name,
                           "c": [[c.author, c.kind, c.paragraph_id, c.label, c.old, c.new, c.position]
                                 for c in changes]})
    return PartnerFile(draft.id, draft.title, revision, draft.current_revision, draft.penholder.name, name,
                       tuple(changes), listed, choices, tuple(warnings), token)


def _matched_revision(session: Session, actor: Actor, draft, started: Document) -> tuple[int, Document, Document]:
    """The revision the file reads most like (most paragraphs word for word; the newest on
    a tie), and the file's text with that revision's paragraph ids."""
    best = None
    first = max(1, draft.current_revision - MATCHED_REVISIONS + 1)
    for number in range(draft.current_revision, first - 1, -1):
        base = drafts.view(session, actor, draft.id, number).document
        ided = _with_ids_of(base, started)
        score = sum(1 for _, _, p in ided.walk() if (b := base.find(p.id)) is not None and
                    _unbound(markup_of(b)) == _unbound(markup_of(p)))
        if best is None or score > best[0]:
            best = (score, number, base, ided)
        if score == len(base.paragraph_ids()) == len(ided.paragraph_ids()):
            break  # word for word: no older revision reads closer
    score, number, base, ided = best
    if not any(base.find(p.id) is not None for _, _, p in ided.walk()):
        raise InvalidDocument(f"the file's text (its changes rejected) matches none of the last "
                              f"{draft.current_revision - first + 1} revisions of this draft: is it a copy of "
                              "this draft?", WHERE)
    return number, base, ided


def _with_ids_of(base: Document, started: Document) -> Document:
    """Ids from our export's bookmarks when the file kept them, else by wording."""
    ids = set(base.paragraph_ids())
    own = started.paragraph_ids()
    if own and sum(1 for pid in own if pid in ids) * 2 > len(own):
        return started
    return align_ids(base, started)


def _unbound(text: str) -> str:
    return text.replace(NBSP, " ")


def _spaced_like(reference: Document, read: Document) -> Document:
    """``read`` with ``reference``'s own spaces wherever its words are the reference's: our
    writer binds words with no-break spaces (domain/typography.py) that the stored text
    has as plain spaces, and a file read back must not propose them as changes."""
    def fix(p: Paragraph) -> Paragraph:
        ref = reference.find(p.id)
        subs = tuple(fix(sub) for sub in p.subparagraphs)
        if ref is None:
            return replace(p, subparagraphs=subs)
        notes = tuple(replace(n, text=_like(r.text, n.text)) for n, r in zip(p.footnotes, ref.footnotes))
        return replace(p, text=_like(ref.text, p.text), footnotes=notes + p.footnotes[len(notes):],
                       subparagraphs=subs)

    return read.with_changes(preamble=tuple(fix(p) for p in read.preamble),
                             operative=tuple(fix(p) for p in read.operative))


def _like(reference: str, text: str) -> str:
    """``text`` with ``reference``'s characters in the stretches where the two agree but for
    no-break spaces (binding replaces one space by one character, so offsets hold)."""
    if NBSP not in text and NBSP not in reference:
        return text
    plain_ref, plain = _unbound(reference), _unbound(text)
    if plain_ref == plain:
        return reference
    out = list(text)
    for block in SequenceMatcher(None, plain_ref, plain, autojunk=False).get_matching_blocks():
        out[block.b:block.b + block.size] = reference[block.a:block.a + block.size]
    return "".join(out)


def _untracked(base: Document, started: Document, revision: int) -> list[str]:
    """Differences between the file's starting text and the revision that no tracked
    change shows: they are not proposed, and the uploader should know."""
    names = labels(base)
    differing = [names[p.id] for _, _, p in started.walk()
                 if (b := base.find(p.id)) is not None and _unbound(markup_of(b)) != _unbound(markup_of(p))]
    if not differing:
        return []
    shown = ", ".join(differing[:8]) + (" …" if len(differing) > 8 else "")
    return [f"{len(differing)} paragraph{'s' if len(differing) > 1 else ''} of the file read differently from "
            f"revision {revision} without tracked changes ({shown}): such differences are not proposed, except "
            "with the file's wording of a paragraph that also has tracked changes"]


def _changes_of(base: Document, started: Document, edited: Document, author: str,
                numbered: int) -> tuple[list[Change], list[str]]:
    names = labels(base)
    parents = _parents(edited)
    out: list[Change] = []
    notes: list[str] = []

    def add(kind, pid, old, new, position=None):
        out.append(Change(numbered + len(out) + 1, author, kind, pid, names[pid], old, new, position))

    for change in diff_documents(started, edited).paragraphs:
        if change.status == ADDED:
            anchor = _anchor(edited, change.id, parents, base)
            if anchor is None:
                notes.append(f"{author}: a new paragraph with no paragraph of revision before it to follow "
                             f"(“{change.new_text[:60]}”) is not proposed; add it in the compilation")
            else:
                add(INSERT, anchor[0], "", change.new_text, anchor[1])
        elif base.find(change.id) is None:
            if change.status != SAME:
                notes.append(f"{author}: a change to a paragraph the revision does not have is not proposed")
        elif change.status == DELETED:
            add(DELETE, change.id, markup_of(base.find(change.id)), "")
        elif change.status in (CHANGED, MOVED) and change.text_changed:
            add(REPLACE, change.id, markup_of(base.find(change.id)), change.new_text)
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


def _anchor(edited: Document, pid: str, parents, base: Document) -> tuple[str, str] | None:
    """Where a new paragraph goes: after the nearest sibling before it that the revision
    has, else inside its parent (a first subparagraph)."""
    parent, siblings = parents[pid]
    at = next(i for i, p in enumerate(siblings) if p.id == pid)
    for before in reversed(siblings[:at]):
        if base.find(before.id) is not None:
            return before.id, AFTER
    if parent is not None and base.find(parent.id) is not None:
        return parent.id, INSIDE
    return None


def _choices(session: Session, actor: Actor, draft) -> tuple[str, ...]:
    rows = session.scalars(select(Delegation).order_by(Delegation.name))
    return tuple(d.name for d in rows if policy.may_attribute(actor, draft, d.id))


def _guesses(session: Session, authors: list[str]) -> dict[str, str | None]:
    """Author → the delegation they most likely speak for: "Jane Doe (Japan)", "Japan",
    "Mission of Japan", a user's e-mail address."""
    match = delegations.matcher(session)
    users = {name_key(u.email): u.delegation.name
             for u in session.scalars(select(User).where(User.delegation_id.is_not(None)))}
    spellings = sorted(((_folded(s), d.name) for d in delegation_names() for s in d.spellings),
                       key=lambda kv: -len(kv[0]))
    out = {}
    for author in authors:
        bracketed = re.search(r"\(([^()]+)\)\s*$", author)
        folded = _folded(author)
        out[author] = ((match(bracketed.group(1)) if bracketed else None) or match(author)
                       or users.get(name_key(author))
                       or next((name for s, name in spellings
                                if len(s) > 3 and re.search(rf"(?<!\w){re.escape(s)}(?!\w)", folded)), None))
    return out


def _folded(name: str) -> str:
    """name_key without accents: "Delegación de México" names Mexico."""
    return "".join(c for c in unicodedata.normalize("NFKD", name_key(name)) if not unicodedata.combining(c))


# --- the token between the two steps ----------------------------------------------------------

def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def _sign(secret: str, payload: dict) -> str:
    token = _serializer(secret).dumps(payload)
    if len(token) > MAX_TOKEN_BYTES:
        raise InvalidDocument(f"the file's changes are too long to confirm at once ({len(token) // 1000:,} kB "
                              "signed); split the file", WHERE)
    return token


def _unsigned(secret: str, token: object, actor: Actor, draft_id: int) -> dict:
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_BYTES:
        raise InvalidDocument("the confirmation is missing: upload the file again", "token")
    try:
        payload = _serializer(secret).loads(token, max_age=TOKEN_MAX_AGE)
    except SignatureExpired:
        raise InvalidDocument(f"the confirmation expired (after {TOKEN_MAX_AGE // 60} minutes): upload the file "
                              "again", "token") from None
    except BadSignature:
        raise InvalidDocument("the confirmation was altered or belongs to another server: upload the file again",
                              "token") from None
    if not isinstance(payload, dict) or payload.get("u") != actor.user_id or payload.get("d") != draft_id:
        raise InvalidDocument("this confirmation was made for another user or another draft: upload the file "
                              "again", "token")
    return payload


def pending(session: Session, actor: Actor, draft_id: int, token: object, secret: str) -> PartnerFile:
    """The confirmation page again, from its token (after a refused confirmation)."""
    draft = policy.require(actor, policy.PROPOSE, queries.draft(session, draft_id), draft_id)
    payload = _unsigned(secret, token, actor, draft_id)
    changes = tuple(Change(i, *row) for i, row in enumerate(payload["c"], 1))
    authors = list(dict.fromkeys(c.author for c in changes))
    choices = _choices(session, actor, draft)
    guesses = _guesses(session, authors)
    listed = tuple(Author(a, guesses[a] if guesses[a] in choices else None, guesses[a],
                          sum(1 for c in changes if c.author == a)) for a in authors)
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
    payload = _unsigned(secret, token, actor, draft_id)
    changes = [Change(i, *row) for i, row in enumerate(payload["c"], 1)]
    picked = [c for c in changes if c.number in set(chosen)]
    if not picked:
        raise InvalidDocument("tick at least one change to propose", "changes")
    match = delegations.matcher(session)
    attributed: dict[str, Delegation | None] = {}
    for author in dict.fromkeys(c.author for c in picked):
        found = match(mapping.get(author) or "")
        delegation = session.scalar(select(Delegation).where(Delegation.name == found)) if found else None
        if delegation is not None and not policy.may_attribute(actor, draft, delegation.id):
            raise Forbidden(f"you may make proposals in the name of {actor.delegation_name} only (the penholder, "
                            f"{draft.penholder.name}, may attribute a partner's file to any delegation); "
                            f"choose {actor.delegation_name} or no one for {author}", "mapping")
        attributed[author] = delegation
    note = f"From {payload['f']}, uploaded by {actor.email}"
    made, skipped = [], []
    for change in picked:
        where = f"Change {change.number} ({change.label}, {change.author})"
        delegation = attributed[change.author]
        if delegation is None:
            skipped.append(f"{where}: no delegation chosen for its author")
        elif delegation.id == draft.penholder_id:
            skipped.append(f"{where}: your own changes: make them in the editor"
                           if actor.delegation_id == draft.penholder_id else
                           f"{where}: the penholder's changes are not proposals")
        else:
            try:
                made.append(proposals.make(
                    session, actor, draft.id, payload["r"], change.kind, change.paragraph_id,
                    change.new if change.kind != DELETE else None, position=change.position, note=note,
                    attributed_to=delegation.id))
            except DomainError as error:  # one refused change (a twin, an outdated paragraph) spares the rest
                skipped.append(f"{where}: {error.message}")
    return Confirmed(tuple(made), tuple(skipped))
