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

DEFAULT = "en"


def is_language(code: object) -> bool:
    """True for one of the six codes exactly ("en"; not "EN", " en" or "en-GB")."""
    return isinstance(code, str) and code in LANGUAGES
