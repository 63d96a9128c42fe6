"""What an adopted text prints above its title: the adoption heading ("Resolution adopted
by the General Assembly", "Decision adopted by the Commission on Narcotic Drugs") and the
committee line under its date, both ways: made from the committee and the originating
document(s), and read back into them.

    [without reference to a Main Committee (A/75/L.36/Rev.1 and A/75/L.36/Rev.1/Add.1)]
    [on the report of the Third Committee (A/80/481, para. 10)]

The UN's metadata (../shared/corpus/metadata) names the committee "Third Committee" or
"Without reference to a Main Committee", and the originating document as the line's
parenthesis says it.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .bodies import Body
from .errors import InvalidDocument
from .symbols import is_decision

MAIN_COMMITTEES = ("First Committee", "Second Committee", "Third Committee", "Fourth Committee",
                   "Fifth Committee", "Sixth Committee")
NO_COMMITTEE = "Without reference to a Main Committee"
_PRINTED = {"Fourth Committee": "Special Political and Decolonization Committee (Fourth Committee)"}
MAX_LINE_CHARS = 300


def adopted_by(body: Body | None, symbol: str | None) -> str:
    """"Resolution adopted by the General Assembly"; a CND decision is a "Decision"."""
    organ = (body.subsidiary_of or body.organ) if body else "United Nations"
    return f"{'Decision' if is_decision(symbol) else 'Resolution'} adopted by the {organ}"


def originating_documents(symbol: str, addenda: Sequence[str] = ()) -> str:
    """The document(s) a plenary draft was adopted from, as the UN writes them: the last
    issued L or Rev. and its addenda, "A/75/L.111/Rev.1 and A/75/L.111/Rev.1/Add.1"."""
    symbols = [symbol, *addenda]
    return symbols[0] if len(symbols) == 1 else f"{', '.join(symbols[:-1])} and {symbols[-1]}"


def committee_line(committee: str, originating: str) -> str:
    """The line from the metadata's committee and originating document: "[on the report
    of the Third Committee (A/78/481, para. 10)]", else "[without reference to a Main
    Committee (A/78/L.24)]"."""
    where = f" ({originating})" if originating else ""
    if committee in MAIN_COMMITTEES:
        return f"[on the report of the {_PRINTED.get(committee, committee)}{where}]"
    return f"[without reference to a Main Committee{where}]"


def default_line(body: Body, originating: str) -> str:
    """The line a body prints when none is typed ("" for a body that prints none, the CND)."""
    return body.committee_line.format(symbol=originating) if body.committee_line else ""


def checked_line(value: object, default: str) -> str:
    """A typed committee line, on one line and in one pair of brackets; ``default`` when
    left out. InvalidDocument (400) naming the field "committee" otherwise."""
    if value is None or value == "":
        return default
    if not isinstance(value, str) or len(value) > MAX_LINE_CHARS or any(ord(c) < 32 for c in value):
        raise InvalidDocument(f"the committee line is one line of at most {MAX_LINE_CHARS} characters, such as "
                              "\"[on the report of the Third Committee (A/80/481, para. 10)]\"", "committee")
    line = " ".join(value.split())
    if not line.strip("[] "):
        raise InvalidDocument("the committee line is empty; leave it out for the body's default", "committee")
    return _bracketed(line)


def committee_of(line: str) -> str:
    """The committee as the UN's metadata names it: "Third Committee", or "Without
    reference to a Main Committee" (the plenary's own drafts)."""
    if "on the report of the" in line:
        # the Fourth's printed name holds its number: "Special Political … (Fourth Committee)"
        found = re.search(r"\b(?:First|Second|Third|Fourth|Fifth|Sixth) Committee", line) or \
            re.search(r"on the report of the (.+? Committee)", line)
        if found:
            return found.group(found.lastindex or 0)
    if NO_COMMITTEE.casefold() in line.casefold():
        return NO_COMMITTEE
    return line[1:-1] if _wrapped(line) else line


def originating_of(line: str) -> str:
    """The originating document(s) a line names in its last parenthesis ("A/80/481, para.
    10"); "" when it names none."""
    inner = line[1:-1] if _wrapped(line) else line
    if not inner.endswith(")"):
        return ""
    depth = 0
    for at in range(len(inner) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(inner[at], 0)
        if depth == 0:
            found = inner[at + 1:-1].strip()
            # "(Fourth Committee)" names the committee, not a document
            return "" if found in MAIN_COMMITTEES else found
    return ""


def _unmatched(text: str) -> tuple[list[int], list[int]]:
    """(positions of "[" that nothing closes, positions of "]" that close nothing)."""
    opened, stray = [], []
    for at, char in enumerate(text):
        if char == "[":
            opened.append(at)
        elif char == "]" and opened:
            opened.pop()
        elif char == "]":
            stray.append(at)
    return opened, stray


def _wrapped(line: str) -> bool:
    """Whether the first "[" and the last "]" of ``line`` are one pair around all of it."""
    return len(line) >= 2 and line[0] == "[" and line[-1] == "]" and _unmatched(line[1:-1]) == ([], [])


def _bracketed(line: str) -> str:
    """``line`` in one pair of brackets. Only a bracket at an end that pairs with nothing
    (a "[" never closed, a "]" closing nothing) is dropped before wrapping; brackets that
    pair inside stay: "[x] y" is "[[x] y]", never "[x] y]"."""
    if _wrapped(line):
        return line
    opened, stray = _unmatched(line)
    start = 1 if opened and opened[0] == 0 else 0
    end = len(line) - 1 if stray and stray[-1] == len(line) - 1 else len(line)
    return f"[{line[start:end].strip()}]"
