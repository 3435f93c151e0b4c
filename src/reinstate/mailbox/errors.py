"""The mailbox's errors: every IMAP, socket, TLS and OAuth failure becomes one of these.

Each carries a stable ``code`` that the command line prints and the web app turns into one
sentence in the seller's language, and ``temporary`` says whether the next poll may succeed
without anyone doing anything (a timeout, a dropped connection) or a person must act (a wrong
password, IMAP turned off in the mailbox's settings).

Codes:

========================  =========  ======================================================
code                      temporary  meaning
========================  =========  ======================================================
``wrong_password``        no         the server refused the user name or password
``app_password_needed``   no         the provider wants an app password / authorisation code
``imap_disabled``         no         IMAP is turned off in the mailbox's settings
``unsafe_login``          no         NetEase refused the sign-in as unsafe
``web_login_needed``      no         the provider wants one sign-in in a web browser first
``oauth_needed``          no         the provider allows only OAuth2 sign-in (XOAUTH2)
``oauth_refused``         no         the OAuth2 token endpoint refused the refresh token
``unreachable``           yes        the host is unknown, refuses the connection or is down
``timeout``               yes        the server did not answer in time
``tls``                   no         the TLS handshake failed (wrong port for SSL, bad cert)
``folder_missing``        no         the folder does not exist
``server_error``          yes        the server answered an IMAP command with NO or BAD
``protocol``              yes        the server's answer could not be understood
========================  =========  ======================================================
"""

from __future__ import annotations

import socket
import ssl
from functools import cache

from reinstate.errors import ServiceError, TemporaryServiceError
from reinstate.knowledge.loader import load

PERMANENT_CODES = frozenset(
    {
        "wrong_password",
        "app_password_needed",
        "imap_disabled",
        "unsafe_login",
        "web_login_needed",
        "oauth_needed",
        "oauth_refused",
        "tls",
        "folder_missing",
    }
)
TEMPORARY_CODES = frozenset({"unreachable", "timeout", "server_error", "protocol"})
CODES = PERMANENT_CODES | TEMPORARY_CODES
# The server's own words are kept (for logs and the detail line), never more than this.
_DETAIL = 300


class MailboxError(ServiceError):
    """A mailbox failure a person must act on (see the codes above)."""


class TemporaryMailboxError(TemporaryServiceError, MailboxError):
    """A mailbox failure the next poll may not meet again."""


def mailbox_error(code: str, message: str) -> MailboxError:
    """The error of ``code``, temporary or not as the table above says."""
    if code not in CODES:
        raise ValueError(f"unknown mailbox error code: {code}")
    text = " ".join(message.split())[:_DETAIL]
    if code in TEMPORARY_CODES:
        return TemporaryMailboxError(text, code=code)
    return MailboxError(text, code=code)


@cache
def _refusal_rules() -> tuple[tuple[str, str], ...]:
    rules = load("mailbox/providers")["login_refusals"]
    return tuple((str(code), str(words).lower()) for code, words in rules)


def login_refusal_code(server_words: str) -> str:
    """The code of a refused sign-in, from the server's own words.

    >>> login_refusal_code("[ALERT] Application-specific password required: https://...")
    'app_password_needed'
    >>> login_refusal_code("[AUTHENTICATIONFAILED] Authentication failed.")
    'wrong_password'
    """
    lowered = server_words.lower()
    for code, words in _refusal_rules():
        if words in lowered:
            return code
    return "wrong_password"


def from_socket_error(exc: OSError, host: str, port: int) -> MailboxError:
    """A socket-level failure while connecting or talking to ``host:port``."""
    where = f"{host}:{port}"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return mailbox_error("timeout", f"{where} did not answer in time")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return mailbox_error("tls", f"{where}: the server's certificate is not valid ({exc})")
    if isinstance(exc, ssl.SSLError):
        reason = getattr(exc, "reason", None) or exc
        return mailbox_error("tls", f"{where}: the TLS handshake failed ({reason})")
    if isinstance(exc, socket.gaierror):
        return mailbox_error("unreachable", f"{host} is not a known host name")
    if isinstance(exc, ConnectionRefusedError):
        return mailbox_error("unreachable", f"{where} refused the connection")
    return mailbox_error("unreachable", f"{where}: {exc.strerror or exc}")
