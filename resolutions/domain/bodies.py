"""The UN bodies a resolution can belong to, read from data/bodies.toml."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Body:
    code: str
    name: str
    organ: str
    subsidiary_of: str
    enacting_formula: str
    draft_symbol: str
    adopted_symbol: str
    venue: str
    sponsor_kinds: tuple[str, ...]
    session_min: int
    session_max: int


@cache
def bodies() -> dict[str, Body]:
    raw = tomllib.loads(resources.files("resolutions").joinpath("data/bodies.toml").read_text("utf-8"))
    return {code: Body(code=code, **{**fields, "sponsor_kinds": tuple(fields["sponsor_kinds"])})
            for code, fields in raw.items()}


def get_body(code: str) -> Body | None:
    return bodies().get(code)
