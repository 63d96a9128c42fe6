"""Read the UN's metadata about adopted resolutions (JSON Lines, one resolution a line).

    read_metadata(source, match_name) -> Iterator[MetadataResult]

``source`` is the file's bytes, its text (anything whose first non-blank character is
``{``), or a path. ``match_name(raw)`` maps a country name as the UN's metadata spells
it ("UNITED STATES", "TÜRKİYE", "COTE D'IVOIRE") to a delegation's short name, or None;
the caller supplies it (the importer looks names up in the delegations and their
aliases).

Each line gives a ``MetadataResult``: ``facts`` (a ResolutionFacts) or ``error`` (what is
wrong, with the line number); a malformed line never stops the lines after it. A line
for several parts of one resolution ("A/RES/75/101 A-B") gives one result per part
("A/RES/75/101 A", "A/RES/75/101 B"), as the UN's XML files them, each with the line's
facts and a warning saying so.

What is read (corpus README, metadata/):
- symbol, normalised; adoption_date ("29 September 2023", with a non-breaking space, or
  "2020-12-10 00:00:00") → ``adopted_on``; adoption_meeting, originating_document,
  committee ("#fifthCommittee" → "Fifth Committee");
- adoption_type "Without a vote" → ``Vote("without vote")``; a recorded vote → counts
  from ``MS_*_count`` and the lists matched to delegation names (duplicates dropped; a
  count that disagrees with its list is kept and warned about);
- sponsors and additional_sponsors, matched to delegation names:
  "X (ON BEHALF OF …)" and "X, ON BEHALF OF …" give X, and the group as a note
  ("Cuba, on behalf of the States Members of the United Nations that are members of the
  Group of 77 and China"); "X (IN ITS CAPACITY AS …)" likewise; several countries in one
  string ("CHILE,DOMINICAN REPUBLIC", "UNITED STATES AND VIET NAM") are split — on " AND "
  only where every part is a delegation and the whole is not, so "BOSNIA AND
  HERZEGOVINA" stays whole; entries that are no country ("SUBMITTED BY THE PRESIDENT OF
  THE GENERAL ASSEMBLY", "INTRODUCED IN THE COMMITTEE BY …", "THE REPRESENTATIVE OF
  AUSTRIA, ON BEHALF OF THE BUREAU") become ``sponsor_note`` in sentence case (the UN
  sometimes splits one such note over two entries: they are joined again); anything
  else goes to ``unmatched_names``;
- subjects: the UNBIS Thesaurus and DHLAUTH names, UNBIS terms (upper case in the
  metadata) in sentence case with country, place and acronym casing kept
  (``nice_subject``); agenda-number pseudo-subjects (["13", "A/78/251"]) are skipped.

Not kept (ResolutionFacts has no field for them): title, SDGs, agenda item, PV symbol.
"""
from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..domain.errors import InvalidDocument
from ..domain.records import ResolutionFacts, Vote
from ..domain.symbols import normalise, parse

Matcher = Callable[[str], "str | None"]

MAX_LINE_CHARS = 2_000_000  # the longest line of the UN's files is about 10,000


@dataclass(frozen=True)
class MetadataResult:
    """One line's reading: ``facts``, or ``error`` saying why the line was skipped."""

    line: int
    facts: ResolutionFacts | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.facts is not None


def read_metadata(source: Path | bytes | str, match_name: Matcher) -> Iterator[MetadataResult]:
    """Every line of a metadata file, in order; blank lines are passed over."""
    for number, line in _lines(source):
        if not line.strip():
            continue
        yield from _read_line(number, line, match_name)


# --- lines --------------------------------------------------------------------------

