"""Write a Document as Akoma Ntoso 3.0 XML in the AKN4UN shape the UN publishes.

    write_akn(doc, facts=None) -> bytes      the XML (UTF-8, with declaration)
    validate(data) -> None                   InvalidDocument naming the first schema error

The shape (UN-FORMAT.md §6, as in ../shared/corpus/akn): ``<akomaNtoso><statement
name="resolution">``; ``meta`` with the FRBR identification (an adopted resolution:
``/akn/un/statement/deliberation/unga/2023-12-18/78-131/eng@/!main.xml``; a draft:
``/akn/un/statement/draft/unga/<date>/<symbol or draft-<id>>/eng@rev<n>/!main.xml``), the
sponsors and the adoption as ``workflow`` steps, a recorded vote as ``analysis/voting``
and the TLC references the UN writes; ``coverPage`` (docNumber, docStatus, docDate,
session, agenda item, docProponent with the originating document); ``preface`` (an
adopted resolution's number "78/131." and the title); ``preamble`` (the enacting formula,
one ``container`` per preambular paragraph, its opening in ``span class="italic"``);
``mainBody`` (``paragraph`` → ``num`` "1." + ``content/p``; subparagraphs as
``list/intro`` + ``point``, deeper levels as a ``sublist`` after their point, as the UN
writes A/RES/78/181); footnotes as ``authorialNote marker="1" placement="bottom"`` where
their markers stand; ``conclusions`` (meeting and date) once adopted. Headings open a
``section`` (level 1; ``subsection``, ``hcontainer`` deeper) with ``num`` "II." and
``heading``, holding what follows them (A/RES/78/247); a section's unnumbered "Recalling …"
is a ``crossHeading refersTo="#preamble"``; a table a ``container name="table"`` (in a
section, where no container may stand, ``hcontainer name="table"``/``content``) with its
title as ``p class="tableTitle"`` and ``th`` header rows (A/RES/78/249); each annex an
``attachments/attachment/doc name="annex"`` opening with "Annex II" and its title as
subheadings (A/RES/78/1). The cover's words are the text's language (domain/wording.py),
its FRBRlanguage and the parts' ``xml:lang`` too. The meta is akn_meta.py's.

Ids: every paragraph's id is its element's ``eId`` (the schema's type for eId is any
run of non-white-space characters, which every id of validation.ID_RULE is), footnote
ids the ``eId`` of their ``authorialNote``. eIds must be unique in a statement, but a
paragraph and a footnote may share an id in our model (and an id may equal a TLC's such
as ``ga``): an id already taken is written as ``wId`` instead, which formats/akn_reader.py
reads when there is no eId. So read_akn(write_akn(doc)) gives back the same paragraph ids
(up to the reader's 48 characters).
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from ..domain import wording
from ..domain.bodies import get_body
from ..domain.document import HEADING, OPERATIVE, PREAMBLE, TABLE, TEXT, Document, Footnote, Paragraph
from ..domain.errors import InvalidDocument
from ..domain.numbering import marks
from ..domain.openings import printed_opening
from ..domain.records import Vote
from ..domain.symbols import resolution_number
from .akn_meta import AKN4UN_NS, COMMITTEES, NO_COMMITTEE, URI_NAMES, MetaWriter
from .akn_reader import AKN_NS

AKN_MIME = "application/akn+xml"
_A = "{" + AKN_NS + "}"
_NSMAP = {None: AKN_NS, "akn4un": AKN4UN_NS}

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "akn" / "akomantoso30.xsd"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The parts that carry the text's language as xml:lang (the statement itself cannot).
_LANGUAGE_TAGGED = ("coverPage", "preface", "preamble", "mainBody")
# The element a heading of each level opens; what follows it, up to the next heading of
# its level or above, is inside it (A/RES/78/247: ``section`` + ``num`` "I" + heading).
_WRAPPERS = {1: ("section", None), 2: ("subsection", None), 3: ("hcontainer", "subsubsection")}


@dataclass(frozen=True)
class AknFacts:
    """What is known of the document besides its text (all optional)."""

    symbol: str | None = None                  # printed on the cover: "A/RES/78/131", "A/80/L.24"
    adopted: bool = False                      # an adopted resolution (else a draft)
    date: datetime.date | None = None          # of issuance; of the revision for an unissued draft
    adopted_on: datetime.date | None = None
    meeting: str = ""                          # "48th plenary meeting"
    originating_document: str = ""             # "A/78/L.24", "A/78/481/Add.2, para. 139"
    committee: str = ""                        # "Third Committee"; "" without reference to one
    committee_line: str = ""                   # the printed line, when known already
    sponsors: tuple[str, ...] = ()
    additional_sponsors: tuple[str, ...] = ()
    vote: Vote | None = None
    draft_id: int | None = None
    revision: int | None = None
    note: str = ""                             # a comment at the top (the source of a UN text)


def write_akn(doc: Document, facts: AknFacts | None = None) -> bytes:
    facts = facts or AknFacts(symbol=doc.symbol)
    writer = _Writer(doc, facts)
    root = etree.Element(_A + "akomaNtoso", nsmap=_NSMAP)
    if facts.note:
        # A comment cannot hold "--" nor end with "-".
        root.append(etree.Comment(" " + re.sub(r"-(?=-)", "- ", facts.note) + " "))
    try:
        root.append(writer.statement())
    except ValueError as exc:
        # Only a document that bypassed validation.accept holds such characters.
        raise InvalidDocument(f"the text holds a character XML cannot carry ({exc}); "
                              "check the document (flask --app app doctor)", "akn") from None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@cache
def _schema() -> etree.XMLSchema:
    """The OASIS schema, loaded once per process (it imports xml.xsd from beside it)."""
    if not SCHEMA.is_file():
        raise InvalidDocument(f"the Akoma Ntoso schema is not at {SCHEMA}", "akn")
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def validate(data: bytes) -> None:
    schema = _schema()
    tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    if not schema.validate(tree):
        error = schema.error_log.last_error
        raise InvalidDocument(f"not valid Akoma Ntoso 3.0 at {_where(tree, error.path)}: {error.message}", "akn")


class _Writer(MetaWriter):
    def __init__(self, doc: Document, facts: AknFacts):
        self.doc = doc
        self.facts = facts
        self.body = get_body(doc.body)
        self.uri_name, self.tlc = URI_NAMES.get(doc.body, (doc.body.lower(), doc.body.lower()))
        self.taken: set[str] = {"source", self.tlc, "coverPage", "preface", "formula", "conclusions",
                                "publisher", "author", "editor", "symbol", "resolutionTitle",
                                "dateOfIssuance", "dateOfAdoption", "memberState", "inFavour", "against",
                                "abstaining", "generalDistribution", "limitedDistribution", NO_COMMITTEE,
                                *COMMITTEES.values(), "adoption", "adoptionMeeting", "adoptionDate"}
        self.note_number = 0

    # -- elements

    def el(self, parent, tag: str, text: str | None = None, /, **attrs):
        e = etree.SubElement(parent, _A + tag, {k.rstrip("_"): v for k, v in attrs.items() if v is not None})
        if text:
            e.text = text
        if tag in _LANGUAGE_TAGGED:
            e.set(_XML_LANG, self.doc.language)
        return e

    def identify(self, e, own_id: str) -> None:
        """``own_id`` as the eId, or as the wId when another element has that eId."""
        if own_id in self.taken:
            e.set("wId", own_id)
        else:
            self.taken.add(own_id)
            e.set("eId", own_id)

    # -- the statement

    def statement(self):
        st = etree.Element(_A + "statement", name="resolution")
        self.printed = marks(self.doc)
        self.meta(st)
        self.cover_page(st)
        self.preface(st)
        self.preamble(st)
        self.main_body(st)
        if self.facts.adopted and self.facts.adopted_on:
            self.conclusions(st)
        self.attachments(st)
        return st

    # -- cover page and preface

    def cover_page(self, st) -> None:
        """The cover in the text's language (domain/wording.py), as the UN's files of
        each language print it: "Soixante-dix-huitième session", "Point 125 de l’ordre
        du jour", "Résolution adoptée par l’Assemblée générale le …"."""
        f, doc = self.facts, self.doc
        language = doc.language
        words = wording.words(language)
        cover = self.el(st, "coverPage", eId="coverPage")
        span = self.el(self.el(cover, "p"), "span", refersTo="#publisher", class_="upperLeft")
        self.el(span, "docAuthority", words["united_nations"], refersTo="#publisher")
        if f.symbol:
            self.el(self.el(cover, "p", class_="upperRight"), "docNumber", f.symbol, refersTo="#symbol")
        organ = (words["general_assembly"] if doc.body == "GA" else self.body.organ) if self.body else doc.body
        self.el(self.el(cover, "p", class_="upperLeft"), "docAuthority", organ, refersTo=f"#{self.tlc}",
                class_="rightBig")
        if doc.body != "GA" and self.body and self.body.subsidiary_of:
            self.el(self.el(cover, "p"), "docAuthority", self.body.subsidiary_of, refersTo=f"#{self.tlc}")
        distribution = "generalDistribution" if f.adopted else "limitedDistribution"
        self.el(self.el(cover, "p"), "docStatus", words["distr_general" if f.adopted else "distr_limited"],
                refersTo=f"#{distribution}", class_="rightSmall")
        if f.date:
            self.el(self.el(cover, "p"), "docDate", wording.masthead_date(f.date, language), date=f.date.isoformat(),
                    class_="rightSmall", refersTo="#dateOfIssuance")
        self.el(self.el(cover, "p"), "session", _session_line(language, doc.session), refersTo=f"#{self.tlc}",
                value=str(doc.session))
        if doc.agenda_item:
            self.el(self.el(cover, "p"), "inline", wording.agenda_line(language, doc.agenda_item, doc.body),
                    title=doc.agenda_item, name="agenda item")
        if doc.agenda_title:
            self.el(self.el(cover, "p"), "inline", doc.agenda_title, name="agenda item name")
        if f.adopted and f.adopted_on:
            self.el(self.el(cover, "p"), "docTitle",
                    wording.adopted_line(language, self.body or doc.body, f.adopted_on, f.symbol))
            if doc.body == "GA" or f.committee_line:  # the CND prints no committee line
                self.proponent(cover)

    def proponent(self, cover) -> None:
        f = self.facts
        line = f.committee_line or wording.report_line(self.doc.language, f.committee, f.originating_document)
        ref = COMMITTEES.get(f.committee, NO_COMMITTEE)
        prop = self.el(self.el(cover, "p"), "docProponent", refersTo=f"#{ref}")
        at = line.find(f.originating_document) if f.originating_document else -1
        if at < 0:
            prop.text = line
            return
        prop.text = line[:at]
        self.el(prop, "inline", f.originating_document, name="originating document").tail = \
            line[at + len(f.originating_document):]

    def preface(self, st) -> None:
        f, doc = self.facts, self.doc
        preface = self.el(st, "preface")
        p = self.el(preface, "p")
        number = resolution_number(f.symbol) if f.adopted else ""
        if number:
            self.el(p, "docNumber", number + ".")
        title = self.el(p, "docTitle", refersTo="#resolutionTitle")
        self.el(title, "span", doc.title, class_="bold")

    # -- the text

    def preamble(self, st) -> None:
        doc = self.doc
        preamble = self.el(st, "preamble")
        formula = self.body.formula(doc.language) if self.body else ""
        if formula:
            words = formula.rstrip(",，،")
            p = self.el(self.el(preamble, "formula", name="enactingFormula", eId="formula"), "p")
            self.el(p, "span", words, class_="italic").tail = formula[len(words):]
        for para in doc.preamble:
            if para.kind == HEADING:
                # The preamble holds containers only: a heading is one holding its
                # number and words in bold, as the UN sets preambular headings.
                container = self.el(preamble, "container", name="heading")
                self.identify(container, para.id)
                words = " ".join(w for w in (self.printed.get(para.id, ""), para.text) if w)
                self.el(self.el(container, "p"), "span", words, class_="bold")
                continue
            opening = printed_opening(para, PREAMBLE, 0)
            name = para.text[:opening] if opening else "preambularParagraph"
            container = self.el(preamble, "container", name=name)
            self.identify(container, para.id)
            self.text(self.el(container, "p"), para, opening)

    def main_body(self, st) -> None:
        body = self.el(st, "mainBody")
        self.blocks(body, self.doc.main_operative())
        if not len(body):
            self.el(body, "p")  # the schema wants a mainBody; the reader skips a bare p

    def blocks(self, body, blocks: tuple[Paragraph, ...]) -> None:
        """The blocks of the main part or of an annex into ``body``: each heading opens a
        ``section`` (level 1), ``subsection`` (2) or ``hcontainer`` (3) holding what
        follows it up to the next heading of its level or above."""
        open_: list[tuple[int, etree._Element]] = [(0, body)]
        for block in blocks:
            if block.kind == HEADING:
                level = min(max(block.level, 1), 3)
                while open_[-1][0] >= level:
                    open_.pop()
                tag, name = _WRAPPERS[level]
                e = self.el(open_[-1][1], tag, name=name)
                self.identify(e, block.id)
                if self.printed.get(block.id):
                    self.el(e, "num", self.printed[block.id])
                if block.text:
                    self.el(e, "heading", block.text)
                open_.append((level, e))
            elif block.kind == TABLE:
                self.table(open_[-1][1], block)
            elif block.kind == TEXT and not block.subparagraphs:
                parent = open_[-1][1]
                if len(open_) == 1:  # a crossHeading stands only inside a hierarchy
                    parent = self.el(parent, "hcontainer", name="crossHeading")
                e = self.el(parent, "crossHeading", refersTo="#preamble")
                self.identify(e, block.id)
                self.text(e, block, printed_opening(block, OPERATIVE, 0))
            else:
                self.paragraph(open_[-1][1], block)

    def paragraph(self, parent, para: Paragraph) -> None:
        printed = self.printed
        e = self.el(parent, "paragraph")
        self.identify(e, para.id)
        if printed.get(para.id):
            self.el(e, "num", printed[para.id])
        opening = printed_opening(para, OPERATIVE, 0)
        if para.subparagraphs:
            lst = self.el(e, "list")
            self.text(self.el(self.el(lst, "intro"), "p"), para, opening)
            self.points(lst, para.subparagraphs, printed, 1)
        else:
            self.text(self.el(self.el(e, "content"), "p"), para, opening)

    def table(self, parent, block: Paragraph) -> None:
        """``container name="table"`` (as the UN writes A/RES/78/249; inside a section,
        where the schema allows no container, ``hcontainer name="table"`` with the
        same inside its ``content``): the title as a ``p``, then the ``table``, its
        header rows of ``th`` cells."""
        if etree.QName(parent).localname in ("mainBody",):
            container = self.el(parent, "container", name="table")
            inside = container
        else:
            container = self.el(parent, "hcontainer", name="table")
            inside = self.el(container, "content")
        self.identify(container, block.id)
        if block.text:
            self.el(inside, "p", block.text, class_="tableTitle")
        table = self.el(inside, "table")
        for i, row in enumerate(block.rows or (("",),)):
            tr = self.el(table, "tr")
            for cell in row or ("",):
                self.el(self.el(tr, "th" if i < block.header_rows else "td"), "p", cell)

    def attachments(self, st) -> None:
        """Each annex as ``attachments/attachment/doc name="annex"``: its own FRBR
        identification, then a mainBody opening with "Annex II" and the title (as
        subheadings, as the UN writes them) and holding the annex's blocks."""
        annexes = self.doc.annexes()
        if not annexes:
            return
        holder = self.el(st, "attachments")
        for n, (annex, blocks) in enumerate(annexes, 1):
            doc = self.el(self.el(holder, "attachment"), "doc", name="annex")
            self.identification(self.el(doc, "meta"), "annex" if len(annexes) == 1 else f"annex_{n}")
            body = self.el(doc, "mainBody")
            head = self.el(body, "paragraph")
            self.identify(head, annex.id)
            self.el(head, "subheading", self.printed.get(annex.id) or "Annex")
            if annex.text:
                self.el(self.el(body, "paragraph"), "subheading", annex.text)
            self.blocks(body, blocks)

    def points(self, parent, subs: tuple[Paragraph, ...], printed: dict[str, str], depth: int) -> None:
        for sub in subs:
            point = self.el(parent, "point")
            self.identify(point, sub.id)
            self.el(point, "num", printed[sub.id])
            self.text(self.el(self.el(point, "content"), "p"), sub, printed_opening(sub, OPERATIVE, depth))
            if sub.subparagraphs:
                self.points(self.el(parent, "sublist"), sub.subparagraphs, printed, depth + 1)

    def text(self, p, para: Paragraph, opening: int) -> None:
        """``para``'s text into ``p``: the opening as an italic span, each footnote's
        authorialNote where its marker stands (inside the span when it falls inside it)."""
        text = para.text
        notes = sorted(para.footnotes, key=lambda n: n.at)
        if opening:
            span = self.el(p, "span", class_="italic")
            self.run(span, text, 0, opening, [n for n in notes if n.at < opening])
            notes = [n for n in notes if n.at >= opening]
        self.run(p, text, opening, len(text), notes)

    def run(self, parent, text: str, start: int, end: int, notes: list[Footnote]) -> None:
        at = start
        for note in notes:
            _append(parent, text[at:note.at])
            self.note(parent, note)
            at = note.at
        _append(parent, text[at:end])

    def note(self, parent, note: Footnote) -> None:
        self.note_number += 1
        e = self.el(parent, "authorialNote", marker=str(self.note_number), placement="bottom")
        self.identify(e, note.id)
        self.el(e, "p", note.text)

    def conclusions(self, st) -> None:
        f = self.facts
        event = self.el(self.el(self.el(st, "conclusions", eId="conclusions"), "p"), "event", refersTo="#adoption")
        if f.meeting:
            ordinal = f.meeting.split(" ", 1)[0]
            self.el(event, "location", f.meeting, title=ordinal, refersTo="#adoptionMeeting")
            self.el(event, "eol")
        self.el(event, "docDate", wording.un_date(f.adopted_on, self.doc.language), date=f.adopted_on.isoformat(),
                refersTo="#adoptionDate")


def _session_line(language: str, session: int) -> str:
    """The session in words; a number past what the words cover (a test's session
    9999) as the number itself."""
    try:
        return wording.session_line(language, session)
    except ValueError:
        return str(session)


def _append(parent, s: str) -> None:
    """Text after ``parent``'s last child (or inside it when it has none)."""
    if not s:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + s
    else:
        parent.text = (parent.text or "") + s


def _where(tree, path: str | None) -> str:
    """The schema's XPath of an error ("/*/*/*[5]/*[1]") as element names:
    "/akomaNtoso/statement/mainBody/bogus"."""
    try:
        found = tree.xpath(path) if path else []
    except etree.XPathError:
        found = []
    if not found or not isinstance(found[0], etree._Element):
        return path or "?"
    names = [etree.QName(e).localname for e in (found[0], *found[0].iterancestors())]
    return "/" + "/".join(reversed(names))
