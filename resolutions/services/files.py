"""The files the exports hand out (Word, Akoma Ntoso) and the names they go by.

A name says what the file is: a symbol's when the text has one ("A_80_L.24_Rev.1",
"CND_resolution_69_3"), else the draft's body, session, id and revision
("GA-81-draft-5-rev7"); the exports add what follows ("-tracked-against-base.docx",
"-en.akn.xml").
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Exported:
    filename: str
    data: bytes

    def stream(self) -> io.BytesIO:
        return io.BytesIO(self.data)


def symbol_stem(symbol: str, body: str = "") -> str:
    """"A/80/L.24/Rev.1" → "A_80_L.24_Rev.1"; "resolution 69/3" of the CND (a cited form
    that names no body) → "CND_resolution_69_3" when ``body`` is given."""
    stem = re.sub(r"[^A-Za-z0-9.-]+", "_", symbol).strip("_.") or "document"
    return f"{body}_{stem}" if body and " " in symbol.strip() else stem


def draft_stem(body: str, session: int, draft_id: int, revision: int) -> str:
    """"GA-81-draft-5-rev7": a draft's revision that has no symbol of its own."""
    return f"{body}-{session}-draft-{draft_id}-rev{revision}"
