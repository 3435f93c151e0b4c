"""One IMAP session on imapclient, read-only by construction.

* every socket operation has a timeout (connecting, the TLS handshake, every command);
* the folder is opened with EXAMINE (read-only: the server itself refuses to change a flag)
  and bodies are read with BODY.PEEK, so a poll never marks a message read, moves or deletes it;
* every imapclient, imaplib, socket and TLS failure leaves as a ``MailboxError`` with a code.

    >>> with Session(Server("imap.qq.com"), "me@qq.com", Password("code")) as s:  # doctest: +SKIP
    ...     s.examine("INBOX").uidvalidity
    1700000000
"""

from __future__ import annotations

import imaplib
import logging
import re
import ssl as ssl_module
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from types import TracebackType
from typing import Any

from imapclient import IMAPClient, SocketTimeout
from imapclient import exceptions as imap_errors

from reinstate import __version__
from reinstate.mailbox.envelope import HEADER_FIELDS, HEADER_LIMIT, Envelope, read_envelope
from reinstate.mailbox.errors import (
    MailboxError,
    from_socket_error,
    login_refusal_code,
    mailbox_error,
)
from reinstate.mailbox.reduce import Part, reduced_message, text_parts

# Bytes of whole messages fetched by one command (``messages``).
BATCH_BYTES = 16 * 1024 * 1024
# UIDs per FETCH command: short command lines (servers refuse lines past 8-64 KB) and few
# round trips.
CHUNK = 500
# Bytes kept free for the MIME headers of the parts of a reduced message.
_PART_ROOM = 65_536
_PARTIAL = re.compile(rb"<\d+>$")
_IMAPLIB_LOG = logging.getLogger("imapclient.imaplib")
_HEADERS_ITEM = f"BODY.PEEK[HEADER.FIELDS ({' '.join(HEADER_FIELDS)})]<0.{HEADER_LIMIT}>"


@dataclass(frozen=True, slots=True)
class Server:
    host: str
    port: int = 993
    ssl: bool = True
    # Seconds for connecting and for each command's answer.
    timeout: float = 30.0
    ssl_context: ssl_module.SSLContext | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Password:
    """A password, app password or authorisation code (LOGIN, or AUTHENTICATE PLAIN)."""

    value: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class AccessToken:
    """An OAuth2 access token (AUTHENTICATE XOAUTH2)."""

    value: str = field(repr=False)


Secret = Password | AccessToken


@dataclass(frozen=True, slots=True)
class FolderStatus:
    uidvalidity: int
    uidnext: int | None  # None when the server does not say
    exists: int


@dataclass(frozen=True, slots=True)
class FetchedMessage:
    raw: bytes
    # True when only the text parts were fetched (the message was over the limit).
    reduced: bool = False


def _quiet(client: IMAPClient) -> None:
    """Stop imaplib tracing every line for the log unless that log is read.

    imapclient sets imaplib's debug level to 5 and sends its trace to the
    ``imapclient.imaplib`` logger at DEBUG; imaplib formats the trace (the repr of every
    response, literal and regular-expression match) before the logger can drop it, about a
    quarter of the CPU of fetching 10,000 envelopes. When that logger would print the trace
    (DEBUG enabled), it is left as imapclient set it."""
    if not _IMAPLIB_LOG.isEnabledFor(logging.DEBUG):
        client._imap.debug = 0


def _cause(exc: BaseException) -> BaseException | None:
    return exc.__cause__ or exc.__context__


