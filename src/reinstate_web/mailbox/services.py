"""Business operations of the mailbox: test and keep a connection, forget it, poll it.

Nothing here reads a mailbox except ``check`` (when a seller connects) and ``poll`` (the job).
One poll per mailbox at a time: ``poll`` takes a lease with one atomic UPDATE and gives up when
another poll holds it; a worker that died leaves a lease that simply runs out.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from reinstate.mailbox import (
    AccessToken,
    FolderStatus,
    MailboxError,
    Password,
    Secret,
    Server,
    Session,
    SyncOptions,
    SyncReport,
    check_connection,
    sync,
)
from reinstate.mailbox import oauth as core_oauth
from reinstate.mailbox.errors import PERMANENT_CODES
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import SellerAccount
from reinstate_web.live import crypto
from reinstate_web.mailbox import delivery, notify, oauth, threads
from reinstate_web.mailbox.ledger import LEASE, OrmLedger
from reinstate_web.mailbox.models import MailboxConnection, MailboxFolderMark

logger = logging.getLogger(__name__)

# The connection test runs while the seller waits for the page; a poll may take longer.
CHECK_TIMEOUT = 15.0
POLL_TIMEOUT = 30.0
# A little early is fine: the periodic job runs every minute and its runs drift.
DUE_EARLY = timedelta(seconds=20)
# A mailbox connected today is read back this far (older notices are not brought back).
FIRST_LOOK_DAYS = 30
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
PERMANENT_FAILURE_WAIT = timedelta(hours=1)


@dataclass(frozen=True)
class MailboxSettings:
    """Where the mailbox is (the form's values)."""

    provider: str
    host: str
    port: int
    use_ssl: bool
    username: str
    folder: str = "INBOX"


def server(mailbox: MailboxSettings | MailboxConnection, timeout: float) -> Server:
    return Server(mailbox.host, mailbox.port, ssl=mailbox.use_ssl, timeout=timeout)


def check(mailbox: MailboxSettings, secret: Secret) -> FolderStatus:
    """Sign in and open the folder as the watcher would; raises MailboxError with its code."""
    return check_connection(
        server(mailbox, CHECK_TIMEOUT), mailbox.username, secret, mailbox.folder
    )


def connection_for(account: SellerAccount) -> MailboxConnection | None:
    return MailboxConnection.objects.filter(account=account).first()


def _save(
    account: SellerAccount,
    mailbox: MailboxSettings,
    *,
    actor: User | None,
    site_url: str,
    fill: MailboxConnection | None = None,
) -> MailboxConnection:
    with transaction.atomic():
        connection = connection_for(account) or MailboxConnection(account=account)
        moved = connection.pk is not None and (
            (connection.host, connection.username) != (mailbox.host, mailbox.username)
        )
        connection.provider = mailbox.provider
        connection.host, connection.port = mailbox.host, mailbox.port
        connection.use_ssl, connection.username = mailbox.use_ssl, mailbox.username
        connection.folder = mailbox.folder
        connection.connected_by = actor
        connection.site_url = site_url[:300]
        connection.enabled = True
        connection.last_error_code, connection.last_error = "", ""
        connection.last_error_at, connection.failures = None, 0
        if fill is not None:
            for field in ("auth", *MailboxConnection.ENCRYPTED_FIELDS, "oauth_service"):
                setattr(connection, field, getattr(fill, field))
            connection.oauth_expires_at = fill.oauth_expires_at
        connection.save()
        if moved:
            # Another mailbox: look at it from its start (what was taken stays taken).
            MailboxFolderMark.objects.filter(connection=connection).delete()
    logger.info("seller account %s: mailbox %s connected", account.pk, mailbox.host)
    return connection


def connect_with_password(
    account: SellerAccount,
    mailbox: MailboxSettings,
    password: str,
    *,
    actor: User | None,
    site_url: str = "",
) -> MailboxConnection:
    """Check the mailbox with ``password``, then keep it (encrypted), replacing any earlier
    connection of the account. Raises MailboxError (nothing is kept) when the check fails."""
    check(mailbox, Password(password))
    values = MailboxConnection(auth=MailboxConnection.Auth.PASSWORD)
    values.set_password(password)
    return _save(account, mailbox, actor=actor, site_url=site_url, fill=values)


def connect_with_oauth(
    account: SellerAccount,
    mailbox: MailboxSettings,
    service: str,
    tokens: core_oauth.Tokens,
    *,
    actor: User | None,
    site_url: str = "",
) -> MailboxConnection:
    """Check the mailbox with the access token (XOAUTH2), then keep the tokens (encrypted)."""
    check(mailbox, AccessToken(tokens.access_token))
    values = MailboxConnection(auth=MailboxConnection.Auth.OAUTH, oauth_service=service)
    oauth.store_tokens(values, tokens)
    return _save(account, mailbox, actor=actor, site_url=site_url, fill=values)


def disconnect(account: SellerAccount) -> bool:
    """Forget the connection and its secrets. The messages already taken stay on their cases;
    the ledger goes with the connection, and a mailbox connected again is read from 30 days
    back (messages already on a case are recognised by their Message-ID)."""
    deleted, _details = MailboxConnection.objects.filter(account=account).delete()
    return deleted > 0


# --- polling -----------------------------------------------------------------------------------


def due_connections(now: datetime | None = None) -> list[int]:
    """Connections whose last poll started at least the poll interval ago (or never). After a
    failure a person must fix (a wrong password, IMAP turned off), once an hour only: signing
    in with a wrong password every few minutes gets a mailbox locked by its provider."""
    now = now or timezone.now()
    interval = timedelta(minutes=int(settings.MAILBOX_POLL_MINUTES))
    cutoff = now - interval + DUE_EARLY
    due = (
        MailboxConnection.objects.filter(enabled=True)
        .filter(Q(last_poll_started_at__isnull=True) | Q(last_poll_started_at__lte=cutoff))
        .only("pk", "last_poll_started_at", "last_success_at", "last_error_at", "last_error_code")
    )
    return [
        c.pk
        for c in due
        if not (c.failing and c.last_error_code in PERMANENT_CODES)
        or c.last_poll_started_at is None
        or c.last_poll_started_at <= now - PERMANENT_FAILURE_WAIT
    ]


def _take_lease(connection_id: int, *, due_only: bool = False) -> str | None:
    """The lease, taken in one UPDATE whose WHERE decides: of two workers that run it at once
    the database lets one through. ``due_only``: also only when the mailbox is still due, so a
    second job queued for the same round (two schedulers, a retry) that starts after the first
    poll ended does not poll again."""
    now = timezone.now()
    token = secrets.token_hex(16)
    rows = MailboxConnection.objects.filter(pk=connection_id, enabled=True).filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    )
    if due_only:
        cutoff = now - timedelta(minutes=int(settings.MAILBOX_POLL_MINUTES)) + DUE_EARLY
        rows = rows.filter(
            Q(last_poll_started_at__isnull=True) | Q(last_poll_started_at__lte=cutoff)
        )
    taken = rows.update(lease_until=now + LEASE, lease_token=token, last_poll_started_at=now)
    return token if taken else None


