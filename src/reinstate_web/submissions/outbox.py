"""The sending job's side: claim a queued e-mail, hand it to the seller's mail server
(``sending``), record what happened; pick up what a stopped worker left; the seller's answer to an
e-mail that perhaps went; the account's sending settings.

An e-mail is claimed in the database before any connection (``sending``), marked
``transmitting`` just before the server takes the message, and ``sent`` after. A job stopped
anywhere is picked up by :func:`resume_sends`: before ``transmitting`` nothing reached the server
and it is sent again (the same bytes and Message-ID); during ``transmitting`` it may have gone, so
it is never sent again on its own: the seller is asked to look in their Sent folder.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from reinstate.codes import SubmissionState
from reinstate.errors import InputError
from reinstate_web.accounts.models import User
from reinstate_web.cases import services as case_services
from reinstate_web.cases.models import CaseEvent, SellerAccount
from reinstate_web.live import crypto
from reinstate_web.submissions import sending
from reinstate_web.submissions.models import SmtpSettings, Submission
from reinstate_web.submissions.pending import latest_appeal
from reinstate_web.submissions.progress import went_out
from reinstate_web.submissions.records import SubmitRefused, refuse_if_pending

MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=5)
# Longer than every timeout of one send (sending.TIMEOUT per operation): a job still marked
# "sending" or "transmitting" after this has stopped.
STALE_AFTER = timedelta(minutes=10)


def mail_server(account: SellerAccount) -> sending.MailServer:
    """The account's SMTP settings with the password decrypted (SendError when unusable)."""
    smtp = SmtpSettings.objects.filter(account=account).first()
    if smtp is None:
        raise sending.SendError("no sending settings", code="not_configured", temporary=False)
    try:
        password = smtp.password()
    except crypto.SecretUnreadable as exc:
        raise sending.SendError(str(exc), code="unreadable", temporary=False) from exc
    return sending.MailServer(smtp.host, smtp.port, smtp.security, smtp.username, password)


def _claim(submission_id: int, now: datetime) -> Submission | None:
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update()
            .select_related("case", "case__account")
            .filter(pk=submission_id)
            .first()
        )
        if submission is None or submission.state != SubmissionState.QUEUED.value:
            return None  # sent, being sent, or given up: never twice
        if submission.next_attempt_at and submission.next_attempt_at > now:
            return None
        submission.state = SubmissionState.SENDING.value
        submission.attempts += 1
        submission.claimed_at = now
        submission.save(update_fields=["state", "attempts", "claimed_at"])
    return submission


def _set(submission: Submission, **fields: Any) -> None:
    Submission.objects.filter(pk=submission.pk).update(**fields)
    for name, value in fields.items():
        setattr(submission, name, value)


def send_by_email(
    submission_id: int, *, now: Callable[[], datetime] = timezone.now
) -> Submission | None:
    """The sending job's work: claim the queued e-mail, hand it to the seller's mail server,
    record the outcome. Returns None when there was nothing to do (already sent or claimed)."""
    submission = _claim(submission_id, now())
    if submission is None:
        return None
    try:
        server = mail_server(submission.case.account)
        with submission.raw_message.open("rb") as handle:
            raw = handle.read()
        sending.transmit(
            server,
            submission.mail_from,
            submission.recipients,
            raw,
            before_data=lambda: _set(submission, state=SubmissionState.TRANSMITTING.value),
        )
    except sending.SendUnconfirmed as exc:
        _set(
            submission,
            state=SubmissionState.UNCONFIRMED.value,
            error_code=exc.code,
            error=exc.message[:300],
        )
        return submission
    except sending.SendError as exc:
        again = exc.temporary and submission.attempts < MAX_ATTEMPTS
        _set(
            submission,
            state=(SubmissionState.QUEUED if again else SubmissionState.FAILED).value,
            error_code=exc.code,
            error=exc.message[:300],
            next_attempt_at=now() + RETRY_AFTER * submission.attempts if again else None,
            claimed_at=None,
        )
        return submission
    with transaction.atomic():
        _set(
            submission,
            state=SubmissionState.SENT.value,
            submitted_at=now(),
            error_code="",
            error="",
        )
        went_out(submission, submission.submitted_by)
    return submission


