"""A seller account's mailbox, watched for Amazon's answers: its state, connecting it with a
password (the connection test runs first, as on the page; nothing is kept when it fails),
checking it now and disconnecting it. Secrets are never answered. Signing in with Google or
Microsoft (OAuth2) needs a browser and stays on the site."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from reinstate.mailbox import MailboxError
from reinstate_web.api.auth import token_user
from reinstate_web.api.errors import ERRORS, ApiError, ErrorOut
from reinstate_web.api.multipart import refuse
from reinstate_web.api.schemas import MailboxIn, MailboxOut
from reinstate_web.cases.access import get_account_for_user
from reinstate_web.cases.models import SellerAccount
from reinstate_web.mailbox import labels, services, tasks
from reinstate_web.mailbox.forms import MailboxForm
from reinstate_web.mailbox.models import MailboxConnection

router = Router(tags=["mailbox"])


def _connection(account: SellerAccount) -> MailboxConnection:
    connection = services.connection_for(account)
    if connection is None:
        raise ApiError(404, "not_connected", "No mailbox is connected to this seller account.")
    return connection


@router.get("/accounts/{account_id}/mailbox", response={200: MailboxOut, ERRORS: ErrorOut})
def read_mailbox(request: HttpRequest, account_id: int) -> MailboxConnection:
    """The connected mailbox and how the watcher is doing (404 ``not_connected`` when none)."""
    return _connection(get_account_for_user(token_user(request), account_id))


@router.put("/accounts/{account_id}/mailbox", response={200: MailboxOut, ERRORS: ErrorOut})
def connect_mailbox(request: HttpRequest, account_id: int, body: MailboxIn) -> MailboxConnection:
    """Connect (or replace) the account's mailbox with a password: Reinstate signs in and opens
    the folder first, as a poll would, and keeps the connection only when that works (400 with
    the code of what is wrong, e.g. ``unreachable``, ``app_password_needed``,
    ``folder_missing``)."""
    user = token_user(request)
    account = get_account_for_user(user, account_id, edit=True)
    form = MailboxForm(
        {
            "provider": body.provider,
            "username": body.username,
            "password": body.password,
            "host": body.host,
            "port": body.port or "",
            "use_ssl": body.use_ssl,
            "folder": body.folder,
        },
        account=account,
    )
    if not form.is_valid():
        raise refuse(form)
    mailbox = form.mailbox()
    try:
        return services.connect_with_password(
            account,
            mailbox,
            body.password,
            actor=user,
            site_url=request.build_absolute_uri("/"),
        )
    except MailboxError as exc:
        raise ApiError(400, exc.code, labels.error_message(exc.code, mailbox.provider)) from exc


@router.post("/accounts/{account_id}/mailbox/check", response={202: MailboxOut, ERRORS: ErrorOut})
def check_mailbox(request: HttpRequest, account_id: int) -> Status[MailboxConnection]:
    """Check the mailbox now: a poll is queued (202); its outcome shows in ``last_success_at``
    or ``last_error_code``."""
    connection = _connection(get_account_for_user(token_user(request), account_id, edit=True))
    tasks.poll_mailbox(connection.pk)
    connection.refresh_from_db()
    return Status(202, connection)


@router.delete("/accounts/{account_id}/mailbox", response={204: None, ERRORS: ErrorOut})
def disconnect_mailbox(request: HttpRequest, account_id: int) -> Status[None]:
    """Stop watching the mailbox and delete its password; messages already added stay on their
    cases (404 ``not_connected`` when none)."""
    account = get_account_for_user(token_user(request), account_id, edit=True)
    if not services.disconnect(account):
        raise ApiError(404, "not_connected", "No mailbox is connected to this seller account.")
    return Status(204, None)
