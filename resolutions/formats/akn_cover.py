"""What the coverPage, preface and meta of an AKN statement (or collection) say: symbol,
session, agenda items and titles, title, language, body (formats/akn_reader.py)."""
from __future__ import annotations

import re

from ..domain.bodies import get_body
from ..domain.languages import FROM_ISO_639_2
from .akn_text import NS, Text, local, norm

_AND = {"en": "and", "fr": "et", "es": "y", "ru": "и", "ar": "و", "zh": "和"}


class Cover:
    """What the coverPage, preface and meta of one statement or collection say."""

    def __init__(self, el):
        self.symbol = ""
        self.session = 0
        self.agenda_items: list[str] = []
        self.agenda_titles: list[str] = []
        self.title = ""
        self.number = ""
        self.language = ""
        self.body = ""
        for child in el:
            name = local(child)
            if name == "meta":
                lang = child.find(f"{NS}identification/{NS}FRBRExpression/{NS}FRBRlanguage")
                if lang is not None:
                    code = (lang.get("language") or "").strip().lower()
                    self.language = FROM_ISO_639_2.get(code, code)
                # Our own exports name their body in the work's URI (".../draft/cnd/..."); the UN's say "unga".
                work = child.find(f"{NS}identification/{NS}FRBRWork/{NS}FRBRuri")
                parts = (work.get("value") or "").split("/") if work is not None else []
                if len(parts) > 5 and get_body(parts[5].upper()) is not None:
                    self.body = parts[5].upper()
            elif name == "coverPage":
                self._cover_page(child)
            elif name == "preface":
                for e in child.iter(NS + "docNumber", NS + "docTitle"):
                    if local(e) == "docNumber" and not self.number:
                        self.number = norm("".join(e.itertext())).rstrip(".")
                    elif local(e) == "docTitle" and not self.title:
                        t = Text()
                        t.inline(e)
                        self.title = t.text()

    def _cover_page(self, cover) -> None:
        for e in cover.iter(NS + "docNumber", NS + "session", NS + "inline"):
            name = local(e)
            if name == "docNumber" and not self.symbol:
                self.symbol = norm("".join(e.itertext()))
            elif name == "session" and not self.session:
                value = (e.get("value") or "").strip()
                if value.isdigit():
                    self.session = int(value)
            elif name == "inline":
                kind = e.get("name")
                if kind == "agenda item":
                    # Some files repeat the words in @title ("Agenda item 9"): keep the number only.
                    item = _item_number(norm(e.get("title")) or norm("".join(e.itertext())))
                    if item:
                        self.agenda_items.append(item)
                elif kind == "agenda item name":
                    text = norm("".join(e.itertext()))
                    if text:
                        self.agenda_titles.append(text)


def _item_number(text: str) -> str:
    """ "Agenda items 13 and 117" → "13 and 117"; "Tema 13 a) del programa" → "13 a)". """
    m = re.search(r"\d(?:.*[\d)])?", text)
    return m.group() if m else text


def join_items(items: list[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    word = _AND.get(language, "and")
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def session_of(symbol: str) -> int:
    """78 for A/RES/78/131, 32 for A/RES/S-32/1, 11 for A/RES/ES-11/6."""
    m = re.match(r"A/RES/(?:E?S-)?(\d+)/", symbol or "")
    return int(m.group(1)) if m else 0
