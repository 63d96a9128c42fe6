"""What is known about a past resolution besides its text (the UN's metadata)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Vote:
    """"Without a vote", or a recorded vote with its counts and lists."""
    kind: str                          # "without vote" | "recorded"
    yes: int = 0
    no: int = 0
    abstentions: int = 0
    in_favour: tuple[str, ...] = ()
    against: tuple[str, ...] = ()
    abstaining: tuple[str, ...] = ()

    def summary(self) -> str:
        if self.kind != "recorded":
            return "Adopted without a vote"
        return f"Recorded vote: {self.yes} in favour, {self.no} against, {self.abstentions} abstentions"


@dataclass(frozen=True)
class ResolutionFacts:
    symbol: str
    adopted_on: datetime.date | None = None
    meeting: str = ""
    originating_document: str = ""
    committee: str = ""
    sponsors: tuple[str, ...] = ()             # delegation short names
    additional_sponsors: tuple[str, ...] = ()
    sponsor_note: str = ""                      # "Submitted by the President of the General Assembly"
    vote: Vote | None = None
    subjects: tuple[str, ...] = ()
    unmatched_names: tuple[str, ...] = field(default=(), compare=False)