def _release_lease(connection_id: int, token: str) -> None:
    MailboxConnection.objects.filter(pk=connection_id, lease_token=token).update(
        lease_until=None, lease_token=""
    )


def _secret(connection: MailboxConnection, *, refresh: bool = False) -> Secret:
    if connection.auth == MailboxConnection.Auth.OAUTH:
        return AccessToken(oauth.access_token(connection, force=refresh))
    return Password(connection.password())


def _sync_once(connection: MailboxConnection, token: str, *, refresh: bool) -> SyncReport:
    ledger = OrmLedger(connection, delivery.deliver, token)
    organisation = connection.account.organisation_id
    options = SyncOptions(
        max_bytes=int(settings.NOTICE_MAX_BYTES),
        today=timezone.localdate(),
        own_addresses=frozenset({connection.username.lower()}),
        since=timezone.localdate(connection.connected_at) - timedelta(days=FIRST_LOOK_DAYS),
    )
    with Session(
        server(connection, POLL_TIMEOUT), connection.username, _secret(connection, refresh=refresh)
    ) as session:
        return sync(
            session,
            ledger,
            str(connection.pk),
            connection.folder,
            options=options,
            threads=lambda ids: threads.known_message_ids(organisation, ids),
        )


def _record_outcome(connection_id: int, code: str = "", detail: str = "") -> None:
    now = timezone.now()
    rows = MailboxConnection.objects.filter(pk=connection_id)
    if not code:
        rows.update(last_success_at=now, failures=0)
        return
    connection = rows.first()
    rows.update(
        last_error_at=now,
        last_error_code=code[:30],
        last_error=detail[:300],
        failures=(connection.failures if connection else 0) + 1,
    )


def poll(connection_id: int, *, due_only: bool = False) -> SyncReport | None:
    """Take the mailbox's new messages from Amazon once (the job). None when another poll of
    this mailbox is under way (or, with ``due_only``, when it is no longer due), or when it
    failed (the failure is recorded on the connection for the dashboard and the case, then the
    people are told of what was taken)."""
    token = _take_lease(connection_id, due_only=due_only)
    if token is None:
        return None
    report: SyncReport | None = None
    try:
        connection = MailboxConnection.objects.select_related("account").get(pk=connection_id)
        try:
            report = _sync_once(connection, token, refresh=False)
        except MailboxError as exc:
            if exc.code != "oauth_refused" or connection.auth != MailboxConnection.Auth.OAUTH:
                raise
            # The provider withdrew the access token early: refresh it once and try again.
            report = _sync_once(connection, token, refresh=True)
    except MailboxError as exc:
        logger.warning("mailbox %s: %s (%s)", connection_id, exc.message, exc.code)
        _record_outcome(connection_id, exc.code, exc.message)
    except crypto.SecretUnreadable as exc:
        _record_outcome(connection_id, "secret_unreadable", str(exc))
    except Exception as exc:
        # A bug must not stop the watcher silently: the dashboard shows it, huey logs it.
        _record_outcome(connection_id, "unexpected", f"{type(exc).__name__}: {exc}")
        raise
    else:
        _record_outcome(connection_id)
    finally:
        _release_lease(connection_id, token)
        notify.send_pending(connection_id)
    return report
