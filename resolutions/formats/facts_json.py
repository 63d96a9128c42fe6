"""ResolutionFacts and votes as JSON, for storage and the API. A vote is written the same
way in a resolution's facts, in a lifecycle step (LifecycleEvent.detail) and over the API."""
from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Any

from ..domain.records import ResolutionFacts, Vote

WITHOUT_VOTE, RECORDED = "without vote", "recorded"
_COUNTS = ("yes", "no", "abstentions")
_LISTS = ("in_favour", "against", "abstaining")


def dump_vote(vote: Vote | None) -> dict[str, Any] | None:
    if vote is None:
        return None
    return {"kind": vote.kind, **{k: getattr(vote, k) for k in _COUNTS}, **{k: list(getattr(vote, k)) for k in _LISTS}}


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _names(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(n, str) for n in value)


def load_vote(data: object) -> Vote | None:
    """A stored vote (None for null); ValueError naming what is wrong with one that does
    not read, so `flask doctor` and the draft's pages can say it."""
    if data is None:
        return None
    if not isinstance(data, dict) or data.get("kind") not in (RECORDED, WITHOUT_VOTE):
        raise ValueError("its vote is neither a recorded vote, nor without a vote, nor null")
    if data["kind"] == WITHOUT_VOTE:
        return Vote(WITHOUT_VOTE)
    bad = [k for k in _COUNTS if not _count(data.get(k))] + [k for k in _LISTS if not _names(data.get(k, []))]
    if bad:
        raise ValueError(f"its recorded vote has no readable {', '.join(bad)}")
    return Vote(RECORDED, *(data[k] for k in _COUNTS), *(tuple(data.get(k, [])) for k in _LISTS))


def dump(facts: ResolutionFacts) -> dict[str, Any]:
    out = asdict(facts)
    out["adopted_on"] = facts.adopted_on.isoformat() if facts.adopted_on else None
    out["vote"] = dump_vote(facts.vote)
    out.pop("unmatched_names", None)
    return out


def load(data: dict[str, Any]) -> ResolutionFacts:
    adopted = data.get("adopted_on")
    tuples = {k: tuple(data.get(k) or ()) for k in ("sponsors", "additional_sponsors", "subjects")}
    return ResolutionFacts(
        symbol=data["symbol"],
        adopted_on=datetime.date.fromisoformat(adopted) if adopted else None,
        meeting=data.get("meeting", ""), originating_document=data.get("originating_document", ""),
        committee=data.get("committee", ""), sponsor_note=data.get("sponsor_note", ""),
        vote=load_vote(data.get("vote")),
        **tuples,
    )