def _lines(source) -> Iterator[tuple[int, str]]:
    # Lines end at "\n" only: str.splitlines would also break at a U+2028 or U+0085
    # that a title may hold.
    if isinstance(source, (bytes, bytearray, memoryview)):
        text = bytes(source).decode("utf-8-sig", errors="replace")
    elif isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith("{"):
        text = source.lstrip("\ufeff")
    elif isinstance(source, (str, Path)):
        try:
            handle = open(source, encoding="utf-8-sig", errors="replace", newline="")
        except OSError as exc:
            raise InvalidDocument(f"cannot read {source}: {exc.strerror or exc}", "metadata") from None
        with handle:
            for number, line in enumerate(handle, 1):
                yield number, line.rstrip("\r\n")
        return
    else:
        raise InvalidDocument(f"expected JSON Lines bytes, text or a path, not {type(source).__name__}",
                              "metadata")
    for number, line in enumerate(text.split("\n"), 1):
        yield number, line.rstrip("\r")


def _read_line(number: int, line: str, match_name: Matcher) -> Iterator[MetadataResult]:
    where = f"line {number}"
    if len(line) > MAX_LINE_CHARS:
        yield MetadataResult(number, error=f"{where}: longer than {MAX_LINE_CHARS:,} characters")
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield MetadataResult(number, error=f"{where}: not JSON ({exc.msg} at column {exc.colno})")
        return
    if not isinstance(record, dict):
        yield MetadataResult(number, error=f"{where}: a JSON object was expected, not {type(record).__name__}")
        return
    try:
        symbols, facts, warnings = _facts(record, match_name)
    except _LineError as exc:
        yield MetadataResult(number, error=f"{where}: {exc}")
        return
    if len(symbols) > 1:
        warnings.append(f"{facts.symbol} covers {len(symbols)} parts; their facts are given for each")
    for symbol in symbols:
        yield MetadataResult(number, facts=_replace_symbol(facts, symbol), warnings=tuple(warnings))


class _LineError(Exception):
    pass


def _replace_symbol(facts: ResolutionFacts, symbol: str) -> ResolutionFacts:
    return facts if symbol == facts.symbol else replace(facts, symbol=symbol)


# --- one record ---------------------------------------------------------------------

def _facts(record: dict, match_name: Matcher) -> tuple[list[str], ResolutionFacts, list[str]]:
    warnings: list[str] = []
    symbol, parts = _symbol(record.get("symbol"))
    unmatched: list[str] = []
    sponsors = _Sponsors(match_name, unmatched)
    sponsors.read(_strings(record, "sponsors"), additional=False)
    sponsors.read(_strings(record, "additional_sponsors"), additional=True)
    vote = _vote(record, match_name, unmatched, warnings)
    adopted_on = _date(record.get("adoption_date"), warnings)
    facts = ResolutionFacts(
        symbol=symbol,
        adopted_on=adopted_on,
        meeting=_text(record.get("adoption_meeting")),
        originating_document=_text(record.get("originating_document")),
        committee=_committee(_text(record.get("committee"))),
        sponsors=tuple(sponsors.names),
        additional_sponsors=tuple(sponsors.additional),
        sponsor_note=sponsors.note(),
        vote=vote,
        subjects=_subjects(record.get("subjects"), match_name),
        unmatched_names=tuple(dict.fromkeys(unmatched)),
    )
    return parts, facts, warnings


def _text(value) -> str:
    if not isinstance(value, str):
        return ""
    return re.sub(r"\s+", " ", value.replace("\u00a0", " ")).strip()


def _strings(record: dict, key: str) -> list[str]:
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise _LineError(f"{key} should be a list of names, not {type(value).__name__}")
    return [v for v in value if isinstance(v, str)]


_RANGE = re.compile(r"^(?P<base>A/RES/\S+) ?(?P<first>[A-Z]) ?- ?(?P<last>[A-Z])$")


def _symbol(value) -> tuple[str, list[str]]:
    """The normalised symbol and the symbols of the parts it covers ("A-B" → A, B)."""
    if not isinstance(value, str) or not value.strip():
        raise _LineError("no symbol")
    symbol = normalise(value)
    ranged = _RANGE.match(symbol)
    if ranged:
        symbol = f"{ranged['base']} {ranged['first']}-{ranged['last']}"
        first, last = ord(ranged["first"]), ord(ranged["last"])
        if last <= first:
            raise _LineError(f"{symbol!r}: the parts run backwards")
        parts = [f"{ranged['base']} {chr(c)}" for c in range(first, last + 1)]
    else:
        parts = [symbol]
    for part in parts:
        try:
            parse(part)
        except InvalidDocument as exc:
            raise _LineError(exc.message) from None
    return symbol, parts


