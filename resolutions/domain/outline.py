"""One outline builder behind every reader.

Each reader (formats/akn_reader.py, pdf_reader.py, docx_reader.py) only extracts: it
turns its bytes into a stream of ``Item``s in reading order, each with the mark the
source printed, its text, what the source says about its style, its footnotes and
where it was found. ``build`` turns that one stream into the document's parts
(preamble, operative part with headings and annexes, paragraph tree), so that the
same text gives the same structure whatever the format it came in.

The rules, decided once here:
- What stands before a FORMULA item is the cover (domain/cover_page.py reads it);
  CLOSING items are dropped.
- The operative part starts at the item an extractor marks ``extra["operative_part"]``
  (the AKN mainBody), else at the first OPERATIVE item, else at the first numbered
  paragraph ("1.") — or the lead-in ending with a colon just before it ("Resolves
  that:"), or the numbered heading ("I.") whose section it opens. With no numbered
  paragraph, it starts at the first paragraph not ending with a comma (a lone
  operative paragraph), unless that is a lead-in whose list ends with a comma; a
  "Recalling …:" lead-in with lettered parts (a decision) gives the letters as
  paragraphs. Unnumbered paragraphs ending with a comma at the start of a numbered
  operative part are preambular (A/RES/78/127). A table or annex ends the preamble.
- Preamble: marked items are folded into the paragraph before ("…: (a) …, (b) …").
- Operative part and each annex: a number starts a paragraph; a subparagraph mark
  (or a stated depth) goes under the current path: "(a)" one level down, a roman
  "(ii)" two, "a." three; "(i)" after "(h)" is a letter unless "(ii)" follows ("(j)"
  → letter), and with nothing to tell, a roman numeral only after a lead-in ending
  with a colon. Unmarked lines after a lead-in ending with a colon become its
  subparagraphs; an unmarked line starting in lower case runs on at the end of the
  paragraph before (not after a full stop). Other unmarked paragraphs are ``text``
  blocks where the part has numbered ones (and always in annexes), else paragraphs.
  A mark with nothing to hang from stays printed in the text.
- Headings: the pattern comes from the mark ("II." → "{I}.", outline_marks.py); a
  lone number ("II") gives its mark to the heading after it; the level is the one the
  source states, else the one the pattern had, else one below the deepest so far. A
  paragraph "1." right after a heading when numbering had gone past 1 makes that
  heading ``restart``. Printed numbers are checked against numbering.heading_numbers:
  a pattern whose numbers run on through higher headings ("Section 3" under "Part
  II") is put at their level; a number the count cannot give ("Section 11" after
  "Section 4") stays in the heading's text, unnumbered.
- Annexes: an ANNEX item starts one; an empty title takes the unnumbered heading after it.
- Ids: the source's when valid and unused, else "pp3", "op4", "op4-a", "op4-a-ii",
  "h2", "t1", "ax1", "ax1-op3"; footnotes "<paragraph id>-fn<n>".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from .document import ANNEX as ANNEX_KIND, MAX_DEPTH, PARAGRAPH, PREAMBLE, TABLE as TABLE_KIND, TEXT, Paragraph
from .numbering import letters, roman
from .openings import detect
from .outline_blocks import Headings, Node, depth_of, finish, fit_heading_numbers, merge_headings
from .outline_marks import COLON_END, COMMA_END, ROMAN, letter_index, number_of, plain_end, sub_mark

# What an extractor knows for sure about an item (``Item.role``). "body" means it
# does not know: the builder decides from the mark, the text and the position.
BODY = "body"
FORMULA = "formula"        # "The General Assembly," — ends the cover, starts the preamble
PREAMBULAR = "preambular"  # the source marks it as preambular (AKN preamble, a section's crossHeading)
OPERATIVE = "operative"    # the source marks it as operative (AKN mainBody paragraph)
HEADING = "heading"        # a heading (AKN section num/heading, Word heading style, PDF bold centred line)
ANNEX = "annex"            # "Annex", "Annex II" (the annex's title follows as a HEADING or in ``text``)
TABLE = "table"            # ``rows`` hold the cells
CLOSING = "closing"        # "60th plenary meeting …": ends the text
ROLES = (BODY, FORMULA, PREAMBULAR, OPERATIVE, HEADING, ANNEX, TABLE, CLOSING)


@dataclass(frozen=True)
class Note:
    """A footnote whose marker stands at offset ``at`` of the item's text."""

    at: int
    text: str
    id: str | None = None


