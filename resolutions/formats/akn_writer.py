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
their markers stand; ``conclusions`` (meeting and date) once adopted.

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

from ..domain import committees
from ..domain.bodies import get_body
from ..domain.dates import un_date
from ..domain.document import OPERATIVE, PREAMBLE, Document, Footnote, Paragraph
from ..domain.errors import InvalidDocument
from ..domain.languages import ISO_639_2
from ..domain.numbering import marks
from ..domain.openings import printed_opening
from ..domain.records import Vote
from ..domain.sessions import session_heading
from ..domain.symbols import resolution_number
from .akn_reader import AKN_NS

AKN_MIME = "application/akn+xml"
_A = "{" + AKN_NS + "}"
AKN4UN_NS = "http://un.org/akn4un"
_NSMAP = {None: AKN_NS, "akn4un": AKN4UN_NS}

# The body's short name in FRBR URIs and its TLC: the UN writes "unga" and "ga".
_URI_NAMES = {"GA": ("unga", "ga")}
_COMMITTEES = {"First Committee": "firstCommittee", "Second Committee": "secondCommittee",
               "Third Committee": "thirdCommittee", "Fourth Committee": "fourthCommittee",
               "Fifth Committee": "fifthCommittee", "Sixth Committee": "sixthCommittee"}
_NO_COMMITTEE = "noMainCommittee"
SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "akn" / "akomantoso30.xsd"


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


def _iso(day: datetime.date) -> str:
    return day.isoformat()


def _uri_part(symbol: str) -> str:
    """ "A/80/L.24/Rev.1" → "a-80-l.24-rev.1": a symbol as one FRBR URI component."""
    return re.sub(r"[^0-9A-Za-z.]+", "-", symbol).strip("-").lower()


