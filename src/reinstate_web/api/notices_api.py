"""Amazon's messages on a case: upload (read at once, or on the job queue when large) and the
diagnosis."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Query, Router, Status, UploadedFile

from reinstate.errors import InputError
from reinstate_web.api.auth import token_user
from reinstate_web.api.cases_api import PageQuery
from reinstate_web.api.errors import ERRORS, ApiError, ErrorOut
from reinstate_web.api.pagination import page, paged
from reinstate_web.api.schemas import NoticeOut, NoticePage
from reinstate_web.cases.access import get_case_for_user
from reinstate_web.notices import services, tasks
from reinstate_web.notices.models import Notice

router = Router(tags=["notices"])


@router.get("/cases/{case_id}/notices", response={200: NoticePage, ERRORS: ErrorOut})
def list_notices(request: HttpRequest, case_id: int, q: Query[PageQuery]) -> dict[str, object]:
    case = get_case_for_user(token_user(request), case_id)
    rows, next_cursor = page(Notice.objects.filter(case=case), q.cursor, q.limit)
    return paged(rows, next_cursor)


@router.get("/cases/{case_id}/notices/{notice_id}", response={200: NoticeOut, ERRORS: ErrorOut})
def read_notice(request: HttpRequest, case_id: int, notice_id: int) -> Notice:
    """One message with its diagnosis (``state`` pending while a large one is being read)."""
    case = get_case_for_user(token_user(request), case_id)
    notice = Notice.objects.filter(case=case, pk=notice_id).first()
    if notice is None:
        raise ApiError(404, "not_found", "No such notice on this case.")
    return notice


@router.post(
    "/cases/{case_id}/notices", response={201: NoticeOut, 202: NoticeOut, ERRORS: ErrorOut}
)
def add_notice(request: HttpRequest, case_id: int, file: File[UploadedFile]) -> Status[Notice]:
    """Upload Amazon's message (.eml, .html or .txt) as ``file``; it is diagnosed at once
    (201), or stored and read on the job queue when large (202, ``state`` pending)."""
    user = token_user(request)
    case = get_case_for_user(user, case_id, edit=True)
    if (file.size or 0) > settings.NOTICE_MAX_BYTES:
        raise ApiError(413, "too_large", "The message is larger than the limit.")
    data = file.read()
    if services.is_large(data):
        stored = services.store_unread_notice(case, data, file.name, actor=user)
        tasks.read_notice_later(stored.pk)
        stored.refresh_from_db()
        return Status(202, stored)
    try:
        return Status(201, services.add_notice(case, data, file.name, actor=user))
    except InputError as exc:
        raise ApiError(400, "unreadable", str(exc)[:500]) from exc
