"""Seller accounts and cases: list, open, read, move along the status path."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja import Status as Answer

from reinstate.workflow import Status
from reinstate_web.api.auth import token_user
from reinstate_web.api.errors import ERRORS, ApiError, ErrorOut
from reinstate_web.api.pagination import page, paged
from reinstate_web.api.schemas import AccountOut, CaseIn, CaseOut, CasePage, StatusIn
from reinstate_web.cases import services
from reinstate_web.cases.access import (
    accounts_for,
    cases_for,
    get_account_for_user,
    get_case_for_user,
)
from reinstate_web.cases.models import Case, SellerAccount

router = Router(tags=["cases"])


class PageQuery(Schema):
    cursor: str | None = None
    limit: int = 50


@router.get("/accounts", response={200: list[AccountOut], ERRORS: ErrorOut})
def list_accounts(request: HttpRequest) -> list[SellerAccount]:
    """The seller accounts you can open cases for."""
    return list(accounts_for(token_user(request)).order_by("store_name", "pk")[:500])


@router.get("/cases", response={200: CasePage, ERRORS: ErrorOut})
def list_cases(request: HttpRequest, q: Query[PageQuery]) -> dict[str, object]:
    """Every case you reach (your organisations' and those handed to your team), newest first."""
    rows, next_cursor = page(cases_for(token_user(request)), q.cursor, q.limit)
    return paged(rows, next_cursor)


@router.post("/cases", response={201: CaseOut, ERRORS: ErrorOut})
def create_case(request: HttpRequest, body: CaseIn) -> Answer[Case]:
    """Open a case for one of your seller accounts (then add Amazon's message to it)."""
    user = token_user(request)
    account = get_account_for_user(user, body.account_id, edit=True)
    title = body.title.strip()
    if not title:
        raise ApiError(422, "invalid", "title: the title is empty")
    return Answer(201, services.open_case(account, title=title, actor=user))


@router.get("/cases/{case_id}", response={200: CaseOut, ERRORS: ErrorOut})
def read_case(request: HttpRequest, case_id: int) -> Case:
    return get_case_for_user(token_user(request), case_id)


@router.post("/cases/{case_id}/status", response={200: CaseOut, ERRORS: ErrorOut})
def change_status(request: HttpRequest, case_id: int, body: StatusIn) -> Case:
    """Move the case along its path (``transition_refused`` for a move not allowed)."""
    user = token_user(request)
    case = get_case_for_user(user, case_id, edit=True)
    try:
        requested = Status(body.status)
    except ValueError as exc:
        raise ApiError(422, "invalid", f"status: unknown status {body.status!r}") from exc
    return services.change_status(case, requested, actor=user)
