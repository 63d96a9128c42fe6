"""What every command shares: the app's database, one unit of work a command, and how a
refusal is shown."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import click
from flask import current_app
from sqlalchemy.orm import Session

from ..domain.errors import DomainError


def database():
    return current_app.extensions["resolutions.db"]


@contextmanager
def refusals() -> Iterator[None]:
    """A use case's refusal becomes the command's error message (exit code 1)."""
    try:
        yield
    except DomainError as error:
        raise click.ClickException(str(error)) from None


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """The command's one unit of work: committed at the end, or nothing is."""
    with refusals(), database().unit_of_work() as session:
        yield session