_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), 1)}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]+),? (\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+)?$")


def _date(value, warnings: list[str]) -> datetime.date | None:
    text = _text(value)
    if not text:
        return None
    try:
        if m := _DAY_MONTH_YEAR.match(text):
            month = _MONTHS.get(m[2].lower())
            if month:
                return datetime.date(int(m[3]), month, int(m[1]))
        elif m := _ISO.match(text):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    warnings.append(f"adoption date {text!r} is not a date; left out")
    return None


_COMMITTEE_TAG = re.compile(r"^#([a-z]+)Committee$")


def _committee(text: str) -> str:
    """"#fifthCommittee" (a tag left in a few lines) → "Fifth Committee"."""
    m = _COMMITTEE_TAG.match(text)
    return f"{m[1].capitalize()} Committee" if m else text


# --- vote ---------------------------------------------------------------------------

_LISTS = (("MS_in_favour", "MS_in_favour_count", "in favour"),
          ("MS_against", "MS_against_count", "against"),
          ("MS_abstaining", "MS_abstaining_count", "abstaining"))


def _vote(record: dict, match_name: Matcher, unmatched: list[str], warnings: list[str]) -> Vote | None:
    kind = _text(record.get("adoption_type")) or _text(record.get("voting_type"))
    folded = kind.casefold().replace(" ", "")
    if not kind:
        return None
    if "withoutavote" in folded or "withoutvote" in folded:
        return Vote("without vote")
    if "recordedvote" not in folded:
        warnings.append(f"adoption type {kind!r} is neither 'Without a vote' nor a recorded vote; left out")
        return None
    counts, lists = [], []
    for names_key, count_key, label in _LISTS:
        names = _names(_strings(record, names_key), match_name, unmatched)
        count = _count(record.get(count_key))
        if count is None:
            count = len(names)
        elif names and count != len(names):
            warnings.append(f"{count} {label} but {len(names)} names listed")
        counts.append(count)
        lists.append(tuple(names))
    return Vote("recorded", *counts, *lists)


