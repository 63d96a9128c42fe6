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


class MergeConflict(StaleRevision):
    """A stale save that could not be merged: both sides changed the same words (or one
    deleted what the other edited, or both moved a paragraph). Nothing was saved;
    ``proposed`` is the merge with every conflict settled in favour of the user's side,
    for the editor to show beside the conflicts."""

    def __init__(self, current_revision: int, saved_by: str, base_revision: int, conflicts, proposed):
        super().__init__(current_revision, saved_by, base_revision)
        places = ", ".join(c.label or c.field.replace("_", " ") for c in conflicts)
        self.message = (f"{saved_by} saved revision {current_revision} after the revision {base_revision} you "
                        f"started from, and changed the same text as you: {places}. Nothing was saved. Choose "
                        f"the wording for each, then save on revision {current_revision}.")
        self.conflicts = tuple(conflicts)
        self.proposed = proposed

    def details(self) -> dict:
        return {"conflicts": [c.to_json() for c in self.conflicts]}
