"""The query language a delegate types, read into a small tree (no Whoosh here).

    parse(text) -> Node | None          (None: nothing typed)

Grammar (operators in capitals; precedence NOT > AND > OR, as in SQLite FTS5):

    synthetic drugs                 both words, in the same paragraph (or the title)
    "women and girls"               the exact phrase (consecutive words)
    drugs OR narcotics              either
    drugs NOT cannabis, drugs -cannabis
    (drugs OR narcotics) AND health grouping; AND may be left out
    develop*                        words starting with "develop"
    symbol:A/RES/78/131  session:78  session:75..77  sponsor:Japan  sponsor:"United States"
    subject:drugs  agenda:125  body:GA  lang:fr  kind:draft  title:drugs  title:"synthetic drugs"

Words match paragraphs: "a b" finds paragraphs holding both words (titles count as a
paragraph of their own); field filters (all but ``title:``) are facts of the whole
document. A query with no positive word ("session:78", "lang:fr NOT cannabis") lists the
documents it selects, newest first; NOT then excludes documents with any matching
paragraph.

A name followed by a colon and a space ("Nations: requests") is plain text; a name
glued to a value ("foo:bar") must be a known field. Mistakes raise ``QueryError`` naming
the problem and the character where it is (counted from 1).

Bounds, so that no query costs much: at most MAX_QUERY_CHARS characters and MAX_DEPTH
levels of parentheses and NOT (QueryError beyond); control characters count as spaces
and a lone surrogate is an error. ``bound(tree)`` keeps the first MAX_WORDS words,
phrases and prefixes and the first MAX_FILTERS field filters, and says what it left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .analysis import LANGUAGE_NAMES, LANGUAGES, fold
from .model import QueryError

FIELDS = ("symbol", "session", "sponsor", "subject", "agenda", "body", "lang", "kind", "title")
_FIELD_HELP = ", ".join(f"{f}:" for f in FIELDS)
_OPEN_QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»", "”": "”"}
_QUOTES = set('"“”„«»')
_SPECIAL = set("()") | _QUOTES
_FIELD = re.compile(r"^([A-Za-z]+):(.*)$", re.S)
_SESSION = re.compile(r"^(\d{1,3})(?:(?:\.\.|-)(\d{1,3}))?$")
_LANG_NAMES = {**{code: code for code in LANGUAGES},
               **{name.lower(): code for code, name in LANGUAGE_NAMES.items()},
               "français": "fr", "francais": "fr", "español": "es", "espanol": "es", "русский": "ru",
               "العربية": "ar", "中文": "zh"}
MAX_QUERY_CHARS = 4_000
MAX_DEPTH = 16       # nested parentheses and NOTs
MAX_WORDS = 24       # words, phrases and prefixes searched (each in up to six languages)
MAX_FILTERS = 24     # field filters
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_KINDS = {"resolution": "resolution", "resolutions": "resolution", "res": "resolution",
          "draft": "draft", "drafts": "draft"}


# --- the tree ------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    """A word (which may analyse into several terms: "high-level"), a "phrase" or a prefix*."""

    text: str
    phrase: bool = False
    prefix: bool = False
    title_only: bool = False


@dataclass(frozen=True)
class Filter:
    """A fact of the document: field in symbol, session, sponsor, subject, agenda, body, lang, kind."""

    field: str
    value: object


@dataclass(frozen=True)
class And:
    items: tuple


@dataclass(frozen=True)
class Or:
    items: tuple


@dataclass(frozen=True)
class Not:
    item: object


Node = Text | Filter | And | Or | Not


def positive_texts(node, negated: bool = False) -> list[Text]:
    """Text nodes that must be present for a match (not under NOT): what to highlight."""
    if node is None:
        return []
    if isinstance(node, Text):
        return [] if negated else [node]
    if isinstance(node, Not):
        return positive_texts(node.item, not negated)
    if isinstance(node, (And, Or)):
        return [t for item in node.items for t in positive_texts(item, negated)]
    return []


def has_positive_text(node) -> bool:
    return bool(positive_texts(node))


# --- lexer ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Tok:
    kind: str        # WORD PHRASE FIELD AND OR NOT LPAREN RPAREN
    value: object
    at: int          # 0-based offset in the query


def _snippet(text: str, start: int, length: int = 24) -> str:
    part = text[start:start + length]
    return part + ("…" if len(text) > start + length else "")


def _lex(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "(":
            out.append(_Tok("LPAREN", None, i))
            i += 1
        elif c == ")":
            out.append(_Tok("RPAREN", None, i))
            i += 1
        elif c in _QUOTES:
            start = i
            value, i = _phrase(text, i)
            out.append(_Tok("PHRASE", value, start))
        elif c in "-!" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != ")":
            out.append(_Tok("NOT", None, i))
            i += 1
        elif c in "+-!":
            i += 1  # "+word" is the default AND; a lone dash is punctuation
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in _SPECIAL:
                i += 1
            word = text[start:i]
            if word in ("AND", "&&"):
                out.append(_Tok("AND", None, start))
            elif word in ("OR", "||"):
                out.append(_Tok("OR", None, start))
            elif word == "NOT":
                out.append(_Tok("NOT", None, start))
            else:
                m = _FIELD.match(word)
                if m and (m.group(2) or (i < n and text[i] in _QUOTES)):
                    name, value = m.group(1).lower(), m.group(2)
                    if name not in FIELDS:
                        raise QueryError(
                            f'unknown field "{m.group(1)}" in "{word}" at character {start + 1}; '
                            f"the fields are {_FIELD_HELP} (put the word in quotes to search for it as text)")
                    phrase = False
                    if not value:  # sponsor:"United States"
                        value, i = _phrase(text, i)
                        phrase = True
                    out.append(_Tok("FIELD", (name, value, phrase, start), start))
                elif m and m.group(1).lower() in FIELDS and not m.group(2):
                    raise QueryError(f'"{word}" at character {start + 1} needs a value right after the colon, '
                                     f"e.g. {m.group(1).lower()}:{_EXAMPLES[m.group(1).lower()]}")
                else:
                    out.append(_Tok("WORD", word, start))
    return out


_EXAMPLES = {"symbol": "A/RES/78/131", "session": "78", "sponsor": '"United States"', "subject": "drugs",
             "agenda": "125", "body": "GA", "lang": "fr", "kind": "draft", "title": "drugs"}


def _phrase(text: str, i: int) -> tuple[str, int]:
    """The phrase opened by the quote at ``i``; returns (content, index after the closing quote)."""
    opener = text[i]
    j = i + 1
    while j < len(text) and text[j] not in _QUOTES:
        j += 1
    if j >= len(text):
        raise QueryError(f"unbalanced quotes: the phrase opened at character {i + 1} "
                         f"({_snippet(text, i)}) has no closing quote {_OPEN_QUOTES.get(opener, chr(34))}")
    return text[i + 1:j], j + 1


# --- parser --------------------------------------------------------------------------

class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = _lex(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self):
        if not self.toks:
            return None
        node = self.parse_or()
        tok = self.peek()
        if tok is not None:  # only an unmatched ")" stops parse_or early
            raise QueryError(f'unbalanced parentheses: the ")" at character {tok.at + 1} closes nothing')
        return node

    def _need_operand(self, tok: _Tok, name: str) -> None:
        nxt = self.peek()
        if nxt is None or nxt.kind in ("RPAREN", "AND", "OR"):
            where = "at the end" if nxt is None else f"before {self._name(nxt)} at character {nxt.at + 1}"
            raise QueryError(f"{name} at character {tok.at + 1} needs a word, phrase or group after it ({where})")

    @staticmethod
    def _name(tok: _Tok) -> str:
        return {"RPAREN": '")"', "AND": "AND", "OR": "OR"}.get(tok.kind, tok.kind)

    def parse_or(self):
        items = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.take()
            self._need_operand(tok, "OR")
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self):
        tok = self.peek()
        if tok.kind in ("AND", "OR"):
            raise QueryError(f"{tok.kind} at character {tok.at + 1} has nothing before it")
        items = [self.parse_unary()]
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RPAREN"):
            if tok.kind == "AND":
                self.take()
                self._need_operand(tok, "AND")
            items.append(self.parse_unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def _deeper(self, tok: _Tok) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"the query nests more than {MAX_DEPTH} levels of parentheses and NOT "
                             f"(at character {tok.at + 1}); write it flatter")

    def parse_unary(self):
        tok = self.peek()
        if tok.kind == "NOT":
            self.take()
            self._need_operand(tok, "NOT" if self.text[tok.at] == "N" else f'"{self.text[tok.at]}"')
            self._deeper(tok)
            node = Not(self.parse_unary())
            self.depth -= 1
            return node
        return self.parse_primary()

    def parse_primary(self):
        tok = self.take()
        if tok.kind == "LPAREN":
            nxt = self.peek()
            if nxt is None:
                raise QueryError(f'unbalanced parentheses: the "(" at character {tok.at + 1} is never closed')
            if nxt.kind == "RPAREN":
                raise QueryError(f'empty parentheses at character {tok.at + 1}')
            self._deeper(tok)
            node = self.parse_or()
            end = self.peek()
            if end is None or end.kind != "RPAREN":
                raise QueryError(f'unbalanced parentheses: the "(" at character {tok.at + 1} is never closed')
            self.take()
            self.depth -= 1
            return node
        if tok.kind == "RPAREN":
            raise QueryError(f'unbalanced parentheses: the ")" at character {tok.at + 1} closes nothing')
        if tok.kind == "PHRASE":
            if not tok.value.strip():
                raise QueryError(f"empty phrase at character {tok.at + 1}")
            return Text(tok.value.strip(), phrase=True)
        if tok.kind == "WORD":
            return _word(tok.value, tok.at)
        if tok.kind == "FIELD":
            return _field(*tok.value)
        raise QueryError(f"unexpected {tok.kind} at character {tok.at + 1}")  # pragma: no cover


def _word(word: str, at: int, title_only: bool = False) -> Text:
    if word.endswith("*"):
        stem = word.rstrip("*")
        if len(stem) < 2 or "*" in stem:
            raise QueryError(f'"{word}" at character {at + 1}: a * goes at the end of a word of at least '
                             "two letters (develop*)")
        return Text(stem, prefix=True, title_only=title_only)
    if "*" in word:
        raise QueryError(f'"{word}" at character {at + 1}: * is only allowed at the end of a word (develop*)')
    return Text(word, title_only=title_only)


def _norm(value: str) -> str:
    return " ".join(fold(value).lower().split())


def _field(name: str, value: str, phrase: bool, at: int):
    where = f"{name}:{value if not phrase else chr(34) + value + chr(34)} at character {at + 1}"
    value = value.strip()
    if not value:
        raise QueryError(f"{where} needs a value, e.g. {name}:{_EXAMPLES[name]}")
    if name == "title":
        if phrase:
            return Text(value, phrase=True, title_only=True)
        return _word(value, at, title_only=True)
    if name == "session":
        m = _SESSION.match(value)
        if not m:
            raise QueryError(f"{where}: a session is a number such as 78, or a range such as 75..78")
        lo = int(m.group(1))
        hi = int(m.group(2) or lo)
        if hi < lo:
            raise QueryError(f"{where}: the range runs backwards ({lo} is after {hi})")
        return Filter("session", (lo, hi))
    if name == "lang":
        code = _LANG_NAMES.get(value.lower())
        if code is None:
            raise QueryError(f"{where}: unknown language; use one of {', '.join(LANGUAGES)}")
        return Filter("lang", code)
    if name == "kind":
        kind = _KINDS.get(value.lower())
        if kind is None:
            raise QueryError(f"{where}: kind is resolution or draft")
        return Filter("kind", kind)
    if name == "symbol":
        norm = " ".join(value.upper().split())
        if norm.endswith("*"):
            return Filter("symbol", ("prefix", norm.rstrip("*")))
        return Filter("symbol", ("exact", norm))
    if name == "body":
        return Filter("body", value.upper())
    return Filter(name, _norm(value))  # sponsor, subject, agenda


def parse(text: str):
    """The tree of ``text``, or None when nothing (searchable) was typed. Raises QueryError."""
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long; at most {MAX_QUERY_CHARS:,} are read")
    bad = _SURROGATE.search(text)
    if bad:
        raise QueryError(f"character {bad.start() + 1} of the query is not valid text (a lone surrogate)")
    return _prune(_Parser(_CONTROL.sub(" ", text)).parse())


def bound(node) -> tuple[object, str | None]:
    """(the tree with at most MAX_WORDS words/phrases/prefixes and MAX_FILTERS filters,
    the first of each kind in reading order; what was left out, or None)."""
    count = {"words": 0, "filters": 0}
    seen = {"words": 0, "filters": 0}

    def keep(n):
        if isinstance(n, (Text, Filter)):
            kind = "words" if isinstance(n, Text) else "filters"
            seen[kind] += 1
            if count[kind] >= (MAX_WORDS if kind == "words" else MAX_FILTERS):
                return None
            count[kind] += 1
            return n
        if isinstance(n, Not):
            item = keep(n.item)
            return None if item is None else Not(item)
        if isinstance(n, (And, Or)):
            items = tuple(i for i in (keep(i) for i in n.items) if i is not None)
            return None if not items else items[0] if len(items) == 1 else type(n)(items)
        return n

    if node is None:
        return None, None
    out = keep(node)
    said = []
    if seen["words"] > MAX_WORDS:
        said.append(f"the query has {seen['words']} words, phrases and prefixes; only the first {MAX_WORDS} "
                    "were searched")
    if seen["filters"] > MAX_FILTERS:
        said.append(f"the query has {seen['filters']} field filters; only the first {MAX_FILTERS} were applied")
    return out, "; ".join(said) or None


_WORDISH = re.compile(r"\w")


def _prune(node):
    """Drop words that are only punctuation ("—", "，", "&"): they would match nothing."""
    if isinstance(node, Text):
        return node if _WORDISH.search(node.text) else None
    if isinstance(node, (And, Or)):
        items = tuple(i for i in (_prune(i) for i in node.items) if i is not None)
        return None if not items else items[0] if len(items) == 1 else type(node)(items)
    if isinstance(node, Not):
        item = _prune(node.item)
        return None if item is None else Not(item)
    return node
