"""One parser for the masthead and cover lines above a text's enacting formula.

    parse(lines, language="en") -> CoverFacts

``lines`` are the cover's lines in reading order, as strings or ``CoverLine``s (a
reader that knows which lines are bold says so: the title is bold). What is read:

- the symbol ("A/80/L.10", "A/RES/78/131", "E/CN.7/2024/L.2") in the masthead, or an
  adopted resolution's "78/131." before its title;
- the session line: "Eightieth session", "80th session", and the session line of every
  language wording.session_line prints ("Quatre-vingtième session", "الدورة الثمانون" …);
- the agenda line: "Agenda item 125", "Agenda items 13 and 117", "Item 5 of the
  provisional agenda" (CND), "Point 125 de l’ordre du jour" …; the agenda item's title
  follows it (lines up to the sponsor line, joined with "; ");
- the sponsor line "Japan and Mexico: draft resolution" ("revised draft resolution"
  under a …/Rev.n symbol) → names by sponsor_list.split; "Draft resolution submitted by
  the President" → no names;
- "Resolution adopted by the General Assembly on 19 December 2023" and the committee
  line "[without reference to a Main Committee (A/78/L.24)]" → the originating document;
- the title: the (bold) line(s) after the sponsor line, else the last bold line.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cache
from typing import Sequence

from . import sponsor_list, wording
from .bodies import bodies
from .dates import MONTHS
from .errors import InvalidDocument
from .sessions import ordinal_words
from .symbols import parse as parse_symbol

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")


@dataclass(frozen=True)
class CoverLine:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class CoverFacts:
    symbol: str | None = None
    session: int | None = None
    agenda_item: str = ""            # "125", "13 and 117", "72 (d)"
    agenda_title: str = ""
    sponsors: tuple[str, ...] = ()
    sponsor_line: str = ""           # as printed, asterisks dropped
    revised: bool = False            # "revised draft resolution"
    title: str = ""
    adopted_on: datetime.date | None = None
    originating: str | None = None   # "A/78/L.24", "A/78/481, para. 10"


_SYMBOL_CANDIDATE = re.compile(
    r"(?<![\w/])((?:A|E|S)/[A-Z0-9][A-Za-z0-9.\-/]*(?: ?[A-Z](?:-[A-Z])?)?(?![\w/]))")
_SESSION_NUMBER = re.compile(r"^(?P<n>\d{1,3})\s*(?:st|nd|rd|th)\s+(?:regular\s+)?session\b", re.I)
_SESSION_WORDS = re.compile(r"^(?P<w>[A-Za-z]+(?:[-\u2011][A-Za-z]+)?)\s+(?:regular\s+|special\s+)?session\b", re.I)
_ITEMS = r"\d{1,3}(?:\s*\(?[a-z]{1,2}\))?(?:\s*(?:,|and|&|et|y|и|و|和|、)\s*\d{1,3}(?:\s*\(?[a-z]{1,2}\))?)*"
_AGENDA = re.compile(rf"^Agenda\s+items?\s+(?P<items>{_ITEMS})(?:\s+(?P<rest>.*))?$", re.I)
_CND_AGENDA = re.compile(
    rf"^Items?\s+(?P<items>{_ITEMS})\s+of\s+the\s+(?:provisional\s+|preliminary\s+)?agenda\b\s*(?P<rest>.*)$", re.I)
_SPONSOR_LINE = re.compile(
    r"^(?P<names>.+?)\s*\**\s*:\s*\**\s*(?P<revised>revised\s+)?draft\s+(?:resolution|decision)\b", re.I)
_NO_SPONSOR_LINE = re.compile(r"^(?P<revised>revised\s+)?draft\s+(?:resolution|decision)\b", re.I)
_MASTHEAD = re.compile(
    r"^(?:United Nations(?:\s+[A-Z]/\S+)?$|Distr\.|Original:|General Assembly$|Security Council$|"
    r"Economic and Social Council$|Limited$|Provisional$|\[.*\]$|\d{1,2} [A-Z][a-z]+ \d{4}$|"
    r"Vienna,|New York,|\d{2}-\d{4,6}\b|\*\d*$|Please recycle)", re.I)
_ADOPTED = re.compile(r"^Resolution adopted by the (?P<body>.+?) on (?P<d>\d{1,2})\s(?P<m>[A-Z][a-z]+) (?P<y>\d{4})")
_COMMITTEE = re.compile(r"^\[(?:without reference to|on the report of)\b.*\]$", re.I | re.S)
_ANY_COMMITTEE = re.compile(r"^\[[^\[\]]*\((?:A|E)/[^()]*\)\s*\]$", re.S)
_RES_NUMBER = re.compile(r"^(?P<prefix>(?:ES|S)-)?(?P<session>\d{1,3})/(?P<number>\d{1,4})\.\s+")


def find_symbol(text: str) -> str | None:
    """The first document symbol in ``text``, as symbols.parse writes it."""
    for m in _SYMBOL_CANDIDATE.finditer(text):
        candidate = m.group(1).rstrip(".-/")
        for attempt in (candidate, re.sub(r" ?[A-Z](?:-[A-Z])?$", "", candidate)):
            try:
                return parse_symbol(attempt).text
            except InvalidDocument:
                continue
    return None


@cache
def _session_lines() -> dict[str, int]:
    out = {}
    for language in LANGUAGES:
        for n in range(1, 201):
            out[_key(wording.session_line(language, n))] = n
    return out


def _key(text: str) -> str:
    return re.sub(r"[\s\u00a0\u2011-]+", " ", text).strip().casefold()


def session_of(text: str) -> int | None:
    """80 for "Eightieth session", "80th session", "Quatre-vingtième session" …"""
    text = text.replace("\u00a0", " ").strip()
    m = _SESSION_NUMBER.match(text)
    if m:
        return int(m["n"])
    found = _session_lines().get(_key(text))
    if found:
        return found
    m = _SESSION_WORDS.match(text)
    if m:
        return _ordinals().get(m["w"].lower().replace("\u2011", "-"))
    return None


@cache
def _ordinals() -> dict[str, int]:
    return {ordinal_words(n): n for n in range(1, 201)}


@cache
def _agenda_patterns() -> tuple[re.Pattern, ...]:
    """Each language's agenda line (wording.agenda_line) with its number(s) left open."""
    out = [_AGENDA, _CND_AGENDA]
    for language in LANGUAGES[1:]:
        for items in ("998", "997 and 998"):
            line = wording.agenda_line(language, items)
            at = re.search(r"997|998", line)
            end = line.rfind("998") + 3
            out.append(re.compile(rf"^{re.escape(line[:at.start()])}(?P<items>{_ITEMS})"
                                  rf"{re.escape(line[end:])}\s*(?P<rest>.*)$", re.I))
    return tuple(out)


