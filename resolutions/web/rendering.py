"""Turning documents and diffs into HTML. Every piece of user text is escaped here
or by Jinja; Markup is built only around escaped pieces."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from markupsafe import Markup, escape

from ..domain.bodies import get_body
from ..domain import wording
from ..domain.dates import un_date
from ..domain.diff import DELETE, EQUAL, INSERT
from ..domain.document import ANNEX, HEADING, OPERATIVE, PARAGRAPH, PREAMBLE, TABLE, TEXT, Document, Paragraph
from ..domain.errors import InvalidDocument
from ..domain.footnote_markup import parse as parse_footnote_markup
from ..domain.footnote_markup import render as footnote_markup
from ..domain.lifecycle import ACTIONS, ADOPTED, Issuance, Lifecycle
from ..domain.numbering import labels, marks
from ..domain.openings import opening_length
from ..domain.records import ResolutionFacts
from ..domain.sessions import session_heading
from ..domain.sponsors import join_names
from ..domain.style import check

# The Word export's own rules for the printed page, so the page and the file agree:
# the number before an adopted title ("79/245."), dates ("1 December 2026"), the
# issued L's note on its sponsors.
from ..formats.docx_cover import SPONSOR_NOTE, printed_number

ACKNOWLEDGEMENT = ("Text of the United Nations. Source: United Nations, resolutions of the General Assembly "
                   "as published by the UN (Akoma Ntoso XML, UNxml/GAresolutions) and the UN's official documents.")


@dataclass
class Row:
    """One block (paragraph, text, heading, table, annex break) as the editor and the reader show it."""
    id: str
    section: str
    depth: int
    markup: str               # editable text, footnotes inline (a table's, an annex's title)
    label: str = ""           # PP1, OP2 (a), Heading II, Table 1, Annex II
    mark: str = ""            # "2.", "(a)", a heading's "II.", an annex's "Annex II"
    html: Markup = Markup("")
    warnings: tuple[str, ...] = ()
    source: str | None = None
    kind: str = PARAGRAPH
    level: int = 1            # headings: 1–3, and the pattern of their number
    numbering: str = ""
    restart: bool = False
    cells: str = ""           # tables: the editor's text of their cells (table_text)
    header_rows: int = 0


def rows(doc: Document, style: bool = True) -> list[Row]:
    """Every block in reading order, numbered, rendered and (for drafts) style-checked."""
    names, printed = labels(doc), marks(doc)
    advice: dict[str | None, list[str]] = {}
    for warning in check(doc) if style else ():
        advice.setdefault(warning.paragraph_id, []).append(warning.message + (f" {warning.fix}" if warning.fix else ""))
    footnote_numbers = _footnote_numbers(doc)
    return [Row(p.id, section, depth, footnote_markup(p.text, p.footnotes), names[p.id], printed[p.id],
                paragraph_html(p, section, footnote_numbers, doc.language), tuple(advice.get(p.id, ())), p.source,
                p.kind, p.level, p.numbering, p.restart, table_text(p.rows), p.header_rows)
            for section, depth, p in doc.walk()]


def document_warnings(doc: Document) -> list[str]:
    return [w.message for w in check(doc) if w.paragraph_id is None]


def _footnote_numbers(doc: Document) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for _, _, para in doc.walk():
        for note in para.footnotes:
            numbers[note.id] = len(numbers) + 1
    return numbers


def footnotes(doc: Document) -> list[tuple[int, str]]:
    numbers = _footnote_numbers(doc)
    return [(numbers[n.id], n.text) for _, _, p in doc.walk() for n in p.footnotes]


def paragraph_html(para: Paragraph, section: str, numbers: dict[str, int] | None = None,
                   language: str = "en") -> Markup:
    """The paragraph with its opening in italics and footnote markers in place; a
    heading's or an annex's words as they are; a table as an HTML table (table_html)."""
    if para.kind == TABLE:
        return table_html(para)
    if not para.is_prose:
        return escape(para.text)
    italic_end = opening_length(para, section, language)
    cuts = sorted({0, italic_end, len(para.text), *(n.at for n in para.footnotes)})
    notes_at: dict[int, list] = {}
    for note in para.footnotes:
        notes_at.setdefault(note.at, []).append(note)
    out = []
    for start, end in zip(cuts, cuts[1:] + [None]):
        for note in notes_at.get(start, ()):
            number = (numbers or {}).get(note.id, "*")
            out.append(Markup('<sup class="fn" title="{}">{}</sup>').format(note.text, number))
        if end is None:
            break
        piece = escape(para.text[start:end])
        out.append(Markup("<em>{}</em>").format(piece) if end <= italic_end else piece)
    return Markup("").join(out)


def block_html(para: Paragraph, section: str, numbers: dict[str, int] | None = None, mark: str = "") -> Markup:
    """A block as one line of a list of paragraphs (the compilation text): a heading
    with its number, an annex with its mark before its title, anything else as
    ``paragraph_html`` renders it."""
    html = paragraph_html(para, section, numbers)
    if para.kind == HEADING:
        return Markup('<strong class="block-heading">{}{}</strong>').format(
            Markup('<span class="mark">{}</span> ').format(mark) if mark else "", html)
    if para.kind == ANNEX:
        return Markup('<strong class="annex-mark">{}</strong> {}').format(mark or "Annex", html)
    return html


# A cell's own bar, newline, tab and backslash, written so that the cells read back the same.
_CELL_ESCAPES = str.maketrans({"\\": "\\\\", "|": "\\|", "\n": "\\n", "\t": "\\t"})


def table_text(cells) -> str:
    """A table's cells as the editor shows them: one row a line, cells separated by " | ",
    a cell's own "|", newline, tab and backslash written \\|, \\n, \\t and \\\\ (read back
    by editor_form.parse_rows, exactly: an unchanged save keeps every cell and row)."""
    return "\n".join(" | ".join(cell.translate(_CELL_ESCAPES) for cell in row) for row in cells)


def table_html(table: Paragraph) -> Markup:
    """A table with its title as caption and its header rows as column headers (th),
    in a box of its own that scrolls sideways on a narrow screen (app.css) and can be
    reached with the keyboard to scroll it."""
    def row(cells, header: bool) -> Markup:
        tag = Markup('<th scope="col">{}</th>') if header else Markup("<td>{}</td>")
        return Markup("<tr>{}</tr>").format(Markup("").join(tag.format(cell) for cell in cells))
    if not table.rows and not table.text:
        return Markup("")  # a table just added: the editor says it is empty
    head = table.rows[:table.header_rows]
    body = table.rows[table.header_rows:]
    caption = Markup("<caption>{}</caption>").format(table.text) if table.text else Markup("")
    return Markup('<div class="table-scroll" role="region" tabindex="0" aria-label="{}"><table class="un-table">'
                  '{}{}{}</table></div>').format(
        table.text or "Table", caption,
        Markup("<thead>{}</thead>").format(Markup("").join(row(r, True) for r in head)) if head else Markup(""),
        Markup("<tbody>{}</tbody>").format(Markup("").join(row(r, False) for r in body)) if body else Markup(""))


def ops_html(ops, side: str = "inline") -> Markup:
    """Word operations as <ins>/<del>; ``side`` "old" or "new" keeps one side only."""
    out = []
    for op in ops:
        if op.op == EQUAL:
            out.append(escape(op.text))
        elif op.op == DELETE and side != "new":
            out.append(Markup("<del>{}</del>").format(op.text))
        elif op.op == INSERT and side != "old":
            out.append(Markup("<ins>{}</ins>").format(op.text))
    return Markup("").join(out)


def plain_text(markup: str) -> str:
    """A paragraph's markup (footnotes inline) as its text alone, for a word diff; markup
    that does not parse is shown as it is."""
    try:
        return parse_footnote_markup(markup)[0]
    except InvalidDocument:
        return markup


def precedent_json(p) -> dict:
    return {"symbol": p.symbol, "paragraph": p.paragraph, "paragraph_id": p.paragraph_id, "text": p.text,
            "score": round(p.score, 3), "year": p.year, "language": p.language,
            "diff": [{"op": o.op, "text": o.text} for o in p.diff], "diff_html": str(ops_html(p.diff))}


EMPTY_LIBRARY = "No past resolutions have been imported yet, so there is no agreed language to offer"


def agreed_language_json(found) -> dict:
    """services.agreed_language.suggestions as JSON, for the API and the editor's panel
    (``shortened``: what of a very long paragraph was left out). Each result also says how close it is
    (``same_words``: % of the words the diff keeps; ``weak``: below the documented
    threshold), and ``library_empty`` tells "nothing imported yet" from "nothing close"."""
    return {"results": [{**precedent_json(s.found), "same_words": s.same_words, "weak": s.weak}
                        for s in found.results],
            "shortened": found.shortened, "library_empty": found.library_empty,
            "empty_message": EMPTY_LIBRARY if found.library_empty else None}


@dataclass(frozen=True)
class Cover:
    """What the UN layout prints above a text's paragraphs in its state, as the Word
    export does (formats/docx_cover.py): the manuscript ("Draft", the sponsor line),
    the issued L or Rev. (its symbol, "Distr.: Limited", the sponsors at issuance with
    the asterisk's note) or the adopted resolution (its symbol, "Resolution adopted by
    … on …", the committee line, the number before the title, no sponsor line)."""
    symbol: str = ""                     # "" for a manuscript: the masthead says "Draft"
    distribution: tuple[str, ...] = ()   # "Distr.: Limited", "15 November 2024", "Original: English"
    session: str = ""                    # "Seventy-ninth session"
    agenda: str = ""                     # "Agenda item 26"
    adoption: str = ""                   # "Resolution adopted by the General Assembly on 1 December 2026"
    committee_line: str = ""             # "[without reference to a Main Committee (A/79/L.24)]"
    sponsors: str = ""                   # "Japan and United States of America" ("" once adopted)
    sponsor_note: str = ""               # the issued L's footnote to the asterisk after the sponsors
    number: str = ""                     # "79/245."
    formula: str = ""                    # "The General Assembly,", "L’Assemblée générale," (the text's language)
    # the masthead's and the sponsor line's words in the text's language (domain/wording.py)
    united_nations: str = "United Nations"
    organ: str = ""                      # "General Assembly", "Assemblée générale" ("" : the body's own)
    draft_word: str = "Draft"            # the manuscript's masthead in place of a symbol
    draft_words: str = "draft resolution"
    language: str = "en"

    @property
    def sponsor_colon(self) -> str:
        """":" after the sponsors; "\u00a0:" in French, "：" in Chinese."""
        return wording.sponsor_colon(self.language)

    @property
    def committee_inner(self) -> str:
        """The committee line without its brackets (printed in italics between them)."""
        line = self.committee_line
        return line[1:-1] if line.startswith("[") and line.endswith("]") else line


def _heading(doc: Document, language: str) -> dict:
    """The cover's lines in ``language`` (domain/wording.py): "Quatre-vingtième session",
    "Point 125 de l’ordre du jour", the enacting formula, the masthead's words."""
    body = get_body(doc.body)
    said = wording.words(language)
    return {"session": wording.session_line(language, doc.session) if doc.session else "",
            "agenda": wording.agenda_line(language, doc.agenda_item),
            "formula": body.formula(language) if body else "",
            "united_nations": said["united_nations"],
            "organ": said["general_assembly"] if doc.body == "GA" else (body.organ if body else ""),
            "draft_word": said["draft"],
            "language": language}


def _adoption_line(doc: Document, symbol: str, day, language: str = "en") -> str:
    return wording.adopted_line(language, doc.body, day, symbol)


def issuance_shown(life: Lifecycle, number: int) -> Issuance | None:
    """The issued document revision ``number`` is: the one issued under it, or, for an
    oral revision, the one it revised as read out; None for a text never issued."""
    issued = [i for i in life.issuances if i.revision == number]
    if issued:
        return issued[-1]
    if any(o.revision == number for o in life.oral_revisions):
        earlier = [i for i in life.issuances if i.revision < number]
        return earlier[-1] if earlier else None
    return None


def draft_cover(life: Lifecycle, doc: Document, number: int, current_sponsors) -> Cover:
    """The cover of revision ``number`` of a draft in the state ``life`` says, in the
    draft's language."""
    language = doc.language
    heading = _heading(doc, language)
    said = wording.words(language)
    action = life.action
    if action is not None and action.kind == ADOPTED and action.revision == number and action.symbol:
        return Cover(action.symbol, (said["distr_general"], wording.masthead_date(action.date, language)),
                     adoption=_adoption_line(doc, action.symbol, action.date, language),
                     committee_line=action.committee_line, number=printed_number(action.symbol), **heading)
    issuance = issuance_shown(life, number)
    if issuance is not None:
        return Cover(issuance.symbol, (said["distr_limited"], wording.masthead_date(issuance.date, language),
                                       wording.original_line(language)),
                     sponsors=wording.join_names(issuance.sponsors, language),
                     sponsor_note=SPONSOR_NOTE if issuance.sponsors else "",
                     draft_words=_draft_words(language, issuance.symbol), **heading)
    return Cover(sponsors=wording.join_names(current_sponsors, language),
                 draft_words=_draft_words(language, ""), **heading)


def _draft_words(language: str, symbol: str) -> str:
    """"draft resolution", "revised draft resolution" under a …/Rev.n, in ``language``."""
    return wording.words(language)["revised_draft_resolution" if "/Rev." in symbol else "draft_resolution"]


def library_cover(symbol: str, kind: str, doc: Document, facts: ResolutionFacts | None,
                  printed_sponsors, language: str) -> Cover:
    """The cover of a text in the library, in the language shown: an adopted resolution
    prints no sponsor line (its sponsors are in the facts beside it); an issued draft
    prints its sponsors."""
    heading = _heading(doc, language)
    said = wording.words(language)
    if kind != "resolution":
        return Cover(symbol, sponsors=wording.join_names(printed_sponsors, language),
                     draft_words=_draft_words(language, symbol), **heading)
    adopted = facts.adopted_on if facts else None
    line = ""
    if facts and facts.originating_document and doc.body == "GA":  # the CND prints no committee line
        line = wording.report_line(language, facts.committee, facts.originating_document)
    distribution = (said["distr_general"], wording.masthead_date(adopted, language)) if adopted \
        else (said["distr_general"],)
    return Cover(symbol, distribution,
                 adoption=_adoption_line(doc, symbol, adopted, language) if adopted else "", committee_line=line,
                 number=printed_number(symbol), **heading)


RIGHT_TO_LEFT = frozenset({"ar"})


def text_attrs(language: str) -> Markup:
    """The lang and dir of an element holding a draft's own text (the page's are English):
    Arabic reads and is edited from the right."""
    return Markup(' lang="{}" dir="{}"').format(language, "rtl" if language in RIGHT_TO_LEFT else "ltr")


def register(app: Flask) -> None:
    app.jinja_env.globals.update(get_body=get_body, session_heading=session_heading, text_attrs=text_attrs,
                                 PREAMBLE=PREAMBLE, OPERATIVE=OPERATIVE, PARAGRAPH=PARAGRAPH, TEXT=TEXT,
                                 HEADING=HEADING, TABLE=TABLE, ANNEX=ANNEX)
    app.jinja_env.filters["ops_html"] = ops_html
    # "5 November 2025" and "Japan, Mexico and Peru", as the exported files print them
    app.jinja_env.filters["un_date"] = un_date
    app.jinja_env.filters["sponsor_names"] = join_names


_EVENT_LABELS = {
    "draft.circulated": "Circulated to all delegations",
    "draft.made_private": "Made private again",
    "sponsor.joined": "{delegation} joined as co-sponsor",
    "sponsor.withdrew": "{delegation} withdrew as co-sponsor",
    "proposal.made": "{delegation} proposed on {label}: {summary}",
    "proposal.supported": "{delegation} joined proposal {proposal} on {label}",
    "proposal.withdrawn": "{delegation} withdrew from proposal {proposal} on {label}",
    "proposal.decided": "Proposal {proposal} on {label} ({delegation}) {outcome}",
    "paragraph.status": "{label} marked {status_name}",
    "comment.added": "Comment on {label}",
    "comment.resolved": "Comment thread on {label} resolved",
    # the lifecycle's steps carry their own sentence (services/lifecycle.py)
    **{f"lifecycle.{action}": "{summary}" for action in ACTIONS},
}


class _Detail(dict):
    """An event's detail for a label: a key an older record lacks prints as "?" rather
    than breaking the history page."""

    def __missing__(self, key):
        return "?"
# Saves, restores and the creation are the revisions themselves: the timeline shows them once.
_REVISION_EVENTS = ("draft.created", "draft.saved", "draft.restored")


@dataclass(frozen=True)
class TimelineItem:
    at: object
    revision: object = None
    event: object = None
    label: str = ""


def _on_behalf(detail: dict) -> dict:
    """ "United States of America for Mexico": a proposal the uploader made in a partner's name."""
    partner = detail.get("on_behalf_of")
    return {"delegation": f"{detail.get('delegation') or 'A delegation'} for {partner}"} if partner else {}


def timeline(revisions, events) -> list[TimelineItem]:
    """Revisions and the draft's other events in one list, newest first."""
    items = [TimelineItem(r.created_at, revision=r) for r in revisions]
    items += [TimelineItem(e.at, event=e, label=_EVENT_LABELS.get(e.event, e.event).format_map(_Detail({
                  "delegation": "A delegation", **{k: v for k, v in e.detail.items() if v is not None},
                  **_on_behalf(e.detail)})))
              for e in events if e.event not in _REVISION_EVENTS]
    return sorted(items, key=lambda item: item.at, reverse=True)
