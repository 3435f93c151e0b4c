"""A seller's data out or gone, owners only, as on the account and case pages: the export of a
seller account (one ZIP of case bundles), deleting a case or a seller account with its files.
The services of ``cases.retention``, unchanged; each needs its own scope besides read or write
(``export``, ``delete``: docs/api.md, "Tokens")."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from ninja import Router

from reinstate_web.api.auth import TokenAuth, token_user
from reinstate_web.api.cases_api import router as cases_router
from reinstate_web.api.errors import ERRORS, ApiError, ErrorOut
from reinstate_web.api.schemas import ConfirmIn, DeletionOut
from reinstate_web.cases import retention
from reinstate_web.cases.access import get_account_for_owner, get_case_for_owner
from reinstate_web.cases.models import DeletionRecord

router = Router(tags=["retention"])
ZIP = {
    "responses": {
        200: {
            "description": "The ZIP: `account.json` and one case bundle per case under "
            "`cases/` (docs/security.md).",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            "headers": {
                "Content-Disposition": {
                    "description": "attachment; filename=reinstate-account-<id>-<date>.zip",
                    "schema": {"type": "string"},
                }
            },
        }
    }
}


def _confirmed(body: ConfirmIn) -> None:
    if body.confirm is not True:
        raise ApiError(
            422, "confirmation_required", "confirm: must be true (this cannot be undone)."
        )


@router.get(
    "/accounts/{account_id}/export",
    response={ERRORS: ErrorOut},
    openapi_extra=ZIP,
    auth=TokenAuth("export"),
)
def export_account(request: HttpRequest, account_id: int) -> FileResponse:
    """Every case of the seller account as a case bundle (the format another installation
    imports), with the account, in one ZIP. Owners only; needs the ``export`` scope. The ZIP is
    written to a temporary file first (memory stays flat whatever its size), then streamed."""
    user = token_user(request)
    account = get_account_for_owner(user, account_id)
    return retention.export_download(account, user=user)


@router.delete(
    "/accounts/{account_id}",
    response={200: DeletionOut, ERRORS: ErrorOut},
    auth=TokenAuth("delete"),
)
def delete_account(request: HttpRequest, account_id: int, body: ConfirmIn) -> DeletionRecord:
    """Delete the seller account, every case of it and all their files (and its mailbox, live
    data and sending connections with their secrets). Owners only; needs the ``delete`` scope
    and ``{"confirm": true}`` (else 422 ``confirmation_required``). Answers what the audit log
    keeps."""
    user = token_user(request)
    account = get_account_for_owner(user, account_id)
    _confirmed(body)
    return retention.delete_account(account, actor=user)


@cases_router.delete(
    "/cases/{case_id}",
    response={200: DeletionOut, ERRORS: ErrorOut},
    auth=TokenAuth("delete"),
    tags=["retention"],
)
def delete_case(request: HttpRequest, case_id: int, body: ConfirmIn) -> DeletionRecord:
    """Delete the case with everything recorded on it and its files. Owners of the seller's
    organisation only (a team the case was handed to cannot); needs the ``delete`` scope and
    ``{"confirm": true}``. Answers what the audit log keeps."""
    user = token_user(request)
    case = get_case_for_owner(user, case_id)
    _confirmed(body)
    return retention.delete_case(case, actor=user)
