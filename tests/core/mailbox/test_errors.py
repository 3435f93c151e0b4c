"""Every failure is one of our errors, with a code and temporary or not."""

from __future__ import annotations

import socket
import ssl

import pytest

from reinstate.errors import ServiceError
from reinstate.mailbox.errors import (
    CODES,
    PERMANENT_CODES,
    TEMPORARY_CODES,
    from_socket_error,
    login_refusal_code,
    mailbox_error,
)


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ("Login fail. Please using authorized code to login.", "app_password_needed"),
        (
            "[ALERT] Application-specific password required: https://x (Failure)",
            "app_password_needed",
        ),
        ("[ALERT] Your account is not enabled for IMAP use.", "imap_disabled"),
        ("Unsafe Login. Please contact kefu@188.com for help", "unsafe_login"),
        ("[ALERT] Please log in via your web browser: https://x", "web_login_needed"),
        ("[AUTHENTICATIONFAILED] Invalid credentials (Failure)", "wrong_password"),
        ("LOGIN failed.", "wrong_password"),
        ("something nobody wrote before", "wrong_password"),
    ],
)
def test_a_refused_sign_in_is_read_from_the_servers_words(words: str, code: str) -> None:
    assert login_refusal_code(words) == code


@pytest.mark.parametrize(
    ("error", "code", "temporary"),
    [
        (TimeoutError("timed out"), "timeout", True),
        (socket.gaierror(-2, "Name or service not known"), "unreachable", True),
        (ConnectionRefusedError(111, "Connection refused"), "unreachable", True),
        (ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number"), "tls", False),
    ],
)
def test_socket_errors_become_ours(error: OSError, code: str, temporary: bool) -> None:
    translated = from_socket_error(error, "imap.example.com", 993)
    assert isinstance(translated, ServiceError)
    assert (translated.code, translated.temporary) == (code, temporary)
    assert "imap.example.com" in translated.message


def test_every_code_is_temporary_or_permanent() -> None:
    assert PERMANENT_CODES.isdisjoint(TEMPORARY_CODES)
    for code in CODES:
        assert mailbox_error(code, "x").temporary == (code in TEMPORARY_CODES)
    with pytest.raises(ValueError, match="unknown"):
        mailbox_error("nope", "x")
