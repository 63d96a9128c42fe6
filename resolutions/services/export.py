"""Word files for the Secretariat, from any revision of a draft."""
from __future__ import annotations

import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..formats.docx_writer import write_docx
from . import drafts, sponsorship
from .actors import Actor

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Exported:
    filename: str
    data: bytes

    def stream(self) -> io.BytesIO:
        return io.BytesIO(self.data)


def docx(session: Session, actor: Actor, draft_id: int, number: int | None = None) -> Exported:
    view = drafts.view(session, actor, draft_id, number)
    sponsors = sponsorship.of(session, actor, draft_id).sponsors
    doc = view.document
    data = write_docx(doc, sponsors, symbol=doc.symbol)
    return Exported(f"{doc.body}-{doc.session}-draft-{draft_id}-rev{view.revision.number}.docx", data)
