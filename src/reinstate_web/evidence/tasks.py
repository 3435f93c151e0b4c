"""Background jobs of the evidence locker (huey): reading a document (OCR takes seconds)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from reinstate_web.evidence import services
from reinstate_web.evidence.models import EvidenceDocument


@db_task()  # type: ignore[untyped-decorator]
def read_evidence(document_id: int) -> None:
    """Read a kept document (once: a job run twice after a restart finds it read)."""
    document = EvidenceDocument.objects.filter(pk=document_id).first()
    if document is None or document.state != EvidenceDocument.State.QUEUED:
        return
    services.read_stored(document)


def start_reading(document: EvidenceDocument) -> None:
    """Hand a kept document to the job queue."""
    read_evidence(document.pk)
    document.refresh_from_db()
