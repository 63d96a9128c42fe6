"""Footnotes written inline while editing: ``…of 2019,^[See E/2019/28.] Member States…``.

The editor (with or without JavaScript) shows a paragraph as one piece of text; a
footnote is typed where its marker stands, as in Pandoc's inline notes. Here that
markup is turned into the model's plain text + positioned footnotes, and back.
"""
from __future__ import annotations

from .document import Footnote, new_id
from .errors import InvalidDocument


def render(text: str, footnotes) -> str:
    """Plain text and footnotes → editable markup."""
    out, last = [], 0
    for note in sorted(footnotes, key=lambda n: n.at):
        out.append(text[last:note.at])
        out.append(f"^[{note.text}]")
        last = note.at
    out.append(text[last:])
    return "".join(out)


def parse(markup: str, keep_ids=(), where: str | None = None) -> tuple[str, tuple[Footnote, ...]]:
    """Editable markup → (plain text, footnotes). Footnote ids are reused in order
    from ``keep_ids`` so that an edited footnote keeps its identity."""
    text: list[str] = []
    notes: list[Footnote] = []
    ids = list(keep_ids)
    length = 0
    i = 0
    while i < len(markup):
        start = markup.find("^[", i)
        if start < 0:
            text.append(markup[i:])
            break
        text.append(markup[i:start])
        length += start - i
        end = closing_bracket(markup, start + 2)
        if end < 0:
            raise InvalidDocument("a footnote opened with ^[ is never closed with ]", where)
        body = markup[start + 2:end].strip()
        if not body:
            raise InvalidDocument("a footnote is empty", where)
        notes.append(Footnote(id=ids.pop(0) if ids else new_id("fn"), at=length, text=body))
        i = end + 1
    return "".join(text), tuple(notes)


def closing_bracket(s: str, i: int) -> int:
    """The index of the ``]`` closing a footnote whose body starts at ``i``; -1 if none
    (brackets inside a footnote nest)."""
    depth = 1
    while i < len(s):
        if s[i] == "[":
            depth += 1
        elif s[i] == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1
