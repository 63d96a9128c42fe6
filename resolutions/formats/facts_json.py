"""ResolutionFacts as JSON, for storage and the API."""
from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Any

from ..domain.records import ResolutionFacts, Vote


def dump(facts: ResolutionFacts) -> dict[str, Any]:
    out = asdict(facts)
    out["adopted_on"] = facts.adopted_on.isoformat() if facts.adopted_on else None
    out.pop("unmatched_names", None)
    return out


def load(data: dict[str, Any]) -> ResolutionFacts:
    vote = data.get("vote")
    adopted = data.get("adopted_on")
    tuples = {k: tuple(data.get(k) or ()) for k in ("sponsors", "additional_sponsors", "subjects")}
    return ResolutionFacts(
        symbol=data["symbol"],
        adopted_on=datetime.date.fromisoformat(adopted) if adopted else None,
        meeting=data.get("meeting", ""), originating_document=data.get("originating_document", ""),
        committee=data.get("committee", ""), sponsor_note=data.get("sponsor_note", ""),
        vote=Vote(**{**vote, **{k: tuple(vote.get(k) or ()) for k in ("in_favour", "against", "abstaining")}})
        if vote else None,
        **tuples,
    )
