"""Errors are data: each names what is wrong and where, for the user to read."""
from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user can cause; ``where`` points at the culprit."""

    status = 400

    def __init__(self, message: str, where: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InvalidDocument(DomainError):
    """The document breaks a rule every resolution must keep."""

    status = 422