class Session:
    """A signed-in IMAP connection (a context manager that logs out on exit)."""

    def __init__(self, server: Server, user: str, secret: Secret) -> None:
        self.server = server
        self.user = user
        self._secret = secret
        self._client: IMAPClient | None = None

    # -- connection ---------------------------------------------------------------------
    def __enter__(self) -> Session:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def open(self) -> None:
        server = self.server
        with self._translated("connect"):
            context = server.ssl_context
            if server.ssl and context is None:
                context = ssl_module.create_default_context()
            self._client = IMAPClient(
                server.host,
                port=server.port,
                ssl=server.ssl,
                ssl_context=context,
                timeout=SocketTimeout(connect=server.timeout, read=server.timeout),
            )
            _quiet(self._client)
        with self._translated("login"):
            self._login(self.client)
        with self._translated("id"):
            # NetEase (163, 126) refuses SELECT from a client that has not said who it is.
            if self.client.has_capability("ID"):
                self.client.id_({"name": "Reinstate", "version": __version__})

    def _login(self, client: IMAPClient) -> None:
        secret = self._secret
        try:
            if isinstance(secret, AccessToken):
                client.oauth2_login(self.user, secret.value)
            elif (self.user + secret.value).isascii():
                client.login(self.user, secret.value)
            else:
                # LOGIN carries ASCII only; AUTHENTICATE PLAIN carries UTF-8.
                client.plain_login(self.user, secret.value)
        except imap_errors.LoginError as exc:
            words = str(exc)
            code = login_refusal_code(words)
            if isinstance(secret, AccessToken) and code == "wrong_password":
                code = "oauth_refused"
            raise mailbox_error(code, f"the server refused the sign-in: {words}") from exc

    def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            # The connection is already gone (a timeout, the server hung up): nothing to undo.
            try:
                client.shutdown()
            except OSError:
                return

    @property
    def client(self) -> IMAPClient:
        if self._client is None:
            raise mailbox_error("protocol", "the IMAP session is not open")
        return self._client

    @contextmanager
    def _translated(self, action: str) -> Iterator[None]:
        """Every failure of ``action`` as a MailboxError (the session is closed on one)."""
        host, port = self.server.host, self.server.port
        try:
            yield
        except MailboxError:
            self._drop()
            raise
        except imap_errors.ProtocolError as exc:
            self._drop()
            raise mailbox_error("protocol", f"{action}: {exc}") from exc
        except imaplib.IMAP4.abort as exc:
            # The connection broke mid-command; imaplib wraps the socket error (a timeout too).
            self._drop()
            cause = _cause(exc)
            if isinstance(cause, OSError):
                raise from_socket_error(cause, host, port) from exc
            raise mailbox_error("unreachable", f"{action}: {exc}") from exc
        except imaplib.IMAP4.error as exc:
            self._drop()
            words = str(exc)
            if action == "examine" and _missing_folder(words):
                raise mailbox_error("folder_missing", words) from exc
            raise mailbox_error("server_error", f"{action}: {words}") from exc
        except OSError as exc:  # socket and TLS errors (ssl.SSLError is an OSError)
            self._drop()
            raise from_socket_error(exc, host, port) from exc
        except (ValueError, UnicodeError) as exc:  # an answer imapclient could not parse
            self._drop()
            raise mailbox_error("protocol", f"{action}: {exc}") from exc

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.shutdown()
            except (OSError, imaplib.IMAP4.error):
                return

    # -- reading ------------------------------------------------------------------------
    def examine(self, folder: str) -> FolderStatus:
        """Open ``folder`` read-only (EXAMINE)."""
        with self._translated("examine"):
            answer = self.client.select_folder(folder, readonly=True)
        uidvalidity = answer.get(b"UIDVALIDITY")
        if not isinstance(uidvalidity, int):
            raise mailbox_error("protocol", f"{folder}: the server gave no UIDVALIDITY")
        uidnext = answer.get(b"UIDNEXT")
        exists = answer.get(b"EXISTS")
        return FolderStatus(
            uidvalidity=uidvalidity,
            uidnext=uidnext if isinstance(uidnext, int) else None,
            exists=exists if isinstance(exists, int) else 0,
        )

    def uids_after(self, last_uid: int, since: date | None = None) -> list[int]:
        """UIDs greater than ``last_uid`` (of messages received on ``since`` or later, when
        given), ascending. ``UID SEARCH UID n:*`` also answers the highest existing UID when it
        is smaller than n: it is filtered out."""
        criteria: list[object] = ["UID", f"{last_uid + 1}:*"]
        if since is not None:
            criteria += ["SINCE", since]
        with self._translated("search"):
            found = self.client.search(criteria)
        return sorted(uid for uid in found if uid > last_uid)

    def envelopes(self, uids: Sequence[int]) -> list[Envelope]:
        """The envelopes of ``uids`` (fetched ``CHUNK`` at a time), in UID order; a message
        expunged meanwhile is left out."""
        found: list[Envelope] = []
        for start in range(0, len(uids), CHUNK):
            chunk = list(uids[start : start + CHUNK])
            with self._translated("fetch"):
                answer = self.client.fetch(chunk, [_HEADERS_ITEM, "RFC822.SIZE"])
            for uid in chunk:
                data = answer.get(uid)
                if data is None:
                    continue
                block = _section(data, b"BODY[HEADER.FIELDS", prefix=True)
                size = data.get(b"RFC822.SIZE")
                found.append(read_envelope(uid, block or b"", size if isinstance(size, int) else 0))
        return found

    def message(self, uid: int, size: int, limit: int) -> FetchedMessage | None:
        """Message ``uid`` as bytes: whole when it is at most ``limit`` bytes, else its headers
        and text parts only (attachments left on the server). None when it is gone."""
        if size <= limit:
            with self._translated("fetch"):
                answer = self.client.fetch([uid], ["BODY.PEEK[]"])
            data = answer.get(uid)
            if data is None:
                return None
            raw = _section(data, b"BODY[]")
            if raw is not None and len(raw) <= limit:
                return FetchedMessage(raw)
        return self._reduced(uid, limit)

    def messages(self, wanted: Sequence[tuple[int, int]], limit: int) -> dict[int, FetchedMessage]:
        """Messages ``(uid, size)`` as ``message`` reads them, the small ones many to a command
        (at most ``BATCH_BYTES`` together); a message gone meanwhile is left out."""
        found: dict[int, FetchedMessage] = {}
        batches: list[list[int]] = [[]]
        held = 0
        for uid, size in wanted:
            if size > limit:
                single = self.message(uid, size, limit)
                if single is not None:
                    found[uid] = single
                continue
            if held + size > BATCH_BYTES and batches[-1]:
                batches.append([])
                held = 0
            batches[-1].append(uid)
            held += size
        for batch in batches:
            if not batch:
                continue
            with self._translated("fetch"):
                answer = self.client.fetch(batch, ["BODY.PEEK[]"])
            for uid, data in answer.items():
                raw = _section(data, b"BODY[]")
                if raw is not None and len(raw) <= limit:
                    found[uid] = FetchedMessage(raw)
        return found

    def _reduced(self, uid: int, limit: int) -> FetchedMessage | None:
        with self._translated("fetch"):
            answer = self.client.fetch([uid], ["BODYSTRUCTURE", "BODY.PEEK[HEADER]<0.65536>"])
        data = answer.get(uid)
        if data is None:
            return None
        header = _section(data, b"BODY[HEADER]") or b""
        # Room for the header and the part headers the reduced message adds.
        budget = max(limit - len(header) - _PART_ROOM, limit // 2)
        parts = text_parts(data.get(b"BODYSTRUCTURE"), budget)
        if not parts:
            # One part (or a structure we cannot walk): its first bytes, up to the limit.
            with self._translated("fetch"):
                answer = self.client.fetch([uid], [f"BODY.PEEK[TEXT]<0.{budget}>"])
            body = _section(answer.get(uid) or {}, b"BODY[TEXT]") or b""
            return FetchedMessage(header + body, reduced=True)
        fetched: list[tuple[Part, bytes, bytes]] = []
        items = []
        for part in parts:
            items += [
                f"BODY.PEEK[{part.section}.MIME]<0.8192>",
                f"BODY.PEEK[{part.section}]<0.{part.take}>",
            ]
        with self._translated("fetch"):
            answer = self.client.fetch([uid], items)
        data = answer.get(uid) or {}
        for part in parts:
            mime = _section(data, f"BODY[{part.section}.MIME]".encode()) or b""
            body = _section(data, f"BODY[{part.section}]".encode()) or b""
            fetched.append((part, mime, body))
        return FetchedMessage(reduced_message(header, fetched), reduced=True)


def _section(data: dict[Any, Any], name: bytes, *, prefix: bool = False) -> bytes | None:
    """The bytes of the answer item ``name`` (servers echo a partial fetch as ``BODY[...]<0>``;
    ``prefix``: any item whose name starts so, e.g. ``BODY[HEADER.FIELDS``)."""
    wanted = name.upper()
    first = wanted[:1]
    for key, value in data.items():
        # Most items (UID, RFC822.SIZE) are told apart by their first letter.
        if not isinstance(key, bytes) or key[:1].upper() != first:
            continue
        bare = _PARTIAL.sub(b"", key.upper())
        if bare == wanted or (prefix and bare.startswith(wanted)):
            return bytes(value) if isinstance(value, (bytes, bytearray)) else None
    return None


def _missing_folder(words: str) -> bool:
    lowered = words.lower()
    return any(
        hint in lowered for hint in ("nonexistent", "doesn't exist", "does not exist", "no such")
    )


def check_connection(server: Server, user: str, secret: Secret, folder: str) -> FolderStatus:
    """Connect, sign in and open ``folder`` read-only, as a poll would; raises MailboxError with
    the code that says what is wrong."""
    with Session(server, user, secret) as session:
        return session.examine(folder)
