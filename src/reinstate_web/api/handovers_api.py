"""Hand-overs: the seller offers a case to a team (one they already work with, or one invited
by e-mail) with their consent, and revokes it; the team sees the cases offered to it and
accepts or declines. The page's form and ``teams.handover``'s operations, unchanged."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Status

from reinstate_web.accounts.models import Organisation
from reinstate_web.api.auth import token_user
from reinstate_web.api.casefile_api import handover_item
from reinstate_web.api.casefile_api import router as case_router
from reinstate_web.api.cases_api import PageQuery
from reinstate_web.api.errors import ERRORS, ApiError, ErrorOut
from reinstate_web.api.multipart import refuse
from reinstate_web.api.pagination import page, paged
from reinstate_web.api.schemas import HandoverIn, HandoverOut, TeamRequestPage
from reinstate_web.cases.access import get_case_for_user, get_organisation_for_user, is_seller_side
from reinstate_web.teams import handover, queue
from reinstate_web.teams.forms import EscalateForm
from reinstate_web.teams.models import CaseGrant

router = Router(tags=["teams"])
NOT_SENT = 503


# The organisation is looked up through its memberships (a foreign key), where Django does not
# answer "none" for an id the database cannot hold as it does for a primary key.
MAX_ID = 2**62


def _team(request: HttpRequest, team_id: int, *, edit: bool = False) -> Organisation:
    if not 1 <= team_id <= MAX_ID:
        raise ApiError(404, "not_found", "No such object.")
    return get_organisation_for_user(token_user(request), team_id, edit=edit)


def _refused(exc: handover.HandOverError) -> ApiError:
    return ApiError(409, exc.code, f"The hand-over cannot be done: {exc.code}.")


@case_router.post(
    "/cases/{case_id}/handovers",
    response={201: HandoverOut, frozenset({*ERRORS, NOT_SENT}): ErrorOut},
    tags=["teams"],
)
def offer_handover(request: HttpRequest, case_id: int, body: HandoverIn) -> Status[dict[str, Any]]:
    """Offer the case to a team you already work with (``team_id``: one that had a hand-over
    of one of your cases) or invite one by ``email`` (a single-use link, 7 days, that only that
    address can accept); ``consent`` must be true (422 ``consent_required``). The team sees
    nothing of the case until one of its members accepts. 409: ``closed``, ``already`` (one
    hand-over at a time), ``own``; 503 ``not_sent`` when the invitation could not be mailed."""
    user = token_user(request)
    case = get_case_for_user(user, case_id)
    if not is_seller_side(user, case, edit=True):
        raise PermissionDenied
    form = EscalateForm(
        {
            "team": body.team_id or "",
            "email": body.email or "",
            "message": body.message,
            "consent": body.consent,
        },
        teams=handover.known_teams(user, case),
    )
    if not form.is_valid():
        raise refuse(form, code="consent_required" if "consent" in form.errors else "invalid")
    data = form.cleaned_data
    try:
        if data["team"]:
            grant = handover.escalate_to_team(
                case, data["team"], actor=user, message=data["message"]
            )
        else:
            grant = handover.escalate_by_email(
                case,
                email=data["email"],
                actor=user,
                message=data["message"],
                link_for=lambda token: request.build_absolute_uri(
                    reverse("teams:handover_link", kwargs={"token": token})
                ),
            )
    except handover.HandOverError as exc:
        raise _refused(exc) from exc
    except handover.NotSentError as exc:
        raise ApiError(
            NOT_SENT, "not_sent", "The mail server did not take the invitation."
        ) from exc
    return Status(201, handover_item(grant))


@case_router.post(
    "/cases/{case_id}/handovers/{handover_id}/revoke",
    response={200: HandoverOut, ERRORS: ErrorOut},
    tags=["teams"],
)
def revoke_handover(request: HttpRequest, case_id: int, handover_id: int) -> dict[str, Any]:
    """Take the case back (offered or active): the team reaches nothing of it from now on
    (409 ``gone`` when it was already answered, revoked or expired)."""
    user = token_user(request)
    case = get_case_for_user(user, case_id, edit=True)
    if not is_seller_side(user, case, edit=True):
        raise PermissionDenied
    grant = CaseGrant.objects.filter(case=case, pk=handover_id).first()
    if grant is None:
        raise ApiError(404, "not_found", "No such hand-over on this case.")
    try:
        return handover_item(handover.revoke(grant, actor=user))
    except handover.HandOverError as exc:
        raise _refused(exc) from exc


@router.get("/teams/{team_id}/requests", response={200: TeamRequestPage, ERRORS: ErrorOut})
def list_requests(request: HttpRequest, team_id: int, q: Query[PageQuery]) -> dict[str, object]:
    """Cases offered to your team and waiting for one of its members to accept (what the
    workspace shows: the store, the kind of case, the marketplace, the next deadline, who asked
    and their message); nothing else of the case until it is accepted."""
    team = _team(request, team_id)
    rows, next_cursor = page(queue.requests(team), q.cursor, q.limit)
    items = [
        {
            "id": g.pk,
            "case_id": g.case_id,
            "store_name": g.case.account.store_name,
            "category": g.case.category,
            "marketplace": g.case.marketplace,
            "next_due": g.case.next_due,
            "message": g.message,
            "offered_by": g.created_by.email if g.created_by is not None else None,
            "created_at": g.created_at,
        }
        for g in rows
    ]
    return paged(items, next_cursor)


def _offered(request: HttpRequest, team_id: int, grant_id: int) -> tuple[Organisation, CaseGrant]:
    team = _team(request, team_id, edit=True)
    grant = queue.requests(team).filter(pk=grant_id).first()
    if grant is None:
        raise ApiError(404, "not_found", "No such request waiting for this team.")
    return team, grant


@router.post(
    "/teams/{team_id}/requests/{grant_id}/accept", response={200: HandoverOut, ERRORS: ErrorOut}
)
def accept_request(request: HttpRequest, team_id: int, grant_id: int) -> dict[str, Any]:
    """Take the case for the team: its members reach it from now on, and you are its
    specialist until someone else is assigned."""
    team, grant = _offered(request, team_id, grant_id)
    try:
        return handover_item(handover.accept(grant, actor=token_user(request), team=team))
    except handover.HandOverError as exc:
        raise _refused(exc) from exc


@router.post(
    "/teams/{team_id}/requests/{grant_id}/decline", response={200: HandoverOut, ERRORS: ErrorOut}
)
def decline_request(request: HttpRequest, team_id: int, grant_id: int) -> dict[str, Any]:
    """Say no: the seller sees that the team declined."""
    _team, grant = _offered(request, team_id, grant_id)
    try:
        return handover_item(handover.decline(grant, actor=token_user(request)))
    except handover.HandOverError as exc:
        raise _refused(exc) from exc
