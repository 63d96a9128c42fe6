"""The signed token between reading a partner's Word file and confirming its changes
(services/uploads.py): the parsed changes, bound to the user, the draft and the matched
revision, expiring after TOKEN_MAX_AGE, and used once. At signing it holds the newest
proposal the user had made on the draft; a confirmation that finds a newer one (the
proposals this token already made, even if since rejected or withdrawn) is refused with
409: one confirmation makes its proposals once. (Uploading the file again gives a new
token; proposals the penholder rejected may then be made again, as by hand.) No table is
needed: the proposals themselves are the record of use.
"""
from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.errors import InvalidDocument
from ..store.tables import Proposal
from .actors import Actor
from .errors import Conflict

MAX_TOKEN_BYTES = 400_000     # the hidden field must fit the form limit (Flask: 500 kB)
TOKEN_MAX_AGE = 3600          # seconds between upload and confirmation
_SALT = "uploads.partner-changes"
WHERE = "file"


def sign(session: Session, actor: Actor, draft_id: int, secret: str, payload: dict) -> str:
    """``payload`` signed for ``actor`` and the draft, and bound to the proposals made so far."""
    return _signed(secret, {**payload, "u": actor.user_id, "d": draft_id,
                            "p": _newest_made(session, actor, draft_id)})


def require_unused(session: Session, actor: Actor, draft_id: int, payload: dict) -> None:
    """Conflict when the user made a proposal on the draft since the token was signed."""
    if _newest_made(session, actor, draft_id) != payload.get("p"):
        raise Conflict("this file's changes were confirmed already (or you made proposals on this draft since "
                       "it was read), so its confirmation is used up: upload the file again to propose what is "
                       "still missing", "token")


def _newest_made(session: Session, actor: Actor, draft_id: int) -> int:
    """The id of the newest proposal ``actor``'s user made on the draft (0: none): what a
    token is bound to, so that it makes proposals once."""
    return session.scalar(select(func.max(Proposal.id)).where(Proposal.draft_id == draft_id,
                                                              Proposal.created_by == actor.user_id)) or 0


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def _signed(secret: str, payload: dict) -> str:
    token = _serializer(secret).dumps(payload)
    if len(token) > MAX_TOKEN_BYTES:
        raise InvalidDocument(f"the file's changes are too long to confirm at once ({len(token) // 1000:,} kB "
                              "signed); split the file", WHERE)
    return token


def unsigned(secret: str, token: object, actor: Actor, draft_id: int) -> dict:
    """The payload of a token signed for ``actor`` and the draft: 400 (at "token") otherwise."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_BYTES:
        raise InvalidDocument("the confirmation is missing: upload the file again", "token")
    try:
        payload = _serializer(secret).loads(token, max_age=TOKEN_MAX_AGE)
    except SignatureExpired:
        raise InvalidDocument(f"the confirmation expired (after {TOKEN_MAX_AGE // 60} minutes): upload the file "
                              "again", "token") from None
    except BadSignature:
        raise InvalidDocument("the confirmation was altered or belongs to another server: upload the file again",
                              "token") from None
    if not isinstance(payload, dict) or payload.get("u") != actor.user_id or payload.get("d") != draft_id:
        raise InvalidDocument("this confirmation was made for another user or another draft: upload the file "
                              "again", "token")
    return payload
