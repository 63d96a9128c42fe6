"""The six official languages of the United Nations, defined once.

Every document is in one of them; the search index keeps one set of fields per
language, the library shows a text's other language versions in this order, and a
document in any other language is refused at the door (validation.accept) rather
than breaking the index later.

Codes are ISO 639-1, in the order the UN lists its languages (Arabic, Chinese,
English, French, Russian, Spanish); names are each language's own name for itself.
"""
from __future__ import annotations

LANGUAGES: dict[str, str] = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}

CODES: tuple[str, ...] = tuple(LANGUAGES)

# The names in English, for messages and English-language pages.
ENGLISH_NAMES: dict[str, str] = {
    "ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian", "es": "Spanish",
}

# ISO 639-2 codes, as the UN writes FRBRlanguage in its Akoma Ntoso files.
ISO_639_2: dict[str, str] = {"ar": "ara", "zh": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}
# The bibliographic ISO 639-2 codes some files carry instead ("fre", "chi").
_BIBLIOGRAPHIC = {"fre": "fr", "chi": "zh"}
FROM_ISO_639_2: dict[str, str] = {**{three: two for two, three in ISO_639_2.items()}, **_BIBLIOGRAPHIC}
# BCP-47 tags Word and LibreOffice use for spelling and hyphenation, as the UN's own
# files carry them (A/RES/78/131: en-US).
BCP_47: dict[str, str] = {"ar": "ar-SA", "zh": "zh-CN", "en": "en-US", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}

DEFAULT = "en"


def is_language(code: object) -> bool:
    """True for one of the six codes exactly ("en"; not "EN", " en" or "en-GB")."""
    return isinstance(code, str) and code in LANGUAGES
