"""The language a Word file's text is in, from its language tags and its script.

Word tags every run with up to three languages (``w:lang``): ``w:val`` for Latin and
Cyrillic text, ``w:eastAsia`` for Chinese, Japanese and Korean characters, ``w:bidi``
for right-to-left text; a run without tags takes its character style's, its paragraph
style's (following basedOn), then the document defaults. Each letter of the body
counts for the tag that applies to its script; the script itself decides where only
one official language writes it (Arabic, Chinese, Cyrillic → Russian), since a typist's
"en-US" does not make Cyrillic text English. The language with most letters wins.
"""
from __future__ import annotations

from collections import Counter

from ..domain.languages import CODES
from .docx_package import W

_VAL, _EAST_ASIA, _BIDI = W + "val", W + "eastAsia", W + "bidi"


def _script(ch: str) -> str | None:
    """"bidi", "eastAsia", "cyrillic" or "latin" for a letter; None for the rest."""
    if not ch.isalpha():
        return None
    n = ord(ch)
    if 0x0590 <= n <= 0x08FF or 0xFB1D <= n <= 0xFDFF or 0xFE70 <= n <= 0xFEFF:
        return "bidi"
    if 0x2E80 <= n <= 0x9FFF or 0xF900 <= n <= 0xFAFF or 0xFF00 <= n <= 0xFFEF or 0x20000 <= n:
        return "eastAsia"
    if 0x0400 <= n <= 0x052F:
        return "cyrillic"
    return "latin"


_BY_SCRIPT = {"bidi": "ar", "eastAsia": "zh", "cyrillic": "ru"}


def _code(tag: str | None) -> str | None:
    """"fr-FR" → "fr"; None for a language that is not one of the six."""
    code = (tag or "").split("-")[0].lower()
    return code if code in CODES else None


def _lang(rpr) -> dict[str, str]:
    el = rpr.find(W + "lang") if rpr is not None else None
    return {} if el is None else {k: v for k, v in el.attrib.items() if k in (_VAL, _EAST_ASIA, _BIDI)}


class _StyleTags:
    """Language tags by style id, following basedOn, over the document defaults."""

    def __init__(self, root):
        self.own: dict[str, tuple[str | None, dict[str, str]]] = {}
        self.defaults: dict[str, str] = {}
        if root is None:
            return
        default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.defaults = _lang(default)
        for style in root.iter(W + "style"):
            based = style.find(W + "basedOn")
            self.own[style.get(W + "styleId", "")] = (
                based.get(_VAL) if based is not None else None, _lang(style.find(W + "rPr")))

    def tags(self, *style_ids: str | None) -> dict[str, str]:
        merged = dict(self.defaults)
        for sid in reversed(style_ids):  # the paragraph style, then the run style over it
            chain, seen = [], set()
            while sid and sid in self.own and sid not in seen:
                seen.add(sid)
                chain.append(self.own[sid][1])
                sid = self.own[sid][0]
            for tags in reversed(chain):
                merged.update(tags)
        return merged


def _style_id(props, tag: str) -> str | None:
    el = props.find(W + tag) if props is not None else None
    return el.get(_VAL) if el is not None else None


def language_of(body, styles_root) -> str | None:
    """The language most of the body's letters are in, or None when nothing says."""
    styles = _StyleTags(styles_root)
    count: Counter[str] = Counter()
    for p in body.iter(W + "p"):
        pstyle = _style_id(p.find(W + "pPr"), "pStyle")
        for r in p.iter(W + "r"):
            text = "".join(t.text or "" for t in r.iter(W + "t"))
            if not text:
                continue
            rpr = r.find(W + "rPr")
            tags = {**styles.tags(_style_id(rpr, "rStyle"), pstyle), **_lang(rpr)}
            for ch in text:
                script = _script(ch)
                if script in _BY_SCRIPT:
                    count[_BY_SCRIPT[script]] += 1
                elif script == "latin":
                    code = _code(tags.get(_VAL))
                    if code in ("en", "fr", "es"):
                        count[code] += 1
    return count.most_common(1)[0][0] if count else None
