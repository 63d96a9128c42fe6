"""The text of a resolution in Word: one SingleTxt paragraph per paragraph, the marks
("1.", "(a)") before it, its opening in italics and its footnotes as real Word footnotes.
The page around it (masthead, styles, running heads) is docx_writer.py's."""
from __future__ import annotations

from docx.shared import Cm

from ..domain.document import Document, Paragraph
from ..domain.numbering import marks
from ..domain.openings import opening_length
from . import ooxml

# The UN's SingleTxt style: text inset 1267 twips from each margin, tab stops every
# 475 twips after it (mark at the first, text at the second).
TAB_STEP = Cm(0.838)
TEXT = "SingleTxt"


def write_text(document, doc: Document, inset) -> None:
    """Every paragraph of ``doc`` in the SingleTxt style, its text ``inset`` from the margins."""
    printed = marks(doc)
    footnotes = ooxml.Footnotes(document)
    for section, depth, para in doc.walk():
        # Only a paragraph's own opening is italic; subparagraphs stay roman.
        italic = opening_length(para, section) if depth == 0 else 0
        p = document.add_paragraph(_lead(depth, printed[para.id]), style=TEXT)
        if depth > 1:
            # (i) and a. hang one tab step further in for each level past (a).
            p.paragraph_format.left_indent = inset + TAB_STEP * (depth - 1)
        _write_runs(p, para, italic, footnotes)


def _lead(depth: int, mark: str) -> str:
    """What precedes the text: tab, "1.", tab for operative paragraphs and (a) items;
    a tab for preambular and lone operative paragraphs; "(i)", tab when indented."""
    indent = "\t" if depth <= 1 else ""
    return indent + (f"{mark}\t" if mark else "")


def _write_runs(p, para: Paragraph, italic_end: int, footnotes: ooxml.Footnotes) -> None:
    """The text cut where the italics stop and where footnote markers stand; each
    marker follows the text before it, as the UN places it after punctuation."""
    text = para.text
    cuts = sorted({0, italic_end, len(text), *(n.at for n in para.footnotes)})
    for start, end in zip(cuts, cuts[1:] + [None]):
        for note in (n for n in para.footnotes if n.at == start):
            footnotes.add(p, note.text)
        if end is not None and end > start:
            run = p.add_run(text[start:end])
            if end <= italic_end:
                run.italic = True