def _count(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _names(raw: Iterable[str], match_name: Matcher, unmatched: list[str]) -> list[str]:
    out: dict[str, None] = {}
    for entry in raw:
        entry = _text(entry)
        if not entry:
            continue
        found = _match(entry, match_name)
        if found:
            out.update(dict.fromkeys(found))
        else:
            unmatched.append(entry)
    return list(out)


# --- sponsors -----------------------------------------------------------------------

# Entries that say how a text came to the Assembly rather than who sponsored it.
_NOTE_START = re.compile(
    r"^(?:SUBMITTED BY|INTRODUCED (?:IN|BY)|ON THE BASIS OF|THE REPRESENTATIVE OF|THE AMENDMENT|"
    r"DRAFT RESOLUTION|AS ORALLY|ADOPTED)\b", re.I)
_NOTE_INSIDE = re.compile(r"\b(?:ON THE BASIS OF|INFORMAL CONSULTATIONS|DRAFT RESOLUTION)\b", re.I)
# "(ON BEHALF OF …)", "(OF BEHALF OF …)" (sic), "(IN ITS CAPACITY AS …)"
_ROLE = re.compile(r"^\s*(?:ON|OF) BEHALF OF\b|^\s*IN (?:ITS|HER|HIS) CAPACITY AS\b", re.I)
_COMMA_ROLE = re.compile(r",\s*((?:ON|OF) BEHALF OF\b.*|IN (?:ITS|HER|HIS) CAPACITY AS\b.*)$", re.I)
_MAX_SIMPLE_NOTE = 250


class _Sponsors:
    def __init__(self, match_name: Matcher, unmatched: list[str]):
        self.match_name = match_name
        self.unmatched = unmatched
        self.names: list[str] = []
        self.additional: list[str] = []
        self.notes: list[str] = []
        self._statement: list[str] = []  # consecutive note entries, joined again

    def read(self, entries: list[str], additional: bool) -> None:
        target = self.additional if additional else self.names
        for raw in entries:
            entry = _text(raw)
            if not entry:
                continue
            if self._is_note(entry):
                self._statement.append(entry)
                continue
            self._close_statement()
            for name, role in self._sponsor_entry(entry):
                if name not in target:
                    target.append(name)
                if role:
                    self.notes.append(f"{name}, {role}")
        self._close_statement()

    def _is_note(self, entry: str) -> bool:
        if _NOTE_START.match(entry):
            return True
        # "ABDULRAHMAN … (QATAR) AND ON THE BASIS OF INFORMAL CONSULTATIONS …": the rest
        # of a note the UN split in two; never a country.
        return bool(_NOTE_INSIDE.search(entry)) and not _match(entry, self.match_name)

    def _close_statement(self) -> None:
        if not self._statement:
            return
        parts = [re.sub(r"[\s,;]+$", "", p) for p in self._statement]
        # A note cut off mid-phrase ("…OF THE COMMITTEE, ON") loses the dangling word.
        parts = [re.sub(r",\s*(?:ON|OF|AND|BY)$", "", p, flags=re.I) for p in parts]
        self.notes.append(sentence_case(", ".join(p for p in parts if p), self.match_name))
        self._statement = []

    def _sponsor_entry(self, entry: str) -> list[tuple[str, str]]:
        """(delegation, role note or "") for each country one entry names."""
        entry, roles = _take_roles(entry)
        m = _COMMA_ROLE.search(entry)
        if m:
            roles.append((entry[:m.start()], re.sub(r"^OF BEHALF", "ON BEHALF", m[1], flags=re.I)))
            entry = entry[:m.start()]
        out: list[tuple[str, str]] = []
        names = _match(entry, self.match_name)
        if names is None:
            self.unmatched.append(_text(entry))
            return out
        # A role belongs to the country written just before it.
        role_of: dict[str, str] = {}
        for before, role in roles:
            owner = _match(_last_name(before, self.match_name), self.match_name) or names[-1:]
            if owner and len(role) <= _MAX_SIMPLE_NOTE:
                role_of.setdefault(owner[-1], sentence_case(role, self.match_name, start=False))
        for name in names:
            out.append((name, role_of.get(name, "")))
        return out

    def note(self) -> str:
        return "; ".join(dict.fromkeys(n for n in self.notes if n))


def _take_roles(entry: str) -> tuple[str, list[tuple[str, str]]]:
    """Cut "(ON BEHALF OF …)" groups (nested brackets allowed) out of ``entry``; return
    what is left and, for each group, (the text before it, the group's words)."""
    roles: list[tuple[str, str]] = []
    out: list[str] = []
    i = 0
    while i < len(entry):
        if entry[i] == "(":
            end = _closing(entry, i)
            inner = entry[i + 1:end] if end > 0 else entry[i + 1:]
            if _ROLE.match(inner):
                role = re.sub(r"^\s*OF BEHALF", "ON BEHALF", inner.strip(), flags=re.I)
                roles.append(("".join(out), role))
                i = end + 1 if end > 0 else len(entry)
                continue
        out.append(entry[i])
        i += 1
    return re.sub(r"\s+", " ", "".join(out)).strip(" ,"), roles


def _closing(text: str, start: int) -> int:
    depth = 0
    for k in range(start, len(text)):
        if text[k] == "(":
            depth += 1
        elif text[k] == ")":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _last_name(before: str, match_name: Matcher) -> str:
    """The country that ends ``before`` ("NIGERIA" in "AUSTRIA AND NIGERIA")."""
    before = before.strip(" ,")
    words = before.split(" ")
    for k in range(len(words)):
        tail = " ".join(words[k:])
        if match_name(tail):
            return tail
    return before


def _match(entry: str, match_name: Matcher) -> list[str] | None:
    """The delegations one entry names, or None if it is not (only) delegations."""
    entry = _text(entry).strip(" ,;")
    if not entry:
        return None
    whole = match_name(entry)
    if whole:
        return [whole]
    if "," in entry:
        found: list[str] = []
        for part in entry.split(","):
            names = _match(part, match_name) if part.strip() else []
            if names is None:
                return None
            found += names
        return found or None
    return _split_and(entry, match_name)


_AND = re.compile(r" AND ", re.I)


def _split_and(entry: str, match_name: Matcher) -> list[str] | None:
    """"UNITED STATES AND VIET NAM" → both; "MAURITANIA AND UNITED REPUBLIC OF TANZANIA"
    → both. Splits only where every part is a delegation; fewest parts win, so
    "BOSNIA AND HERZEGOVINA AND SERBIA" keeps Bosnia and Herzegovina whole."""
    chunks = _AND.split(entry)
    if len(chunks) < 2 or len(chunks) > 12:
        return None
    n = len(chunks)
    # best[i]: the fewest delegations covering chunks[:i]
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(end):
            if best[start] is None:
                continue
            name = match_name(" AND ".join(chunks[start:end]))
            if name and (best[end] is None or len(best[start]) + 1 < len(best[end])):
                best[end] = best[start] + [name]
    return best[n] if best[n] and len(best[n]) > 1 else None


# --- casing -------------------------------------------------------------------------

# Names in the notes, as the UN writes them.
_PROPER = [
    "Special Committee on the Situation with regard to the Implementation of the Declaration on the "
    "Granting of Independence to Colonial Countries and Peoples",
    "Ad Hoc Working Group on the Revitalization of the Work of the General Assembly",
    "Working Group of the Whole on International Cooperation in the Peaceful Uses of Outer Space",
    "Committee on the Peaceful Uses of Outer Space",
    "Treaty on the Southeast Asia Nuclear-Weapon-Free Zone",
    "States Members of the United Nations", "Group of 77 and China", "Movement of Non-Aligned Countries",
    "Group of African States", "Group of Asia-Pacific States", "Group of Eastern European States",
    "Group of Latin American and Caribbean States", "Group of Western European and other States",
    "Economic Community of Central African States", "Economic Community of West African States",
    "Association of Southeast Asian Nations", "Association of South-East Asian Nations",
    "Organization of Islamic Cooperation", "Organisation of Islamic Cooperation", "League of Arab States",
    "Southern African Development Community", "Caribbean Community", "Alliance of Small Island States",
    "Group of Least Developed Countries", "Group of Landlocked Developing Countries", "African Union",
    "European Union", "Bureau of the Disarmament Commission", "Disarmament Commission",
    "President of the General Assembly", "General Assembly", "Economic and Social Council",
    "Security Council", "Human Rights Council", "Credentials Committee", "Committee on Information",
    "Main Committee", "Secretary-General", "United Nations", "Bangkok Treaty",
    "Vice-Chair", "Vice-Chairs", "Chair", "Rapporteur", "Committee", "Bureau", "Assembly",
    "First Committee", "Second Committee", "Third Committee", "Fourth Committee", "Fifth Committee",
    "Sixth Committee",
]
_PROPER_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(_PROPER, key=len, reverse=True))
                        + r")\b", re.I)
