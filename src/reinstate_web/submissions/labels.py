"""Words for the submission codes (contracts.md) and for the sending errors."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reinstate.codes import SubmissionChannel, SubmissionKind, SubmissionState

CHANNEL_NAMES: dict[str, Promise] = {
    SubmissionChannel.ACCOUNT_HEALTH_FORM.value: _("Account Health appeal form"),
    SubmissionChannel.LISTING_APPEAL.value: _("The listing's appeal page"),
    SubmissionChannel.VIEW_APPEAL.value: _("“View appeal” on the appeal already sent"),
    SubmissionChannel.REPLY_TO_NOTICE.value: _("Reply to Amazon's message"),
    SubmissionChannel.EMAIL.value: _("E-mail to the address the notice names"),
}

KIND_NAMES: dict[str, Promise] = {
    SubmissionKind.APPEAL.value: _("Appeal"),
    SubmissionKind.RECEIPT_CHECK.value: _("Receipt check"),
    SubmissionKind.REMINDER.value: _("Reminder"),
}

STATE_NAMES: dict[str, Promise] = {
    SubmissionState.RECORDED.value: _("Submitted in Seller Central"),
    SubmissionState.QUEUED.value: _("Waiting to be sent"),
    SubmissionState.SENDING.value: _("Connecting to your mail server"),
    SubmissionState.TRANSMITTING.value: _("Handing over to your mail server"),
    SubmissionState.SENT.value: _("Sent"),
    SubmissionState.FAILED.value: _("Not sent"),
    SubmissionState.UNCONFIRMED.value: _("Perhaps sent: please check"),
}

# Why an e-mail did not go (the codes of sending.SendError), with what to do next.
SEND_ERRORS: dict[str, Promise] = {
    "connect_failed": _(
        "Your mail server could not be reached. Check the server name and port in the sending "
        "settings; Reinstate tries again by itself for a while."
    ),
    "timeout": _("Your mail server did not answer in time. Reinstate tries again by itself."),
    "tls_unavailable": _(
        "Your mail server does not offer an encrypted connection (STARTTLS), so Reinstate did "
        "not send your password or the appeal. Choose SSL/TLS and its port (usually 465) in the "
        "sending settings."
    ),
    "tls_failed": _(
        "The encrypted connection to your mail server failed (its certificate could not be "
        "checked). Check the server name, or ask your mail provider for the right one."
    ),
    "auth_failed": _(
        "Your mail server refused the user name or password. Many providers (QQ Mail, 163, "
        "Gmail, Outlook) need an app password or an authorisation code instead of the login "
        "password: create one in the mailbox's settings and save it here."
    ),
    "auth_unavailable": _(
        "Your mail server does not accept a sign-in on this connection. Choose STARTTLS or "
        "SSL/TLS in the sending settings."
    ),
    "sender_refused": _(
        "Your mail server refused to send from this address. The user name must be the "
        "registered e-mail address (or allowed to send as it)."
    ),
    "recipient_refused": _("Your mail server refused the recipient address."),
    "message_refused": _(
        "Your mail server refused the message (often: attachments too large). Make the files "
        "smaller or send fewer, then send again."
    ),
    "server_busy": _("Your mail server is busy. Reinstate tries again by itself."),
    "disconnected": _("Your mail server closed the connection. Reinstate tries again by itself."),
    "unreadable": _(
        "The stored mail password can no longer be read (the encryption key changed). Enter the "
        "password again in the sending settings."
    ),
    "not_configured": _("This seller account has no sending settings yet."),
    "unconfirmed": _(
        "The connection broke while your mail server was taking the message: it may or may not "
        "have been sent."
    ),
}
UNEXPECTED = _("Sending stopped on an unexpected error.")


def send_error(code: str) -> str:
    return str(SEND_ERRORS.get(code, UNEXPECTED))