@dataclass(frozen=True)
class Item:
    text: str                        # the text, without its printed mark
    mark: str = ""                   # the mark as printed: "3.", "(a)", "(ii)", "a.", "I.", "A.", "Part I", "Section 2", "Annex II", ""
    role: str = BODY
    depth: int | None = None         # nesting the source states (AKN list depth, Word numbering level); None: unknown
    italic: int | None = None        # length of the italic opening, when the source marks it exactly
    styles: frozenset[str] = frozenset()   # what the source shows: "bold", "italic", "centred", "underline"
    notes: tuple[Note, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # tables only
    header_rows: int = 0
    id: str | None = None            # the source's own id (an AKN eId), kept when valid
    where: str = ""                  # for messages and debugging: "page 3", "paragraph 41"
    extra: dict = field(default_factory=dict, compare=False)  # reader-specific hints, never required


@dataclass(frozen=True)
class Outline:
    preamble: tuple[Paragraph, ...]
    operative: tuple[Paragraph, ...]
    formula: str | None = None
    warnings: tuple[str, ...] = ()   # what was read but could not be placed


# ---------------------------------------------------------------------------- the builder


def build(items: Sequence[Item], language: str = "en") -> Outline:
    """The document's parts from a reader's items (module docstring)."""
    return _Builder(list(items), language).outline()


class _Builder:
    def __init__(self, items: list[Item], language: str):
        self.language = language
        self.formula: str | None = None
        self.warnings: list[str] = []
        for k, it in enumerate(items):
            if it.role == FORMULA:
                self.formula = it.text
                items = items[k + 1:]  # what stands before the formula is the cover page
                break
        self.items = merge_headings([it for it in items if it.role != CLOSING])
        self.unmarked: set[int] = set()   # sub items read as paragraphs of their own

    def outline(self) -> Outline:
        split = self._split()
        preamble = self._preamble(self.items[:split])
        operative = self._operative(split)
        fit_heading_numbers(preamble, operative)
        ids: set[str] = set()
        return Outline(preamble=tuple(finish(preamble, ids, "pp")),
                       operative=tuple(finish(operative, ids, "op")),
                       formula=self.formula, warnings=tuple(self.warnings))

    # -- where the operative part starts

    def _is_prose(self, k: int) -> bool:
        return self.items[k].role in (BODY, OPERATIVE, PREAMBULAR)

    def _numbered(self, k: int) -> bool:
        it = self.items[k]
        return self._is_prose(k) and it.role != PREAMBULAR and number_of(it.mark) is not None

    def _plain(self, k: int) -> bool:
        it = self.items[k]
        return self._is_prose(k) and (not it.mark or k in self.unmarked) and not it.depth

    def _split(self) -> int:
        items = self.items
        hinted = next((k for k, it in enumerate(items) if it.extra.get("operative_part")), None)
        stop = next((k for k, it in enumerate(items) if it.role in (TABLE, ANNEX)), len(items))
        if hinted is not None:
            split = hinted
        elif any(it.role == OPERATIVE for it in items):
            split = next(k for k, it in enumerate(items) if it.role == OPERATIVE)
        else:
            first = next((k for k in range(stop) if self._numbered(k)), None)
            split = self._unnumbered_split(stop) if first is None else self._before_number(first)
        split = min(split, stop)
        return self._leading_preambular(split)

    def _before_number(self, k: int) -> int:
        """A lead-in just before the first numbered paragraph is operative ("Resolves
        that:"); so is what follows a numbered heading that stands before it (a section
        "I." and its own "Recalling …," paragraphs)."""
        items = self.items
        # Unnumbered headings right before it open the operative part ("Peacebuilding
        # Commission" before "1. Reaffirms", A/80/L.15), and so does a lead-in before
        # them ("Adopts the following declaration:", then its title, A/RES/75/1).
        while k > 0 and items[k - 1].role == HEADING and not items[k - 1].mark:
            k -= 1
        while k > 0 and self._plain(k - 1) and items[k - 1].role == BODY and COLON_END.search(items[k - 1].text):
            k -= 1
        j = k
        while j > 0 and (items[j - 1].role == HEADING or self._plain(j - 1)):
            j -= 1
        return next((h for h in range(j, k) if items[h].role == HEADING and items[h].mark), k)

    def _unnumbered_split(self, stop: int) -> int:
        """No numbered paragraph: the operative part starts with the first paragraph that
        does not end like a preambular one (with a comma)."""
        items = self.items
        for k in range(stop):
            if not self._is_prose(k) or items[k].role == PREAMBULAR:
                continue
            end = plain_end(items[k].text)
            run = self._sub_run(k + 1)
            if self._plain(k):
                if COMMA_END.search(end):
                    continue
                if COLON_END.search(end) and run:
                    if COMMA_END.search(plain_end(items[run[-1]].text)):
                        continue
                    if detect(items[k].text, PREAMBLE).known:
                        # A decision: "Recalling …:" then "(a) Expresses …", "(b) Endorses …".
                        self.unmarked.update(run)
                        return run[0]
                return k
            own = self._sub_run(k)
            if k and own and not COMMA_END.search(plain_end(items[own[-1]].text)):
                return k  # a list standing on its own, not ending like a preambular one
        return stop

    def _sub_run(self, k: int) -> list[int]:
        run = []
        while k < len(self.items) and self._is_prose(k) and sub_mark(self.items[k].mark):
            run.append(k)
            k += 1
        return run

    def _leading_preambular(self, split: int) -> int:
        """Unnumbered paragraphs ending with a comma that open a numbered operative part
        are preambular (A/RES/78/127 "Aiming to …,")."""
        k = split
        while (k < len(self.items) and self._plain(k) and self.items[k].role != PREAMBULAR
               and COMMA_END.search(self.items[k].text)
               and not (k + 1 < len(self.items) and self.items[k + 1].depth)):
            k += 1
        return k if k > split and k < len(self.items) and self._numbered(k) else split

    # -- the preamble

    def _preamble(self, items: list[Item]) -> list[Node]:
        out: list[Node] = []
        headings = Headings()
        for it in items:
            if it.role == HEADING:
                out.append(headings.node(it, 0))
            elif it.role in (TABLE, ANNEX):
                self.warnings.append(f"{it.where or 'preamble'}: a {it.role} in the preamble was left out")
            elif (it.mark or it.depth) and out and out[-1].kind == PARAGRAPH:
                # A list inside a preambular paragraph is folded into its text.
                head = f"{it.mark} " if it.mark else ""
                out[-1].fold(head + it.text, [Note(n.at + len(head), n.text, n.id) for n in it.notes])
            else:
                out.append(Node(it, PARAGRAPH))
        return out

    # -- the operative part and the annexes

    def _operative(self, split: int) -> list[Node]:
        items = self.items
        out: list[Node] = []
        part, numbered = 0, 0
        has_numbers = self._parts_with_numbers(split)
        headings = Headings()
        stack: list[Node] = []            # the path to the last paragraph: top, (a), (i)
        gathering: Node | None = None     # a lead-in gathering unmarked lines
        last_heading: Node | None = None  # a heading since the last numbered paragraph
        skip = -1
        for k in range(split, len(items)):
            it = items[k]
            if k == skip:
                continue
            if it.role == ANNEX:
                part += 1
                numbered, stack, gathering, last_heading = 0, [], None, None
                headings = Headings()
                title = it.text
                if not title and k + 1 < len(items) and items[k + 1].role == HEADING and not items[k + 1].mark:
                    title, skip = items[k + 1].text, k + 1
                out.append(Node(it, ANNEX_KIND, title, part))
                continue
            if it.role == HEADING:
                last_heading = headings.node(it, part)
                out.append(last_heading)
                stack, gathering = [], None
                continue
            if it.role == TABLE:
                out.append(Node(it, TABLE_KIND, part=part))
                stack, gathering = [], None
                continue
            top_kind = TEXT if part or has_numbers[part] else PARAGRAPH
            if it.role == PREAMBULAR:
                node = Node(it, TEXT, part=part)
                out.append(node)
                stack, gathering = [node], None
                continue
            n = number_of(it.mark) if k not in self.unmarked else None
            if n is not None and not it.depth:
                if n == 1 and numbered and last_heading is not None and last_heading.part == part:
                    last_heading.restart = True
                numbered += 1
                last_heading = None
                node = Node(it, PARAGRAPH, part=part)
                out.append(node)
                stack, gathering = [node], None
                continue
            if (sub_mark(it.mark) or it.depth) and stack and k not in self.unmarked:
                depth = min(self._depth(k, stack), len(stack), MAX_DEPTH)
                node = Node(it, PARAGRAPH, part=part)
                del stack[depth:]
                stack[-1].children.append(node)
                stack.append(node)
                gathering = None
                continue
            if stack and not it.italic and not it.mark and not self._opens_list(k):
                last = stack[0].deepest_last()
                parent = gathering or (last if COLON_END.search(last.text) else None)
                if parent is not None and depth_of(stack[0], parent) < MAX_DEPTH:
                    # Unmarked lines a lead-in announces ("… as follows:" "Monday, 9 June: …").
                    parent.children.append(Node(it, PARAGRAPH, part=part))
                    gathering = parent
                    continue
                if it.text[:1].islower() and not plain_end(last.text).endswith((".", "。")):
                    # The rest of a sentence after its list, or a page break inside it.
                    last.fold(it.text, it.notes)
                    continue
            node = Node(it, top_kind, part=part)
            if it.mark and number_of(it.mark) is None and k not in self.unmarked:
                node.text, node.notes = "", []
                node.fold(it.text, it.notes, sep=f"{it.mark} ")  # a mark with nothing to hang from stays printed
            out.append(node)
            stack, gathering = [node], None
        return out

    def _parts_with_numbers(self, split: int) -> list[bool]:
        out = [False]
        for k in range(split, len(self.items)):
            if self.items[k].role == ANNEX:
                out.append(False)
            elif self._numbered(k) and not self.items[k].depth and k not in self.unmarked:
                out[-1] = True
        return out

    def _opens_list(self, k: int) -> bool:
        return k + 1 < len(self.items) and bool(self.items[k + 1].depth)

    def _depth(self, k: int, stack: list[Node]) -> int:
        """The depth of a marked subparagraph, decided once for every reader: a roman mark
        that is also the next letter ("(i)" after "(h)") is a letter unless "(ii)" follows
        (or, with nothing to tell, unless the letter before ends with a colon)."""
        it = self.items[k]
        kind, mark = sub_mark(it.mark) or ("", "")
        d1 = stack[1] if len(stack) > 1 else None
        if kind == "paren" and d1 is not None and ROMAN.match(mark):
            roman_next = mark == roman(len(d1.children) + 1)
            letter_next = letter_index(mark) == (letter_index(d1.sub) or 0) + 1
            if roman_next and letter_next:
                decided = self._look_ahead(k, mark)
                if decided:
                    return decided
                if it.depth:
                    return it.depth
                return 2 if COLON_END.search(d1.text) else 1
            if roman_next:
                return 2
            if letter_next:
                return 1
        if it.depth:
            return it.depth
        if kind == "paren" and d1 is not None and ROMAN.match(mark) and (len(mark) > 1 or mark in "iv"):
            return 2
        if kind == "dot":
            return 3 if len(stack) >= 3 else 1
        return 1

    def _look_ahead(self, k: int, mark: str) -> int | None:
        after = letters((letter_index(mark) or 0) + 1)
        for it in self.items[k + 1:]:
            if it.role not in (BODY, OPERATIVE) or number_of(it.mark) is not None:
                return None
            found = sub_mark(it.mark)
            if found and found[0] == "paren":
                return 2 if found[1] == "ii" else 1 if found[1] == after else None
        return None