def agenda_of(text: str) -> tuple[str, str] | None:
    """("13 and 117", what follows on the line) for "Agenda items 13 and 117 …"."""
    text = text.replace("\u00a0", " ").strip()
    for pattern in _agenda_patterns():
        m = pattern.match(text)
        if m:
            return re.sub(r"\s+", " ", m["items"]).strip(), (m["rest"] or "").strip(" *:")
    return None


def sponsor_of(text: str, language: str = "en") -> tuple[tuple[str, ...], bool] | None:
    """(English names, revised) for a sponsor line in English or in ``language``
    ("Japon et Mexique : projet de résolution" → ("Japan", "Mexico")); None for a line
    that is none."""
    text = text.replace("\u00a0", " ").strip()
    m = _SPONSOR_LINE.match(text)
    if m and not _NO_SPONSOR_LINE.match(text):
        return sponsor_list.split(m["names"], "en"), bool(m["revised"])
    m = _NO_SPONSOR_LINE.match(text)
    if m:
        return (), bool(m["revised"])
    forms = _sponsor_forms()
    for lang, revised, with_names, without in sorted(forms, key=lambda f: f[0] != language):
        m = with_names.match(text)
        if m:
            names = sponsor_list.split(m["names"], lang)
            return tuple(sponsor_list.english_name(n, lang) for n in names), revised
        if without.match(text):
            return (), revised
    return None


