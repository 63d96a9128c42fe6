"""The ``meta`` of an Akoma Ntoso statement as the UN writes it (formats/akn_writer.py):
FRBR identification (the statement's and each annex's), the sponsors and the adoption
as ``workflow`` steps, a recorded vote as ``analysis/voting``, and the TLC references.

``MetaWriter`` is the part of akn_writer's writer that writes them; it relies on the
writer's ``doc``, ``facts``, ``body``, ``uri_name``, ``tlc`` and ``el``.
"""
from __future__ import annotations

import datetime
import re

from lxml import etree

from ..domain import dates
from ..domain.languages import ISO_639_2
from ..domain.symbols import resolution_number

AKN4UN_NS = "http://un.org/akn4un"
# The body's short name in FRBR URIs and its TLC: the UN writes "unga" and "ga".
URI_NAMES = {"GA": ("unga", "ga")}
COMMITTEES = {"First Committee": "firstCommittee", "Second Committee": "secondCommittee",
              "Third Committee": "thirdCommittee", "Fourth Committee": "fourthCommittee",
              "Fifth Committee": "fifthCommittee", "Sixth Committee": "sixthCommittee"}
NO_COMMITTEE = "noMainCommittee"


class MetaWriter:

    @property
    def language(self) -> str:
        return ISO_639_2.get(self.doc.language, self.doc.language)

    def work_date(self) -> datetime.date:
        f = self.facts
        return (f.adopted_on if f.adopted else None) or f.date or f.adopted_on or dates.today()

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
        meta = self.el(st, "meta")
        self.identification(meta)
        self.workflow(meta)
        self.analysis(meta)
        self.references(meta)

    def identification(self, meta, component: str = "main") -> None:
        """The FRBR URIs of the statement (``component`` "main") or of an annex
        ("annex_2": the UN's ``…/!main/annex``, numbered when there are several)."""
        f = self.facts
        ident = self.el(meta, "identification", source="#source")
        work = self.work_uri()
        version = f"rev{f.revision}" if not f.adopted and f.revision is not None else ""
        expression = f"{work}{self.language}@{version}"
        day = _iso(self.work_date())
        part = "!main" if component == "main" else f"!main/{component}"
        w = self.el(ident, "FRBRWork")
        self.el(w, "FRBRthis", value=f"{work}{part}/")
        self.el(w, "FRBRuri", value=work)
        self.el(w, "FRBRdate", date=day, name="adoption" if f.adopted else "draft")
        self.el(w, "FRBRauthor", href=f"#{self.tlc}", as_="#author")
        self.el(w, "FRBRcountry", value="un")
        x = self.el(ident, "FRBRExpression")
        self.el(x, "FRBRthis", value=f"{expression}{part}/")
        self.el(x, "FRBRuri", value=f"{expression}/")
        self.el(x, "FRBRdate", date=_iso(f.date or self.work_date()), name="publication" if f.adopted else "revision")
        self.el(x, "FRBRauthor", href=f"#{self.tlc}", as_="#author")
        self.el(x, "FRBRlanguage", language=self.language)
        m = self.el(ident, "FRBRManifestation")
        self.el(m, "FRBRthis", value=f"{expression}/{part}.xml")
        self.el(m, "FRBRuri", value=f"{expression}.xml")
        self.el(m, "FRBRdate", date=_iso(dates.today()), name="markup")
        self.el(m, "FRBRauthor", href="#source", as_="#editor")

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
            committee = COMMITTEES.get(self.facts.committee, NO_COMMITTEE)
            self.el(refs, "TLCTerm", eId=committee, href=f"#{committee}",
                    showAs=self.facts.committee or "Without reference to a main committee")
            self.el(refs, "TLCTerm", eId="memberState", href="/akn/ontology/organization/un/memberState",
                    showAs="Member State")
            for eid, show in (("inFavour", "In favour"), ("against", "Against"), ("abstaining", "Abstaining")):
                self.el(refs, "TLCTerm", eId=eid, href=f"/akn/ontology/concept/un/voting/{eid}", showAs=show)


def _iso(day: datetime.date) -> str:
    return day.isoformat()


def _uri_part(symbol: str) -> str:
    """ "A/80/L.24/Rev.1" → "a-80-l.24-rev.1": a symbol as one FRBR URI component."""
    return re.sub(r"[^0-9A-Za-z.]+", "-", symbol).strip("-").lower()


def _camel(name: str) -> str:
    words = re.findall(r"[A-Za-z]+", name)
    return words[0].lower() + "".join(w.capitalize() for w in words[1:]) if words else "body"


def _first_symbol(text: str | None) -> str | None:
    """ "A/78/481/Add.2, para. 139" → "A/78/481/Add.2" (a step's @as is one symbol)."""
    return text.split(",", 1)[0].strip().replace(" ", "") or None if text else None
