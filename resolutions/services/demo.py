"""A demo: delegates of three delegations and the Secretariat, two drafts from the
project's sample corpus (corpus/drafts): the GA one circulated with co-sponsors and under
negotiation (proposals, a paragraph agreed ad ref, a comment thread), the CND one submitted
and issued by the Secretariat as an L document."""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import dates
from ..formats import document_json
from ..store.tables import User
from . import accounts, comments, compilation, drafts, lifecycle, proposals, sponsorship
from .actors import Actor

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "drafts"
PASSWORD = "demo-password"
USERS = [
    ("us@demo.example", "United States of America"),
    ("us2@demo.example", "United States of America"),  # a colleague: two people on one text
    ("jp@demo.example", "Japan"),
    ("mx@demo.example", "Mexico"),
    ("secretariat@demo.example", None),
]


def _user(session: Session, email: str, delegation: str | None) -> Actor:
    existing = session.scalar(select(User).where(User.email == email))
    if existing:
        return Actor.of(existing)
    return accounts.create_user(session, email, PASSWORD, delegation=delegation,
                                secretariat=delegation is None)


def _sample(name: str):
    return document_json.load(json.loads((SAMPLES / name).read_text("utf-8")))


def _negotiation(session: Session, us: Actor, jp: Actor, mx: Actor, draft_id: int) -> None:
    """Informal consultations under way: the wording is the sample's own."""
    doc = drafts.view(session, us, draft_id).document
    op1, op3, pp1 = doc.operative[0], doc.operative[2], doc.preamble[0]
    made = proposals.make(session, jp, draft_id, 1, "replace", op1.id, "timely and reliable information",
                          replaces="timely information", note="Reliability matters as much as speed.")
    proposals.support(session, mx, draft_id, made.id)
    proposals.make(session, mx, draft_id, 1, "delete", op3.id, note="Scheduling is for the Commission.")
    compilation.set_status(session, us, draft_id, pp1.id, "agreed_ad_ref")
    thread = comments.add(session, mx, draft_id, op3.id, "Could the penholder explain why this paragraph is needed?")
    comments.add(session, us, draft_id, op3.id, "It follows the Commission's own decisions; happy to discuss.",
                 reply_to=thread.id)


def _issued(session: Session, mx: Actor, us: Actor, secretariat: Actor, draft_id: int) -> None:
    """Negotiated, co-sponsored, submitted and issued in Vienna this year."""
    drafts.set_status(session, mx, draft_id, "circulated")
    sponsorship.join(session, us, draft_id)
    lifecycle.act(session, mx, draft_id, "submit", {})
    lifecycle.act(session, secretariat, draft_id, "issue", {"symbol": f"E/CN.7/{dates.today().year}/L.5"})


def load(session: Session) -> list[tuple[str, str]]:
    """Create what is missing; returns (e-mail, delegation) of every demo login."""
    actors = {email: _user(session, email, delegation) for email, delegation in USERS}
    us, jp, mx = actors["us@demo.example"], actors["jp@demo.example"], actors["mx@demo.example"]
    mine = {(d.title, d.penholder) for d in drafts.visible(session, actors["secretariat@demo.example"])}

    ga = _sample("ga-synthetic-drugs.json")
    if (ga.title, us.delegation_name) not in mine:
        created = drafts.create(session, us, ga, "First draft for informal consultations")
        drafts.set_status(session, us, created.id, "circulated")
        for cosponsor in (jp, mx):
            sponsorship.join(session, cosponsor, created.id)
        _negotiation(session, us, jp, mx, created.id)
    cnd = _sample("cnd-precursors.json")
    if (cnd.title, mx.delegation_name) not in mine:
        _issued(session, mx, us, actors["secretariat@demo.example"], drafts.create(session, mx, cnd, "Zero draft").id)
    return [(email, delegation or "Secretariat") for email, delegation in USERS]