_PROPER_FORM = {p.casefold(): p for p in _PROPER}
_SMALL = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
          "to", "with", "regard", "d'", "de", "des", "du", "la", "le", "les"}


def sentence_case(text: str, match_name: Matcher | None = None, *, start: bool = True) -> str:
    """An upper-case note in sentence case, names kept capitalised:
    "SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY" → "Submitted by the President
    of the General Assembly". Text already in mixed case keeps its case."""
    text = _text(text)
    text = re.sub(r"\s*\(\s*RESOLUTION\s*\)", "", text, flags=re.I)  # an empty citation
    if re.search(r"[a-z]", text):
        return text[:1].upper() + text[1:] if start else text
    out = " ".join(_lower_word(w) for w in text.split(" "))
    out = _PROPER_RE.sub(lambda m: _PROPER_FORM[m[1].casefold()], out)
    if match_name is not None:
        out = _case_countries(out, match_name)
    return out[:1].upper() + out[1:] if start else out


def _lower_word(word: str) -> str:
    """Lower case, but symbols ("A/77/600") and numbers stay as they are."""
    return word if re.search(r"[\d/]", word) else word.lower()


def _title(words: str) -> str:
    parts = []
    for k, word in enumerate(words.split(" ")):
        if k and word.lower() in _SMALL:
            parts.append(word.lower())
        elif word.lower().startswith(("d'", "d’")) and len(word) > 2:
            parts.append(word[:2].lower() + word[2:3].upper() + word[3:].lower())
        else:
            parts.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(parts)


