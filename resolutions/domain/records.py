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

    def words(self) -> str:
        """How it was voted, as the Official Records say it after "adopted" or "rejected":
        "without a vote", "by a recorded vote of 120 to 5, with 3 abstentions"."""
        if self.kind != "recorded":
            return "without a vote"
        return f"by a recorded vote of {self.yes} to {self.no}, with {self.abstentions} abstention" + \
            ("" if self.abstentions == 1 else "s")

    def summary(self) -> str:
        """``words`` as a line of its own: "Without a vote", "By a recorded vote of …"."""
        words = self.words()
        return words[0].upper() + words[1:]


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
