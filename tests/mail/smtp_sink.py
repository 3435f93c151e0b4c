"""A real SMTP server on loopback that keeps every message it is given (aiosmtpd), once per test
session, for the tests that send e-mail the way a seller's mail server would take it.

Use it through the fixtures (import both ``smtp_sink`` and ``smtp_sink_server`` into the test
module): ``smtp_sink`` (cleared for each test) is a :class:`Sink` with
``host``, ``port``, the user and app password it accepts, and the messages received with their
envelope and exact bytes. It speaks plain SMTP (no STARTTLS) and accepts AUTH without TLS, which
is only right on loopback: a test of the TLS-required setting sees the send refused before any
password or message goes out. ``hold_replies`` keeps the final reply to DATA back (the message is
already recorded), so a test can stop a sender in the one moment a mail server has taken the
message but the sender does not know it yet. :func:`silent_server` accepts connections and never
answers (a sender stopped while connecting).
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

USER = "amazon@brightway-home.example"
PASSWORD = "app-password-7Qz"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes  # the message exactly as the client sent it (dot-unstuffed)
    login: str | None

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Sink:
    host: str
    port: int
    user: str = USER
    password: str = PASSWORD
    messages: list[Received] = field(default_factory=list)
    logins: list[tuple[str, bool]] = field(default_factory=list)
    hold_replies: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self.logins.clear()
        self.hold_replies.clear()
        self.release.set()

    def received(self) -> list[Received]:
        with self._lock:
            return list(self.messages)

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.received()
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"expected {count} message(s), got {len(self.received())}")


class _Handler:
    def __init__(self, sink: Sink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        login = session.auth_data if session.authenticated else None
        user = login.decode() if isinstance(login, bytes) else login
        raw = envelope.original_content or b""
        with self.sink._lock:
            self.sink.messages.append(
                Received(str(envelope.mail_from), list(envelope.rcpt_tos), raw, user)
            )
        if self.sink.hold_replies.is_set():
            self.sink.release.clear()
            while not self.sink.release.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"


def _authenticator(sink: Sink) -> Any:
    def check(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = auth_data.login.decode(), auth_data.password.decode()
        ok = user == sink.user and password == sink.password
        with sink._lock:
            sink.logins.append((user, ok))
        # A failure left to aiosmtpd ("handled=False"): it answers 535 itself.
        return AuthResult(success=ok, handled=ok, auth_data=user if ok else None)

    return check


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_sink() -> Iterator[Sink]:
    sink = Sink("127.0.0.1", free_port())
    controller = Controller(
        _Handler(sink),
        hostname=sink.host,
        port=sink.port,
        authenticator=_authenticator(sink),
        auth_require_tls=False,  # loopback only
        auth_required=False,
        ready_timeout=10,
    )
    controller.start()
    try:
        yield sink
    finally:
        sink.release.set()
        controller.stop()


@contextmanager
def silent_server() -> Iterator[tuple[str, int, threading.Event]]:
    """A server that accepts a connection and never greets: (host, port, connected)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    connected = threading.Event()
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)
            connected.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", int(listener.getsockname()[1]), connected
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in held:
            conn.close()
        listener.close()


@pytest.fixture(scope="session")
def smtp_sink_server() -> Iterator[Sink]:
    with running_sink() as sink:
        yield sink


@pytest.fixture
def smtp_sink(smtp_sink_server: Sink) -> Sink:
    """The session's SMTP sink, emptied for this test."""
    smtp_sink_server.clear()
    return smtp_sink_server
