"""The seller's exports on a case and the findings of their latest analysis."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Query, Router, Status, UploadedFile

from reinstate_web.analysis import services
from reinstate_web.analysis.models import DataFile
from reinstate_web.analysis.tasks import run_analysis
from reinstate_web.api.auth import token_user
from reinstate_web.api.cases_api import PageQuery
from reinstate_web.api.errors import ERRORS, ApiError, ErrorOut
from reinstate_web.api.pagination import page, paged
from reinstate_web.api.schemas import FilePage, FindingsOut, UploadOut
from reinstate_web.cases.access import get_case_for_user

router = Router(tags=["data"])


@router.get("/cases/{case_id}/files", response={200: FilePage, ERRORS: ErrorOut})
def list_files(request: HttpRequest, case_id: int, q: Query[PageQuery]) -> dict[str, object]:
    case = get_case_for_user(token_user(request), case_id)
    rows, next_cursor = page(DataFile.objects.filter(case=case), q.cursor, q.limit)
    return paged(rows, next_cursor)


@router.post("/cases/{case_id}/files", response={202: UploadOut, ERRORS: ErrorOut})
def upload_files(
    request: HttpRequest, case_id: int, files: File[list[UploadedFile]]
) -> Status[dict[str, object]]:
    """Upload Seller Central exports (several ``files``); the analysis of every usable file of
    the case is queued (``run_id``; read the findings when its status is done)."""
    user = token_user(request)
    case = get_case_for_user(user, case_id, edit=True)
    if not files:
        raise ApiError(422, "invalid", "files: choose one or more exports")
    if any((f.size or 0) > settings.REPORT_MAX_BYTES for f in files):
        raise ApiError(413, "too_large", "A file is larger than the limit.")
    outcome = services.add_files(case, files, actor=user)
    run = services.start_run(case, actor=user, enqueue=run_analysis) if outcome.stored else None
    return Status(
        202,
        {
            "stored": outcome.stored,
            "problems": [str(p) for p in outcome.problems],
            "run_id": run.pk if run else None,
        },
    )


@router.get("/cases/{case_id}/findings", response={200: FindingsOut, ERRORS: ErrorOut})
def read_findings(request: HttpRequest, case_id: int) -> dict[str, object]:
    """The metrics and findings of the latest finished analysis (the JSON of
    ``reinstate analyze --json``), and the state of the latest run."""
    case = get_case_for_user(token_user(request), case_id)
    run = services.latest_run(case)
    report = services.latest_report(case)
    return {
        "run_id": run.pk if run else None,
        "status": run.status if run else "none",
        "error": run.error if run else "",
        "metrics": report.metrics if report else [],
        "findings": report.findings if report else [],
        "sources": report.sources if report else [],
    }
