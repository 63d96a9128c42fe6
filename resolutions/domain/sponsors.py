"""The sponsor line, printed the UN way (UN-FORMAT.md §4), in the language of the text.

English short names in alphabetical order, "A, B and C: draft resolution", no serial
comma. The order ignores accents and case, so "Côte d'Ivoire" sorts among the Cs and
"Türkiye" among the Ts. Observer States (the State of Palestine) follow the Member
States, as the UN prints them.

In the other languages the names are the delegations' short names in that language
(delegation_names.printed_name), joined with the language's separators and conjunction
(data/wording.toml: "A, B et C", "A، وB، وC", "A、B和C") and sorted as the UN's lists of
States in that language are (A/RES/78/52, 78/107): French, Spanish and Russian by
their alphabet ignoring accents; Arabic by its alphabet ignoring the article "ال" and
the hamza on alif; Chinese in the English order.
"""
from __future__ import annotations

import re
import unicodedata

from .delegation_names import observer_states, printed_name
from .phrasebook import table


def sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_ARTICLE = re.compile(r"^ال")
_ALIFS = str.maketrans("أإآ", "ااا")


def _arabic_key(name: str) -> str:
    return _ARTICLE.sub("", sort_key(name).translate(_ALIFS))


def _key(english: str, language: str) -> str:
    if language in ("en", "zh"):
        return sort_key(english)
    printed = printed_name(english, language)
    if language == "ar":
        return _arabic_key(printed)
    return sort_key(printed).replace("ё", "е")


def alphabetical(names, language: str = "en") -> list[str]:
    """Member States A to Z, then observer States A to Z (English names, in the order
    ``language`` prints them)."""
    observers = observer_states()
    return sorted(set(names), key=lambda name: (name in observers, _key(name, language)))


def join_names(names, language: str = "en") -> str:
    """"Japan, Mexico and Peru"; "Japon, Mexique et Pérou"; "اليابان، والمكسيك، وبيرو"."""
    ordered = [printed_name(n, language) for n in alphabetical(names, language)]
    if len(ordered) <= 1:
        return "".join(ordered)
    words = table(language)
    if len(ordered) == 2:
        return f"{ordered[0]}{words['pair']}{ordered[1]}"
    return f"{words['separator'].join(ordered[:-1])}{words['and']}{ordered[-1]}"


DRAFT_RESOLUTION = "draft resolution"
REVISED_DRAFT_RESOLUTION = "revised draft resolution"  # under a …/Rev.n symbol


def sponsor_parts(names, what: str | None = None, language: str = "en", revised: bool = False) -> tuple[str, str]:
    """The sponsor line either side of where an issued L puts its asterisk:
    ("Japan and Mexico:", "draft resolution"); with no names ("", "Draft resolution").
    ``what`` (English) wins over ``revised``; other languages take their own words."""
    words = table(language)
    if what is None or language != "en":
        what = words["words"]["revised_draft_resolution" if revised or what == REVISED_DRAFT_RESOLUTION
                              else "draft_resolution"]
    joined = join_names(names, language)
    colon = words["colon"].rstrip(" ")
    return (f"{joined}{colon}", what) if joined else ("", what[:1].upper() + what[1:])


def sponsor_line(names, what: str | None = None, language: str = "en", revised: bool = False) -> str:
    """"Japan, Mexico and United States of America: draft resolution"."""
    before, words = sponsor_parts(names, what, language, revised)
    if not before:
        return words
    # Chinese puts no space after its full-width colon
    return f"{before}{words}" if language == "zh" else f"{before} {words}"
