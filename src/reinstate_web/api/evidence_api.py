"""Add a document to a case's evidence locker: the page's form, streaming size guard, service
and reading job, unchanged. (On the router of the evidence list: django-ninja serves one path
from one router.)"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import Status

from reinstate_web.analysis import uploads
from reinstate_web.api.auth import token_user
from reinstate_web.api.casefile_api import evidence_item, router
from reinstate_web.api.errors import ERRORS, ApiError, ErrorOut
from reinstate_web.api.multipart import FILE, body, refuse
from reinstate_web.api.schemas import EvidenceOut
from reinstate_web.cases.access import get_case_for_user
from reinstate_web.evidence import panels, services, tasks
from reinstate_web.evidence.forms import UPLOADABLE
from reinstate_web.evidence.models import EvidenceDocument

UPLOAD_BODY = body(
    {
        "document": {
            **FILE,
            "description": "PDF, JPG, PNG, GIF or TIFF: the supplier's original file or a "
            "full-page scan (`REINSTATE_EVIDENCE_MAX_MB`, 20 MB by default).",
        },
        "proves": {
            "type": "string",
            "enum": UPLOADABLE,
            "description": "What it proves: a requested-document code (contracts.md).",
        },
        "asins": {
            "type": "array",
            "items": {"type": "string"},
            "description": "ASINs it covers: among those the case page offers (the notice's, "
            "then the best sellers in the seller's data).",
        },
    },
    ["document", "proves"],
)


@router.post(
    "/cases/{case_id}/evidence",
    response={202: EvidenceOut, ERRORS: ErrorOut},
    openapi_extra=UPLOAD_BODY,
    tags=["evidence"],
)
def upload_evidence(request: HttpRequest, case_id: int) -> Status[dict[str, object]]:
    """Keep one document in the locker and queue its reading (202: ``state`` queued, reading
    or, once read, done or failed; read it again from the list). The same file twice is kept
    once (409 ``duplicate_file``); a file over the limit is dropped while it arrives (413)."""
    user = token_user(request)
    case = get_case_for_user(user, case_id, edit=True)  # before the body is read
    guard = uploads.install(request, settings.EVIDENCE_MAX_BYTES)
    form = panels.upload_form(
        case, services.check_case(case), request.POST, request.FILES, refused=guard.refused
    )
    if guard.refused:
        raise ApiError(413, "too_large", "The document is larger than the limit.")
    if not form.is_valid():
        raise refuse(form)
    outcome = services.add_document(
        case,
        form.cleaned_data["document"],
        proves=form.cleaned_data["proves"],
        asins=list(form.cleaned_data["asins"]),
        actor=user,
    )
    if outcome.document is None:
        raise ApiError(409, "duplicate_file", " ".join(outcome.problems)[:500])
    tasks.start_reading(outcome.document)
    document = outcome.document
    checked = services.check_case(case) if document.state == EvidenceDocument.State.DONE else None
    return Status(202, evidence_item(document, checked))
