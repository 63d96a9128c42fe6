"""Errors a use case reports; the web layer turns each into a status and a message."""
from __future__ import annotations

from ..domain.errors import DomainError


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class StaleRevision(Conflict):
    """Someone saved after the revision this edit started from."""

    def __init__(self, current_revision: int, saved_by: str, base_revision: int):
        super().__init__(
            f"{saved_by} saved revision {current_revision} after the revision {base_revision} "
            f"you started from. Your text has not been saved; it is still in front of you. "
            f"Compare with revision {current_revision}, then save again from it.",
            "base_revision")
        self.current_revision = current_revision
        self.saved_by = saved_by