class _Writer:
    def __init__(self, doc: Document, facts: AknFacts):
        self.doc = doc
        self.facts = facts
        self.body = get_body(doc.body)
        self.uri_name, self.tlc = _URI_NAMES.get(doc.body, (doc.body.lower(), doc.body.lower()))
        self.taken: set[str] = {"source", self.tlc, "coverPage", "preface", "formula", "conclusions",
                                "publisher", "author", "editor", "symbol", "resolutionTitle",
                                "dateOfIssuance", "dateOfAdoption", "memberState", "inFavour", "against",
                                "abstaining", "generalDistribution", "limitedDistribution", _NO_COMMITTEE,
                                *_COMMITTEES.values(), "adoption", "adoptionMeeting", "adoptionDate"}
        self.note_number = 0

    # -- elements

    def el(self, parent, tag: str, text: str | None = None, /, **attrs):
        e = etree.SubElement(parent, _A + tag, {k.rstrip("_"): v for k, v in attrs.items() if v is not None})
        if text:
            e.text = text
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
        self.meta(st)
        self.cover_page(st)
        self.preface(st)
        self.preamble(st)
        self.main_body(st)
        if self.facts.adopted and self.facts.adopted_on:
            self.conclusions(st)
        return st

    # -- meta

    @property
    def language(self) -> str:
        return ISO_639_2.get(self.doc.language, self.doc.language)

    def work_date(self) -> datetime.date:
        f = self.facts
        return (f.adopted_on if f.adopted else None) or f.date or f.adopted_on or datetime.date.today()

    def work_uri(self) -> str:
        f, doc = self.facts, self.doc
        if f.adopted and f.symbol:  # "78/131", "75/101 A" → "78-131", "75-101A"
            number = resolution_number(f.symbol)
            name = number.replace("/", "-").replace(" ", "") if number else \
                f"{doc.session}-{_uri_part(f.symbol.rsplit('/', 1)[-1])}"
            return f"/akn/un/statement/deliberation/{self.uri_name}/{_iso(self.work_date())}/{name}/"
        name = _uri_part(f.symbol) if f.symbol else f"draft-{f.draft_id or 0}"
        return f"/akn/un/statement/draft/{self.uri_name}/{_iso(self.work_date())}/{name}/"

    def meta(self, st) -> None:
        f = self.facts
        meta = self.el(st, "meta")
        ident = self.el(meta, "identification", source="#source")
        work = self.work_uri()
        version = f"rev{f.revision}" if not f.adopted and f.revision is not None else ""
        expression = f"{work}{self.language}@{version}"
        day = _iso(self.work_date())
        w = self.el(ident, "FRBRWork")
        self.el(w, "FRBRthis", value=f"{work}!main/")
        self.el(w, "FRBRuri", value=work)
        self.el(w, "FRBRdate", date=day, name="adoption" if f.adopted else "draft")
        self.el(w, "FRBRauthor", href=f"#{self.tlc}", as_="#author")
        self.el(w, "FRBRcountry", value="un")
        x = self.el(ident, "FRBRExpression")
        self.el(x, "FRBRthis", value=f"{expression}!main/")
        self.el(x, "FRBRuri", value=f"{expression}/")
        self.el(x, "FRBRdate", date=_iso(f.date or self.work_date()), name="publication" if f.adopted else "revision")
        self.el(x, "FRBRauthor", href=f"#{self.tlc}", as_="#author")
        self.el(x, "FRBRlanguage", language=self.language)
        m = self.el(ident, "FRBRManifestation")
        self.el(m, "FRBRthis", value=f"{expression}/!main.xml")
        self.el(m, "FRBRuri", value=f"{expression}.xml")
        self.el(m, "FRBRdate", date=_iso(datetime.date.today()), name="markup")
        self.el(m, "FRBRauthor", href="#source", as_="#editor")
        self.workflow(meta)
        self.analysis(meta)
        self.references(meta)

    def workflow(self, meta) -> None:
        f = self.facts
        steps = []
        if f.sponsors or f.originating_document or (f.symbol and not f.adopted):
            draft = f.originating_document if f.adopted else f.symbol
            steps.append(dict(date=_iso(f.date or self.work_date()), outcome="draftResolution",
                              as_=_first_symbol(draft), by=", ".join(f.sponsors)))
        if f.additional_sponsors:
            steps.append(dict(date=_iso(f.date or self.work_date()), outcome="draftResolutionAdditionalSponsors",
                              by=", ".join(f.additional_sponsors)))
        if f.adopted and f.adopted_on:
            steps.append(dict(date=_iso(f.adopted_on), outcome="adopted", by=""))
        if not steps:
            return
        wf = self.el(meta, "workflow", source="#source")
        for step in steps:
            self.el(wf, "step", **step)

    def analysis(self, meta) -> None:
        vote = self.facts.vote
        if not self.facts.adopted or vote is None:
            return
        voting = self.el(self.el(self.el(meta, "analysis", source="#source"), "parliamentary"), "voting",
                         outcome="adoptedRecordedVote" if vote.kind == "recorded" else "adoptedWithoutVote")
        if vote.kind != "recorded":
            self.el(voting, "quorum", value="")
            return
        for ref, count, names in (("inFavour", vote.yes, vote.in_favour), ("against", vote.no, vote.against),
                                  ("abstaining", vote.abstentions, vote.abstaining)):
            c = self.el(voting, "count", value=str(count), refersTo=f"#{ref}")
            if names:
                voters = etree.SubElement(c, f"{{{AKN4UN_NS}}}voters")
                for name in names:
                    self.el(voters, "organization", name, refersTo="#memberState")

    def references(self, meta) -> None:
        refs = self.el(meta, "references", source="#source")
        organ = self.body.organ if self.body else self.doc.body
        name = self.body.name if self.body else self.doc.body
        self.el(refs, "TLCOrganization", eId="source", href="/akn/ontology/organization/un/DGACM", showAs="DGACM")
        for eid, href, show in (
                ("dateOfIssuance", "/akn/ontology/concept/un/dateOfIssuance", "Date of issuance"),
                ("dateOfAdoption", "/akn/ontology/concept/un/dateOfAdoption", "Date of adoption"),
                ("symbol", "/akn/ontology/reference/un/symbol", "Symbol")):
            self.el(refs, "TLCConcept", eId=eid, href=href, showAs=show)
        for eid, show in (("publisher", "Publisher"), ("author", "Author"), ("editor", "Editor")):
            self.el(refs, "TLCRole", eId=eid, href=f"/akn/ontology/role/un/{eid}", showAs=show)
        distribution = "generalDistribution" if self.facts.adopted else "limitedDistribution"
        self.el(refs, "TLCRole", eId=distribution, href=f"/akn/ontology/concept/un/{distribution}",
                showAs="General distribution" if self.facts.adopted else "Limited distribution")
        self.el(refs, "TLCOrganization", eId=self.tlc,
                href=f"/akn/ontology/organization/un/{_camel(organ if self.doc.body == 'GA' else name)}",
                showAs=organ if self.doc.body == "GA" else name)
        self.el(refs, "TLCTerm", eId="resolutionTitle", href="/akn/ontology/reference/un/resolutionTitle",
                showAs="Resolution title")
        if self.facts.adopted:
            committee = _COMMITTEES.get(self.facts.committee, _NO_COMMITTEE)
            self.el(refs, "TLCTerm", eId=committee, href=f"#{committee}",
                    showAs=self.facts.committee or "Without reference to a main committee")
            self.el(refs, "TLCTerm", eId="memberState", href="/akn/ontology/organization/un/memberState",
                    showAs="Member State")
            for eid, show in (("inFavour", "In favour"), ("against", "Against"), ("abstaining", "Abstaining")):
                self.el(refs, "TLCTerm", eId=eid, href=f"/akn/ontology/concept/un/voting/{eid}", showAs=show)

    # -- cover page and preface

    def cover_page(self, st) -> None:
        f, doc = self.facts, self.doc
        cover = self.el(st, "coverPage", eId="coverPage")
        span = self.el(self.el(cover, "p"), "span", refersTo="#publisher", class_="upperLeft")
        self.el(span, "docAuthority", "United Nations", refersTo="#publisher")
        if f.symbol:
            self.el(self.el(cover, "p", class_="upperRight"), "docNumber", f.symbol, refersTo="#symbol")
        organ = self.body.organ if self.body else doc.body
        self.el(self.el(cover, "p", class_="upperLeft"), "docAuthority", organ, refersTo=f"#{self.tlc}",
                class_="rightBig")
        if doc.body != "GA" and self.body and self.body.subsidiary_of:
            self.el(self.el(cover, "p"), "docAuthority", self.body.subsidiary_of, refersTo=f"#{self.tlc}")
        distribution = "generalDistribution" if f.adopted else "limitedDistribution"
        self.el(self.el(cover, "p"), "docStatus", "Distr.: General" if f.adopted else "Distr.: Limited",
                refersTo=f"#{distribution}", class_="rightSmall")
        if f.date:
            self.el(self.el(cover, "p"), "docDate", un_date(f.date), date=_iso(f.date), class_="rightSmall",
                    refersTo="#dateOfIssuance")
        heading = session_heading(doc.session) if doc.language == "en" and doc.session < 1000 else str(doc.session)
        self.el(self.el(cover, "p"), "session", heading, refersTo=f"#{self.tlc}", value=str(doc.session))
        if doc.agenda_item:
            words = "Agenda items" if re.search(r"\d\D+\d", doc.agenda_item) else "Agenda item"
            self.el(self.el(cover, "p"), "inline", f"{words} {doc.agenda_item}", title=doc.agenda_item,
                    name="agenda item")
        if doc.agenda_title:
            self.el(self.el(cover, "p"), "inline", doc.agenda_title, name="agenda item name")
        if f.adopted and f.adopted_on:
            heading = committees.adopted_by(self.body, f.symbol)
            self.el(self.el(cover, "p"), "docTitle", f"{heading} on {un_date(f.adopted_on)}")
            if doc.body == "GA" or f.committee_line:  # the CND prints no committee line
                self.proponent(cover)

    def proponent(self, cover) -> None:
        f = self.facts
        line = f.committee_line or committees.committee_line(f.committee, f.originating_document)
        ref = _COMMITTEES.get(f.committee, _NO_COMMITTEE)
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
            opening = printed_opening(para, PREAMBLE, 0)
            name = para.text[:opening] if opening else "preambularParagraph"
            container = self.el(preamble, "container", name=name)
            self.identify(container, para.id)
            self.text(self.el(container, "p"), para, opening)

    def main_body(self, st) -> None:
        body = self.el(st, "mainBody")
        printed = marks(self.doc)
        for para in self.doc.operative:
            e = self.el(body, "paragraph")
            self.identify(e, para.id)
            if printed[para.id]:
                self.el(e, "num", printed[para.id])
            opening = printed_opening(para, OPERATIVE, 0)
            if para.subparagraphs:
                lst = self.el(e, "list")
                self.text(self.el(self.el(lst, "intro"), "p"), para, opening)
                self.points(lst, para.subparagraphs, printed, 1)
            else:
                self.text(self.el(self.el(e, "content"), "p"), para, opening)
        if not self.doc.operative:
            self.el(body, "p")  # the schema wants a mainBody; the reader skips a bare p

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
        self.el(event, "docDate", un_date(f.adopted_on), date=_iso(f.adopted_on), refersTo="#adoptionDate")


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


def _camel(name: str) -> str:
    words = re.findall(r"[A-Za-z]+", name)
    return words[0].lower() + "".join(w.capitalize() for w in words[1:]) if words else "body"


def _first_symbol(text: str | None) -> str | None:
    """ "A/78/481/Add.2, para. 139" → "A/78/481/Add.2" (a step's @as is one symbol)."""
    return text.split(",", 1)[0].strip().replace(" ", "") or None if text else None
