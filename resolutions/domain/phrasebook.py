"""data/wording.toml, read once: a table of fixed words per language (contract §3).
Shared by wording.py and the modules it speaks through (sessions, dates, sponsors), so
none of them imports another to reach the data."""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from .languages import DEFAULT, LANGUAGES


def language_or_default(language: str | None) -> str:
    """One of the six codes; English for anything else."""
    return language if language in LANGUAGES else DEFAULT


@cache
def _data() -> dict:
    return tomllib.loads(resources.files("resolutions").joinpath("data/wording.toml").read_text("utf-8"))


def table(language: str | None) -> dict:
    """The language's table of data/wording.toml (English for an unknown code)."""
    return _data()[language_or_default(language)]
