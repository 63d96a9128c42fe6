"""The blocks the outline builder (outline.py) makes, their headings and their ids.

``Node`` is a block or subparagraph while the tree is built; ``Headings`` gives each
heading its numbering pattern and level; ``fit_heading_numbers`` checks the computed
numbers against the printed ones; ``finish`` turns the nodes into ``Paragraph``s with
their ids (the source's when valid and unused, else "pp3", "op4-a", "h2", "t1", "ax1").
"""
from __future__ import annotations

from dataclasses import replace

from .document import (ANNEX as ANNEX_KIND, HEADING as HEADING_KIND, MAX_HEADING_LEVEL, TABLE as TABLE_KIND,
                       Document, Footnote, Paragraph)
from .numbering import heading_numbers, letters, roman
from .outline_marks import heading_pattern, is_heading_number, pattern_value, sub_mark
from .validation import is_valid_id

HEADING_ROLE = "heading"  # outline.HEADING: an item's role, the same word as the block kind


class Node:
    """A block or subparagraph while the tree is being built (mutable until the end)."""

    __slots__ = ("item", "kind", "text", "notes", "children", "sub", "level", "numbering",
                 "restart", "part")

    def __init__(self, item, kind: str, text: str | None = None, part: int = 0):
        self.item, self.kind, self.part = item, kind, part
        self.text = item.text if text is None else text
        self.notes = list(item.notes)
        self.children: list[Node] = []
        found = sub_mark(item.mark)
        self.sub = found[1] if found else ""
        self.level, self.numbering, self.restart = 1, "", False

    def deepest_last(self) -> "Node":
        node = self
        while node.children:
            node = node.children[-1]
        return node

    def fold(self, text: str, notes, sep: str = " ") -> None:
        """Run ``text`` on at the end of this one's."""
        shift = len(self.text) + len(sep)
        self.text += sep + text
        self.notes += [replace(n, at=n.at + shift) for n in notes]


def fit_heading_numbers(preamble: list[Node], operative: list[Node]) -> None:
    """Make the computed heading numbers (numbering.heading_numbers) the printed ones.
    A pattern whose numbers run on through the headings above it (a budget's
    "Section 3" under "Part II") goes up to their level; a number the count cannot
    give (gaps: "Section 11" after "Section 4") stays in the heading's text."""
    nodes = [n for n in preamble + operative if n.kind == HEADING_KIND and n.numbering]
    if not nodes:
        return

    def misses() -> list[Node]:
        doc = Document(body="", session=0, title="", preamble=tuple(finish(preamble, set(), "pp")),
                       operative=tuple(finish(operative, set(), "op")))
        numbers = heading_numbers(doc)
        blocks = doc.preamble + doc.operative
        return [node for node, block in zip(preamble + operative, blocks)
                if node.kind == HEADING_KIND and node.numbering
                and " ".join(node.item.mark.split()) != numbers.get(block.id, "")]

    missed = misses()
    for pattern in dict.fromkeys(n.numbering for n in missed):
        group = [n for n in nodes if n.numbering == pattern]
        before = sum(n in missed for n in group)
        levels = [n.level for n in group]
        for n in group:
            n.level = 1
        now = misses()
        if sum(n in now for n in group) < before:
            missed = now
        else:
            for n, level in zip(group, levels):
                n.level = level
    for node in missed:
        node.text = f"{node.item.mark} {node.text}".strip()
        node.numbering = ""


def finish(nodes: list[Node], ids: set[str], prefix: str) -> list[Paragraph]:
    out, counts = [], {"prose": 0, "h": 0, "t": 0, "ax": 0}
    annex = ""
    for node in nodes:
        if node.kind == ANNEX_KIND:
            counts["ax"] += 1
            counts["prose"] = 0
            annex = f"ax{counts['ax']}"
            fallback = annex
        elif node.kind == HEADING_KIND:
            counts["h"] += 1
            fallback = f"{annex}-h{counts['h']}" if annex else f"h{counts['h']}"
        elif node.kind == TABLE_KIND:
            counts["t"] += 1
            fallback = f"{annex}-t{counts['t']}" if annex else f"t{counts['t']}"
        else:
            counts["prose"] += 1
            fallback = f"{annex}-op{counts['prose']}" if annex else f"{prefix}{counts['prose']}"
        out.append(_paragraph(node, ids, fallback, 0))
    return out