@cache
def _sponsor_forms() -> tuple[tuple[str, bool, re.Pattern, re.Pattern], ...]:
    """Each language's sponsor line (wording.sponsor_line), revised forms first."""
    out = []
    for language in LANGUAGES[1:]:
        name = wording.delegation_name("Japan", language)
        for revised in (True, False):
            line = wording.sponsor_line(["Japan"], language, revised=revised).replace("\u00a0", " ")
            words = line[line.index(name) + len(name):].lstrip(" :：")
            loose = r"\s+".join(map(re.escape, words.split()))
            bare = r"\s+".join(map(re.escape, wording.sponsor_line([], language, revised=revised).split()))
            out.append((language, revised,
                        re.compile(rf"^(?P<names>.+?)\s*\**\s*[:：]\s*\**\s*{loose}\s*\**$", re.I),
                        re.compile(rf"^{bare}\s*\**$", re.I)))
    return tuple(out)


_SAMPLE_DAY, _SAMPLE_YEAR = 28, 2099  # a day whose numbers appear nowhere else in the line


def _open_date(line: str, month: int) -> str:
    """``line`` printed for 28 ``month`` 2099, as a pattern with the day and year open."""
    out = re.escape(_spaces(line)).replace(r"\ ", r"\s*")
    return out.replace(str(_SAMPLE_YEAR), r"(?P<y>\d{4})", 1).replace(str(_SAMPLE_DAY), r"(?P<d>\d{1,2})", 1) \
        + f"(?P<m{month}>)"


@cache
def _date_patterns() -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    """(adoption lines, dates alone) in the languages other than English, one pattern per
    language, body and month, as wording prints them ("Résolution adoptée par
    l’Assemblée générale le 19 décembre 2023", "2023年12月19日大会决议")."""
    lines, alone = {}, {}
    for language in LANGUAGES[1:]:
        for month in range(1, 13):
            day = datetime.date(_SAMPLE_YEAR, month, _SAMPLE_DAY)
            for printed in (wording.un_date(day, language), wording.masthead_date(day, language)):
                alone.setdefault(_open_date(printed, month) + "$", None)
            for body in bodies():
                lines.setdefault(_open_date(wording.adopted_line(language, body, day), month), None)
    return tuple(re.compile("^" + p) for p in lines), tuple(re.compile("^" + p) for p in alone)