def resume_sends(now: datetime) -> list[int]:
    """After a stop or a restart: what the sending job should (re)try now.

    A queued e-mail whose time has come is returned; one left "sending" (the connection was
    being opened, nothing handed over) goes back to the queue; one left "transmitting" (the
    server may have taken it) becomes "unconfirmed" and waits for the seller, never resent.
    """
    stale = now - STALE_AFTER
    Submission.objects.filter(state=SubmissionState.SENDING.value, claimed_at__lt=stale).update(
        state=SubmissionState.QUEUED.value, claimed_at=None, next_attempt_at=None
    )
    Submission.objects.filter(
        state=SubmissionState.TRANSMITTING.value, claimed_at__lt=stale
    ).update(
        state=SubmissionState.UNCONFIRMED.value,
        error_code="unconfirmed",
        error="the sending job stopped while the server was taking the message",
    )
    queued = Submission.objects.filter(state=SubmissionState.QUEUED.value).exclude(
        next_attempt_at__gt=now
    )
    return list(queued.order_by("id").values_list("pk", flat=True))


def confirm_sent(submission: Submission, *, actor: User | None, now: datetime) -> Submission:
    """The seller found the unconfirmed e-mail in their Sent folder: it went."""
    if submission.state_enum is not SubmissionState.UNCONFIRMED:
        raise SubmitRefused("Only an unconfirmed e-mail can be confirmed.", code="not_unconfirmed")
    with transaction.atomic():
        _set(submission, state=SubmissionState.SENT.value, submitted_at=now, error_code="")
        went_out(submission, actor)
    return submission


def send_again(submission: Submission, *, actor: User | None, now: datetime) -> Submission:
    """Queue an unconfirmed (not in the Sent folder) or failed e-mail again: the same bytes and
    Message-ID. The caller hands it to the sending job."""
    allowed = (SubmissionState.UNCONFIRMED, SubmissionState.FAILED)
    if submission.state_enum not in allowed:
        raise SubmitRefused("This e-mail is not waiting to be sent again.", code="not_failed")
    if submission.state_enum is SubmissionState.FAILED and submission.kind == "appeal":
        # A failed appeal did not block others: one may have gone out since.
        other = latest_appeal(submission.case)
        if other is not None and other.pk != submission.pk:
            refuse_if_pending(submission.case)
    _set(
        submission,
        state=SubmissionState.QUEUED.value,
        attempts=0,
        next_attempt_at=None,
        claimed_at=None,
        error_code="",
        error="",
    )
    case_services.record(submission.case, CaseEvent.Kind.NOTE, actor, send_again=submission.pk)
    return submission


# --- the account's sending settings --------------------------------------------------------

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def save_smtp_settings(
    account: SellerAccount,
    *,
    host: str,
    port: int,
    security: str,
    username: str,
    password: str | None,
    actor: User | None,
) -> SmtpSettings:
    """Create or change the settings; ``password`` None keeps the stored one. Unencrypted
    connections are refused except to this machine."""
    if security == SmtpSettings.Security.NONE and host not in LOOPBACK:
        raise InputError(
            "An unencrypted connection is only allowed to this machine.", code="tls_required"
        )
    smtp = SmtpSettings.objects.filter(account=account).first() or SmtpSettings(account=account)
    if password is None and not smtp.password_encrypted:
        raise InputError("The password is missing.", code="password_missing")
    smtp.host, smtp.port, smtp.security, smtp.username = host, port, security, username
    if password is not None:
        smtp.set_password(password)
    smtp.updated_by = actor
    smtp.save()
    return smtp
