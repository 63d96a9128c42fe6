"""Word's automatic numbers as Word prints them, for the reader.

docx_numbering.Numbering says what each level of a list prints (its format and level
text, "(%2)"); this counts. Word keeps one counter per level of a list *definition*
(w:abstractNum), so that two list instances (w:num) of one definition run on, unless
an instance says where a level starts again (w:lvlOverride/w:startOverride, as our
writer's docx_numbering.restarted does after a heading that restarts numbering and in
each annex). A level starts at its w:start; when a level advances, the deeper ones
start again.
"""
from __future__ import annotations

import re

from ..domain.numbering import letters, roman
from .docx_numbering import Numbering
from .docx_package import W

__all__ = ["ListNumbers", "Numbering"]

_FORMATS = {"decimal": str, "lowerLetter": letters, "lowerRoman": roman,
            "upperLetter": lambda n: letters(n).upper(), "upperRoman": lambda n: roman(n).upper()}
# The depth a level's format states in the UN's hierarchy (UN-FORMAT.md §2): "1."
# paragraphs, "(a)" then "(i)"; "a." is the third level under "(i)" or a first level of
# its own, and a bullet hangs under the paragraph before it.
_DEPTHS = {"auto:number": 0, "auto:paren": 1, "auto:roman": 2, "auto:bullet": 1}


def _int(el, attribute: str = "val") -> int | None:
    try:
        return int(el.get(W + attribute)) if el is not None else None
    except (TypeError, ValueError):
        return None


class ListNumbers:
    def __init__(self, numbering: Numbering, root=None):
        self.numbering = numbering
        self.definition: dict[str, str] = {}                 # numId → abstractNumId
        self.starts: dict[tuple[str, int], int] = {}         # (abstractNumId, level) → w:start
        self.overrides: dict[tuple[str, int], int] = {}      # (numId, level) → w:startOverride
        self.counts: dict[str, dict[int, int]] = {}          # abstractNumId → level → last number
        self.started: set[tuple[str, int]] = set()           # overrides already applied
        if root is not None:
            self._read(root)

    def _read(self, root) -> None:
        for abstract in root.iter(W + "abstractNum"):
            aid = abstract.get(W + "abstractNumId", "")
            for lvl in abstract.findall(W + "lvl"):
                level, start = _int(lvl, "ilvl"), _int(lvl.find(W + "start"))
                if level is not None and start is not None:
                    self.starts[(aid, level)] = start
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId", "")
            ref = num.find(W + "abstractNumId")
            self.definition[nid] = ref.get(W + "val", "") if ref is not None else ""
            for override in num.findall(W + "lvlOverride"):
                level, start = _int(override, "ilvl"), _int(override.find(W + "startOverride"))
                if level is not None and start is not None:
                    self.overrides[(nid, level)] = start

    def mark(self, num_id: str, level: int) -> tuple[str, int | None]:
        """(the mark Word prints, the depth its format states) for the next paragraph of
        list ``num_id`` at ``level``."""
        aid = self.definition.get(num_id, f"num:{num_id}")
        counts = self.counts.setdefault(aid, {})
        if (num_id, level) in self.overrides and (num_id, level) not in self.started:
            self.started.add((num_id, level))
            counts[level] = self.overrides[(num_id, level)] - 1
        counts[level] = counts.get(level, self.starts.get((aid, level), 1) - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        kind = self.numbering.kind(num_id, level)
        found = self.numbering.levels.get((num_id, level))
        if kind in ("", "auto:bullet"):
            return "", _DEPTHS.get(kind)
        if found is None:
            return "", level

        def number(m: re.Match) -> str:
            at = int(m[1]) - 1
            fmt = self.numbering.levels.get((num_id, at), found)[0]
            return _FORMATS.get(fmt, str)(counts.get(at, self.starts.get((aid, at), 1)))

        return re.sub(r"%(\d)", number, found[1]).strip(), _DEPTHS.get(kind)

    def is_heading(self, num_id: str, level: int) -> bool:
        """Whether the level prints "I." or "A.", as headings are numbered."""
        return self.numbering.kind(num_id, level) == "auto:heading"
