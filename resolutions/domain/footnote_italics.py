"""Which words of a footnote are printed in italics: the titles of publications.

The model keeps a footnote as plain text (the UN's XML marks the italics, but the
readers keep only the words), so the italics are found again when a file is written.
The rule is read off the 785 italic footnotes of the UN's own XML of session 78
(../shared/corpus/akn/78/English), where the italic spans are:

- "Treaty Series" ("United Nations, *Treaty Series*, vol. 1019, No. 14956.");
- an *Official Records* title through its supplement ("*Official Records of the General
  Assembly, Sixty-third Session, Supplement No. 47* (A/63/47)."), or through its
  session or year when it has no supplement;
- after "Ibid.,", the session or year and supplement ("Ibid., *Seventy-fourth Session,
  Supplement No. 53* (A/74/53)");
- the title of a report, final document or collection, up to the parenthesis that gives
  its symbol or sales number ("*Report of the Fourth World Conference on Women,
  Beijing, 4–15 September 1995* (United Nations publication, Sales No. E.96.IV.13)").

tests/domain/test_footnote_italics.py measures the rule against the XML.
"""
from __future__ import annotations

import re

_SUPPLEMENT = r"Supplement\s+No\.\s+\d+[A-Z]?"
_SESSION_OR_YEAR = (r"(?:[A-Z][a-z]+(?:[-\u2011][a-z]+)?\s+(?:[Ss]pecial\s+|[Ee]mergency\s+[Ss]pecial\s+)?[Ss]ession"
                    r"|\d{4}|[A-Z][a-z]+(?:-[a-z]+)?\s+Year)")
_PATTERNS = [
    re.compile(r"Treaty Series"),
    # Official Records of the <organ>, <session or year>[, Supplement No. n]
    re.compile(r"Official Records of the [^,()]+,\s+" + _SESSION_OR_YEAR
               + r"(?:,\s+(?:" + _SUPPLEMENT + r"|Supplement\s+for\s+[^,()]+|Plenary Meetings|Annexes))?"),
    # Ibid., <session or year>, Supplement No. n
    re.compile(r"(?<=[Ii]bid\.,\s)" + _SESSION_OR_YEAR + r",\s+" + _SUPPLEMENT),
    # Titles of reports and collections, up to the parenthesis or volume that follows.
    re.compile(r"(?:(?<=^)|(?<=See\s)|(?<=see\s)|(?<=and\s)|(?<=in\s)|(?<=\()(?=Report of)"
               r"|(?<=vol\.\s[IVX],\s)|(?<=vol\.\s[IVX]{2},\s)|(?<=vol\.\s[IVX]{3},\s))"
               r"(?:Report of the|Resolutions and Decisions of the|Resolutions Adopted by the"
               r"|\d{4} Review(?: and Extension)? Conference of the|The United Nations [A-Z][a-z]+ Yearbook)"
               r"[^()]*?(?=,?\s+\(|,\s+vol\.|\.\s*$|$)"),
]


def italic_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the italic parts of footnote ``text``, in order and
    not overlapping; [] when it cites no publication by title."""
    spans: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if end > start and not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
    return sorted(spans)


def split(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, italic) runs, in order; together they are ``text``."""
    out, last = [], 0
    for start, end in italic_spans(text):
        if start > last:
            out.append((text[last:start], False))
        out.append((text[start:end], True))
        last = end
    if last < len(text) or not out:
        out.append((text[last:], False))
    return [(piece, italic) for piece, italic in out if piece or not italic]