def _case_countries(text: str, match_name: Matcher) -> str:
    """Country names in a lower-cased note: "(qatar)", "representative of austria", and a
    person's name before "(qatar)" ("abdulrahman al-thani (qatar)")."""
    def person(m: re.Match) -> str:
        if not match_name(m[3]):
            return m[0]
        return f"{m[1]}{_title(m[2].strip())} ({_title(m[3])})"

    text = re.sub(r"(^|, )((?:[a-z][\w'\-]* ){1,6})\(([^()]+)\)", person, text)
    text = re.sub(r"\(([^()]+)\)", lambda m: f"({_title(m[1])})" if match_name(m[1]) else m[0], text)

    def after_of(m: re.Match) -> str:
        words = m[2].split(" ")
        for k in range(len(words), 0, -1):
            candidate = " ".join(words[:k])
            if match_name(candidate):
                rest = " ".join(words[k:])
                article = "the " if candidate.startswith("the ") else ""
                return m[1] + article + _title(candidate[len(article):]) + (" " + rest if rest else "")
        return m[0]

    return re.sub(r"(representative of )((?:the )?[a-z][\w'\- ]*)", after_of, text)


# --- subjects -----------------------------------------------------------------------

_SCHEMES = ("UNBIS Thesaurus", "DHLAUTH")
_ACRONYMS = {"UN", "UNBIS", "AIDS", "HIV", "HIV/AIDS", "COVID-19", "ASEAN", "IAEA", "ICJ", "IMF", "OECD",
             "UNCTAD", "UNEP", "UNHCR", "UNRWA", "UNDP", "UNICEF", "UNESCO", "UNIDO", "UNITAR", "UNU",
             "WHO", "SIDS", "ICT", "ICTS", "NGO", "NGOS", "WTO", "FAO", "ILO", "ECA", "ECE", "ESCAP",
             "ESCWA", "ECLAC", "INTERPOL", "NATO", "OSCE", "AU", "EU", "LDCS", "LLDCS"}
