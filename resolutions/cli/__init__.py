"""The `flask --app app …` commands, one module per group. Each command runs in one unit
of work (``context.unit_of_work()``): it commits once at the end, or not at all."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from . import audit, corpus, data, setup, users
    for module in (setup, users, corpus, data, audit):
        module.register(app)
