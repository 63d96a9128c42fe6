"""Who is acting: a plain value the web layer gets from a log-in or a token."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..store.tables import User


@dataclass(frozen=True)
class Actor:
    user_id: int
    email: str
    delegation_id: int | None
    delegation_name: str | None
    is_secretariat: bool
    address: str = ""  # where the request came from, for the audit trail

    @property
    def label(self) -> str:
        """How others see this person: "jp@example.org (Japan)"."""
        return f"{self.email} ({self.delegation_name or 'Secretariat'})"

    def at(self, address: str | None) -> "Actor":
        return replace(self, address=(address or "")[:64])

    @classmethod
    def of(cls, user: User, address: str = "") -> "Actor":
        return cls(user.id, user.email, user.delegation_id,
                   user.delegation.name if user.delegation else None, user.is_secretariat, address[:64])
