"""The fixed words a text prints around its paragraphs, in the language of the text:
the session line, the agenda line, the adoption line, the committee line, dates, the
sponsor line, the word "Annex", and the masthead's small words (contract §3).

English is today's code (sessions.py, dates.py, committees.py, sponsors.py); the other
five languages read data/wording.toml, checked against the UN's own session-78 files
(../shared/corpus/akn/78/<Language>). An unknown language prints English.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from . import committees, dates, sessions, sponsors
from .bodies import Body, get_body
from .languages import DEFAULT
from .numerals import roman
from .ordinals import chinese
from .phrasebook import language_or_default as _language
from .phrasebook import table as _table


def words(language: str) -> dict[str, str]:
    """The masthead's small words in ``language``: "distr_limited", "distr_general",
    "original", "draft", "draft_resolution", "revised_draft_resolution",
    "general_assembly", "united_nations", "annex", "table_of_contents" …"""
    return dict(_table(language)["words"])


def original_line(language: str) -> str:
    """"Original: English", "Original : français" (the masthead of an issued L)."""
    table = _table(language)["words"]
    return table["original"].format(language=table["language_name"])


def session_line(language: str, session: int) -> str:
    """80 → "Eightieth session", "Quatre-vingtième session", "الدورة الثمانون" …"""
    return sessions.session_line(_language(language), session)


def agenda_line(language: str, items: str, body: str = "GA") -> str:
    """"125" → "Agenda item 125"; "13 and 117" → "Agenda items 13 and 117"; "" → "".
    ``body`` is the contract's: every body prints the same agenda line today."""
    items = items.strip()
    if not items:
        return ""
    table = _table(language)
    several = len(re.findall(r"\d+", items)) > 1     # "13 and 117", "13 et 75 a)"
    if language in ("fr", "es", "ru"):
        items = re.sub(r"\((\w{1,2})\)", r"\1)", items)   # "26 (b)" → "26 b)", as they print it
    items = items.replace(" and ", table["items_and"])
    return table["agenda_items" if several else "agenda_item"].format(items=items)


def join_names(names: Iterable[str], language: str = DEFAULT) -> str:
    return sponsors.join_names(names, _language(language))


def sponsor_parts(names: Iterable[str], language: str = DEFAULT, revised: bool = False) -> tuple[str, str]:
    return sponsors.sponsor_parts(names, language=_language(language), revised=revised)


def sponsor_line(names: Iterable[str], language: str = DEFAULT, revised: bool = False) -> str:
    return sponsors.sponsor_line(names, language=_language(language), revised=revised)


def sponsor_colon(language: str) -> str:
    """What follows the names: ":", "\u00a0:" (French), "：" (Chinese)."""
    return _table(language)["colon"].rstrip(" ")


def delegation_name(english_name: str, language: str) -> str:
    return sponsors.printed_name(english_name, _language(language))


def annex_word(language: str, n: int, total: int) -> str:
    """One annex: "Annex"; several: "Annex I", "Annex II" ("Annexe II", "Приложение II" …)."""
    table = _table(language)
    word = table["words"]["annex"]
    if total <= 1:
        return word
    if language == "zh":
        return word + chinese(n)                      # "附件二"
    if "annex_ordinals" in table:
        return f"{word} {_annex_ordinal(table, n)}"        # "المرفق الثاني", "المرفق الحادي عشر"
    return f"{word} {roman(n).upper()}"


def _annex_ordinal(table: dict, n: int) -> str:
    """The annex's number in words, from the language's data (Arabic, masculine: 1–99)."""
    units = table["annex_ordinals"]
    if not 1 <= n < 10 * (len(table["annex_ordinal_tens"]) + 2):
        return str(n)
    tens, unit = divmod(n, 10)
    if n <= len(units):
        return units[n - 1]
    word = table["annex_ordinal_one"] if unit == 1 else units[unit - 1] if unit else ""
    if tens == 1:
        return table["annex_ordinal_teen"].format(unit=word)
    tens_word = table["annex_ordinal_tens"][tens - 2]
    return table["annex_ordinal_compound"].format(unit=word, tens=tens_word) if unit else tens_word


def un_date(day: datetime.date, language: str = DEFAULT) -> str:
    return dates.un_date(day, _language(language))


def masthead_date(day: datetime.date, language: str = DEFAULT) -> str:
    """The date under "Distr.": the Arabic, Chinese and Russian mastheads print it in
    English, as the UN's files do; French and Spanish in their own words."""
    return un_date(day, _table(language)["masthead_date_language"])


def _body(body: Body | str | None) -> Body | None:
    return get_body(body) if isinstance(body, str) else body


def adopted_line(language: str, body: Body | str | None, day: datetime.date, symbol: str | None = None) -> str:
    """"Resolution adopted by the General Assembly on 19 December 2023" and its
    translations; "Decision …" for a decision symbol."""
    found = _body(body)
    language = _language(language)
    if language == DEFAULT:
        return f"{committees.adopted_by(found, symbol)} on {dates.un_date(day)}"
    kind = "decision" if committees.is_decision(symbol) else "resolution"
    lines = _table(language)["adopted"]
    template = lines.get(f"{found.code}_{kind}" if found else "", lines[f"GA_{kind}"])
    return template.format(date=un_date(day, language))


def committee_line(language: str, body: Body | str | None, symbol: str) -> str:
    """The line a body prints under the adoption line when no committee is named:
    "[without reference to a Main Committee (A/78/L.24)]"; "" for a body that prints none."""
    found = _body(body)
    if found is None or not found.committee_line:
        return ""
    return report_line(language, committees.NO_COMMITTEE, symbol)


def report_line(language: str, committee: str, originating: str) -> str:
    """The committee line from the UN's metadata (committee as it names it in English,
    the originating document): "[sur la base du rapport de la Troisième Commission
    (A/78/481)]", "[sans renvoi à une grande commission (A/78/L.24)]"."""
    language = _language(language)
    if language == DEFAULT:
        return committees.committee_line(committee, originating)
    lines = _table(language)["committee"]
    where = lines["where"].format(symbol=originating) if originating else ""
    if committee in committees.MAIN_COMMITTEES:
        template = lines.get(f"report {committee}", lines["report"])
        return template.format(committee=lines[committee], where=where)
    return lines["none"].format(where=where)