_PLACES = [
    "Africa", "African", "Africans", "Asia", "Asian", "America", "American", "Americas", "Europe",
    "European", "Oceania", "Antarctica", "Antarctic", "Arctic", "Atlantic", "Pacific", "Caribbean",
    "Mediterranean", "Middle East", "Latin America", "Latin American", "Central America", "Central Asia",
    "Central Africa", "Central Europe", "South Asia", "Southeast Asia", "Southwest Asia", "West Africa",
    "East Africa", "Southern Africa", "North Africa", "Sahel", "Great Lakes", "Indian Ocean", "Aral Sea",
    "Black Sea", "Caribbean Sea", "Red Sea", "Gaza Strip", "Golan Heights", "East Jerusalem",
    "Jerusalem", "West Bank", "Western Sahara", "Darfur", "Abyei", "Crimea", "Sevastopol", "Kosovo",
    "Chornobyl", "Semipalatinsk", "El Niño", "Arab", "Arabs", "Palestine", "Palestinian", "Palestinians",
    "Israeli", "Afghan", "Georgian", "Syrian", "Rohingya", "French", "English", "Spanish", "Arabic",
    "Chinese", "Russian", "Portuguese", "Jewish", "Holocaust", "Muslims", "Islamophobia", "Nazism",
    "Olympic", "Paralympic", "Internet", "World War", "South-South", "Francophonie", "White Helmets",
    "University for Peace", "Tokelau", "Guam", "Bermuda", "Anguilla", "Montserrat", "Pitcairn",
    "Saint Helena", "New Caledonia", "French Polynesia", "American Samoa", "Cayman Islands",
    "British Virgin Islands", "United States Virgin Islands", "Turks and Caicos Islands",
    "Falkland Islands (Malvinas)", "Gibraltar", "Abkhazia", "South Ossetia", "Tskhinvali", "Nairobi",
    "Entebbe", "Brindisi", "Geneva", "Vienna", "New York", "Hague",
]
_PLACES_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(_PLACES, key=len, reverse=True))
                        + r")\b", re.I)
_PLACES_FORM = {p.casefold(): p for p in _PLACES}


def _subjects(value, match_name: Matcher) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    out: dict[str, None] = {}
    for item in value:
        if isinstance(item, (list, tuple)) and item and isinstance(item[0], str):
            name, scheme = item[0], item[1] if len(item) > 1 and isinstance(item[1], str) else ""
        elif isinstance(item, str):
            name, scheme = item, "UNBIS Thesaurus"
        else:
            continue
        name = _text(name)
        # ["13", "A/78/251"]: an agenda item number filed under the agenda's symbol.
        if scheme not in _SCHEMES or not re.search(r"[A-Za-z]{2}", name):
            continue
        out.setdefault(nice_subject(name, match_name) if scheme == "UNBIS Thesaurus" else name)
    return tuple(out)


def nice_subject(term: str, match_name: Matcher | None = None) -> str:
    """An upper-case UNBIS Thesaurus term in sentence case, names kept capitalised:
    "SUSTAINABLE DEVELOPMENT" → "Sustainable development", "TERRITORIES OCCUPIED BY
    ISRAEL" → "Territories occupied by Israel", "KOSOVO (SERBIA)" → "Kosovo (Serbia)",
    "HIV/AIDS" → "HIV/AIDS". Terms with lower-case letters are the UN's own casing."""
    term = _text(term)
    if re.search(r"[a-z]", term) or term in _ACRONYMS or term.startswith("UN. "):
        return term
    if match_name is not None and match_name(term):
        return match_name(term) or term
    words = term.split(" ")
    cased = [w if w in _ACRONYMS or re.search(r"\d", w) else w.lower() for w in words]
    out = " ".join(cased)
    out = _PLACES_RE.sub(lambda m: _PLACES_FORM[m[1].casefold()], out)
    if match_name is not None:
        out = _subject_countries(out, words, match_name)
        # "KOSOVO (SERBIA)": a place, then its country in brackets.
        m = re.match(r"^([^()]+) \(([^()]+)\)$", out)
        if m and match_name(m[2]):
            out = f"{_title(m[1]) if not re.search(r'[A-Z]', m[1]) else m[1]} ({_title(m[2])})"
    # "BERMUDA QUESTION": a territory's name before "question".
    m = re.match(r"^(.+) question$", out)
    if m and not re.search(r"[A-Z]", m[1]):
        out = _title(m[1]) + " question"
    return out[:1].upper() + out[1:]


def _subject_countries(out: str, words: list[str], match_name: Matcher) -> str:
    """Capitalise the longest runs of words that name a delegation ("by israel")."""
    lowered = out.split(" ")
    if len(lowered) != len(words):
        return out
    k = 0
    while k < len(words):
        for end in range(len(words), k, -1):
            if match_name(" ".join(words[k:end])):
                lowered[k:end] = _title(" ".join(words[k:end])).split(" ")
                k = end
                break
        else:
            k += 1
    return " ".join(lowered)
