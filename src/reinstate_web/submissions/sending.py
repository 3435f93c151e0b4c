"""Hand one e-mail to the seller's own mail server, through Django's mail API.

``get_connection`` opens the SMTP connection with the account's host, port, credentials, TLS and
a timeout on every socket operation; the envelope (MAIL FROM, RCPT TO) is given first, and only
then the message, so everything that can be refused is refused before anything is handed over.
``before_data`` runs at that point: the caller records that the message is now being handed
over, the one moment after which a broken connection leaves it unknown whether it went.

Every smtplib, ssl and socket error becomes a :class:`SendError` with a code (``labels``) and
``temporary`` set when trying again later can help.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend

from reinstate.errors import ServiceError

logger = logging.getLogger(__name__)

# Seconds for each socket operation (connect, TLS, each command and reply); a whole send stays
# well within the few minutes after which a stalled job is looked at again.
TIMEOUT = 30
_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class SendError(ServiceError):
    """The mail server did not take the message; ``code`` says why (see labels.SEND_ERRORS)."""

    def __init__(self, message: str, *, code: str, temporary: bool) -> None:
        super().__init__(message, code=code)
        self.temporary = temporary


class SendUnconfirmed(ServiceError):
    """The connection broke while the server was taking the message: it may have gone."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="unconfirmed")


@dataclass(frozen=True, slots=True)
class MailServer:
    host: str
    port: int
    security: str  # "starttls", "ssl" or "none"
    username: str
    password: str

    def __repr__(self) -> str:  # never the password in a log or a traceback
        return f"MailServer({self.host!r}, {self.port}, {self.security!r}, {self.username!r})"


def _connection(server: MailServer) -> EmailBackend:
    backend = get_connection(
        _BACKEND,
        host=server.host,
        port=server.port,
        username=server.username,
        password=server.password,
        use_tls=server.security == "starttls",
        use_ssl=server.security == "ssl",
        timeout=TIMEOUT,
        fail_silently=False,
    )
    assert isinstance(backend, EmailBackend)
    return backend


def _translate(exc: BaseException) -> SendError:
    """Our error for a third-party one raised before the message was handed over."""
    text = " ".join(str(exc).split())[:200]
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        code = "tls_unavailable" if "STARTTLS" in text.upper() else "auth_unavailable"
        return SendError(text, code=code, temporary=False)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return SendError(text, code="auth_failed", temporary=False)
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return SendError(text, code="sender_refused", temporary=exc.smtp_code < 500)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return SendError(text, code="recipient_refused", temporary=all(c < 500 for c in codes))
    if isinstance(exc, smtplib.SMTPResponseException):
        if exc.smtp_code < 500:
            return SendError(text, code="server_busy", temporary=True)
        return SendError(text, code="message_refused", temporary=False)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return SendError(text, code="disconnected", temporary=True)
    if isinstance(exc, ssl.SSLError):
        return SendError(text, code="tls_failed", temporary=False)
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return SendError(text, code="timeout", temporary=True)
    if isinstance(exc, (OSError, smtplib.SMTPException)):
        return SendError(text, code="connect_failed", temporary=True)
    return SendError(text, code="unexpected", temporary=False)


def _close(backend: EmailBackend) -> None:
    try:
        backend.close()
    except (smtplib.SMTPException, OSError) as exc:
        logger.info("closing the SMTP connection failed after the send: %s", exc)


def check(server: MailServer) -> None:
    """Connect, secure the connection and sign in, then leave: raises SendError."""
    backend = _connection(server)
    try:
        backend.open()
        connection = backend.connection
        assert connection is not None
        connection.noop()
    except (smtplib.SMTPException, OSError) as exc:
        raise _translate(exc) from exc
    finally:
        _close(backend)


def transmit(
    server: MailServer,
    sender: str,
    recipients: Sequence[str],
    data: bytes,
    *,
    before_data: Callable[[], None],
) -> None:
    """Send ``data`` (a whole message, CRLF lines) from ``sender`` to ``recipients``.

    Raises SendError when the server refused or could not be reached before the message was
    handed over (nothing went), SendUnconfirmed when the connection broke while it was.
    """
    backend = _connection(server)
    try:
        try:
            backend.open()
            smtp = backend.connection
            assert smtp is not None
            smtp.ehlo_or_helo_if_needed()
            code, reply = smtp.mail(sender)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, sender)
            for recipient in recipients:
                code, reply = smtp.rcpt(recipient)
                if code not in (250, 251):
                    raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
        except (smtplib.SMTPException, OSError) as exc:
            raise _translate(exc) from exc
        before_data()
        try:
            code, reply = smtp.data(data)
        except smtplib.SMTPDataError as exc:
            # A reply from the server: a definite "no" (4xx: later, 5xx: never).
            raise _translate(exc) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise SendUnconfirmed(" ".join(str(exc).split())[:200]) from exc
        if code != 250:
            raise _translate(smtplib.SMTPDataError(code, reply))
    finally:
        _close(backend)