def _paragraph(node: Node, ids: set[str], fallback: str, depth: int) -> Paragraph:
    pid = _unique(node.item.id if is_valid_id(node.item.id) else fallback, ids)
    it, text = node.item, node.text
    common = dict(id=pid, text=text, kind=node.kind)
    if node.kind == HEADING_KIND:
        return Paragraph(**common, level=node.level, numbering=node.numbering, restart=node.restart)
    if node.kind == TABLE_KIND:
        return Paragraph(**common, rows=it.rows, header_rows=it.header_rows)
    if node.kind == ANNEX_KIND:
        return Paragraph(**common)
    notes, taken = [], set()
    for j, note in enumerate(sorted(node.notes, key=lambda n: n.at), 1):
        if not note.text:
            continue
        nid = note.id if is_valid_id(note.id) and note.id not in taken else f"{pid}-fn{j}"
        taken.add(nid)
        notes.append(Footnote(id=nid, at=min(max(note.at, 0), len(text)), text=note.text))
    subs = tuple(_paragraph(c, ids, f"{pid}-{_sub_label(depth + 1, j)}", depth + 1)
                 for j, c in enumerate(node.children, 1))
    opening = None if it.italic is None else min(max(it.italic, 0), len(text))
    return Paragraph(**common, footnotes=tuple(notes), subparagraphs=subs, opening_length=opening)


class Headings:
    """The numbering pattern and level of each heading in one part (main text, an annex).
    A level the source states is kept and remembered for its pattern; otherwise a
    pattern keeps the level it had, and a new one goes one level below the deepest."""

    def __init__(self):
        self.levels: dict[str, int] = {}  # pattern → level
        self.last: dict[str, int] = {}    # the last number seen per pattern

    def node(self, it, part: int) -> Node:
        node = Node(it, HEADING_KIND, part=part)
        node.numbering = heading_pattern(it.mark, self.last)
        if node.numbering:
            self.last[node.numbering] = pattern_value(it.mark, node.numbering)
        elif it.mark.strip():
            node.text = f"{it.mark.strip()} {node.text}".strip()  # "ثانيا": no pattern prints it
        if it.depth is not None:
            node.level = min(it.depth + 1, MAX_HEADING_LEVEL)
            self.levels[node.numbering] = node.level
        else:
            node.level = self.levels.get(node.numbering) or min(
                max(self.levels.values(), default=0) + 1, MAX_HEADING_LEVEL)
            self.levels.setdefault(node.numbering, node.level)
        return node


def merge_headings(items: list) -> list:
    """A heading's number set on a line of its own ("II", then "General activities …")
    becomes the mark of the heading that follows it; with no heading after it, it stays
    a heading of its own: a number and no words ("I.", numbered "{I}." like the others;
    Headings puts a mark no pattern prints in the text)."""
    out: list = []
    for it in items:
        prev = out[-1] if out else None
        if (prev is not None and prev.role == HEADING_ROLE and it.role == HEADING_ROLE and not it.mark
                and not is_heading_number(it.text)):
            number = prev.mark if not prev.text else (
                prev.text if not prev.mark and is_heading_number(prev.text) else "")
            if number:
                out[-1] = replace(it, mark=number, id=prev.id or it.id, extra={**it.extra, **prev.extra},
                                  depth=prev.depth if prev.depth is not None else it.depth)
                continue
        out.append(it)
    return out


def depth_of(top: Node, target: Node) -> int:
    depth, node = 0, top
    while node is not target and node.children:
        node, depth = node.children[-1], depth + 1
    return depth


def _sub_label(depth: int, n: int) -> str:
    return roman(n) if depth == 2 else letters(n)


def _unique(pid: str, ids: set[str]) -> str:
    base, k = pid, 1
    while pid in ids:
        k += 1
        pid = f"{base}-{k}"
    ids.add(pid)
    return pid