def _spaces(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _date_of(m: re.Match) -> datetime.date | None:
    month = next((int(k[1:]) for k, v in m.groupdict().items() if k[:1] == "m" and v is not None), None)
    try:
        return datetime.date(int(m["y"]), month, int(m["d"])) if month else None
    except ValueError:
        return None


def adopted_on(text: str) -> datetime.date | None:
    """The date of "Resolution adopted by the General Assembly on 19 December 2023" and of
    the same line in the other languages (wording.adopted_line)."""
    text = _spaces(text).strip()
    m = _ADOPTED.match(text)
    if m:
        if m["m"] not in MONTHS:
            return None
        try:
            return datetime.date(int(m["y"]), MONTHS.index(m["m"]) + 1, int(m["d"]))
        except ValueError:
            return None
    for line in _date_patterns()[0]:
        m = line.match(text)
        if m:
            return _date_of(m)
    return None


@cache
def _masthead_words() -> re.Pattern:
    """The masthead's words in every language (wording.words): "Nations Unies",
    "Distr. limitée", "Original : français" …"""
    names, starts = set(), set()
    for language in LANGUAGES:
        w = wording.words(language)
        names.update(_spaces(w[k]) for k in ("united_nations", "general_assembly") if w.get(k))
        starts.update(_spaces(w[k]).split("{")[0].strip() for k in ("distr_limited", "distr_general", "original")
                      if w.get(k))
    alternatives = [re.escape(n) + "$" for n in sorted(names)] + [re.escape(s) for s in sorted(starts) if s]
    return re.compile("^(?:" + "|".join(alternatives) + ")", re.I)


def originating_of(text: str) -> str | None:
    """"A/78/L.24" of "[without reference to a Main Committee (A/78/L.24)]", "A/78/481,
    para. 10" of "[on the report of the Third Committee (A/78/481, para. 10)]"; in any
    language, a bracketed line ending with a document in parentheses ("[sans renvoi à
    une grande commission (A/78/L.24)]")."""
    if not (_COMMITTEE.match(text.strip()) or _ANY_COMMITTEE.match(text.strip())):
        return None
    m = re.search(r"\((?P<doc>(?:A|E)/[^()]*?)\)\s*\]", text) or re.search(r"\((?P<doc>(?:A|E)/[^,;)\s]+)", text)
    return re.sub(r"\s+", " ", m["doc"]).strip() if m else None


def is_masthead(text: str) -> bool:
    text = text.strip()
    return bool(_MASTHEAD.match(text) or _masthead_words().match(_spaces(text)) or adopted_on(text)
                or any(alone.match(_spaces(text)) for alone in _date_patterns()[1]))


def is_cover_line(text: str) -> bool:
    """Whether a line reads like the masthead or cover rather than a paragraph."""
    text = text.strip()
    return bool(is_masthead(text) or session_of(text) is not None or agenda_of(text)
                or sponsor_of(text) is not None or find_symbol(text) == text)


def parse(lines: Sequence[CoverLine | str], language: str = "en") -> CoverFacts:
    """The facts of the cover ``lines`` (module docstring)."""
    lines = [CoverLine(x) if isinstance(x, str) else x for x in lines]
    texts = [line.text.strip() for line in lines]
    session_at = next((k for k, t in enumerate(texts) if session_of(t) is not None), None)
    agenda_at = next((k for k, t in enumerate(texts) if agenda_of(t)), None)
    after = max((k for k in (session_at, agenda_at) if k is not None), default=-1)
    sponsor_at = next((k for k, t in enumerate(texts) if k > after and sponsor_of(t, language) is not None), None)
    top = min((k for k in (session_at, agenda_at, sponsor_at) if k is not None), default=len(lines))
    symbol = next((s for s in map(find_symbol, texts[:top]) if s), None)
    agenda_item, agenda_rest = agenda_of(texts[agenda_at]) if agenda_at is not None else ("", "")
    sponsors, revised, printed = (), False, ""
    if sponsor_at is not None:
        sponsors, revised = sponsor_of(texts[sponsor_at], language)
        printed = re.sub(r"\s*\*+\s*", " ", texts[sponsor_at]).replace(" :", ":").strip()
        agenda_lines = list(range(after + 1, sponsor_at)) if agenda_at is not None else []
        title_lines = list(range(sponsor_at + 1, len(lines)))
    else:
        candidates = [k for k in range(after + 1, len(lines)) if not is_cover_line(texts[k])]
        bold = [k for k in candidates if lines[k].bold]
        title_at = (bold or candidates or [None])[-1]
        title_lines = [title_at] if title_at is not None else []
        agenda_lines = [k for k in candidates if agenda_at is not None and title_at is not None and k < title_at]
    title_lines = [k for k in title_lines if not is_masthead(texts[k]) and not originating_of(texts[k])]
    bold_titles = [k for k in title_lines if lines[k].bold]
    title = " ".join(texts[k] for k in (bold_titles or title_lines))
    agenda_title = "; ".join(([agenda_rest] if agenda_rest else [])
                             + [texts[k] for k in agenda_lines if not is_masthead(texts[k])])
    m = _RES_NUMBER.match(title)
    if m:  # an adopted resolution's title carries its number: "78/131. Enhancing action …"
        title = title[m.end():]
        symbol = symbol or find_symbol(f"A/RES/{m['prefix'] or ''}{m['session']}/{m['number']}")
    session = session_of(texts[session_at]) if session_at is not None else None
    return CoverFacts(
        symbol=symbol, session=session, agenda_item=agenda_item, agenda_title=agenda_title,
        sponsors=sponsors, sponsor_line=printed, revised=revised, title=title,
        adopted_on=next((d for d in map(adopted_on, texts) if d), None),
        originating=next((o for o in map(originating_of, texts) if o), None))
