"""The few headers the watcher reads before deciding whether a message is taken.

Only these fields are fetched for every new message (``HEADER_FIELDS``), at most
``HEADER_LIMIT`` bytes each message; the body is fetched only for a message that is taken.

    >>> e = read_envelope(7, b"From: Amazon <seller-performance@amazon.com>\\r\\n"
    ...     b"Subject: =?UTF-8?B?5L2g5aW9?=\\r\\nMessage-ID: <a@b>\\r\\n\\r\\n", 120)
    >>> e.sender_address, e.subject, e.message_id
    ('seller-performance@amazon.com', '你好', '<a@b>')
"""

from __future__ import annotations

import hashlib
import re
from email.header import decode_header, make_header

from reinstate.mailbox.senders import address_of

HEADER_FIELDS = (
    "FROM",
    "SUBJECT",
    "DATE",
    "MESSAGE-ID",
    "IN-REPLY-TO",
    "REFERENCES",
    "AUTHENTICATION-RESULTS",
)
# A hostile References header can be megabytes long: every header block is read only this far.
HEADER_LIMIT = 65_536
_MESSAGE_ID = re.compile(r"<[^<>\s]{1,250}>")
_FOLD = re.compile(rb"\r?\n[ \t]+")
# Most of a thread's References that are looked up (the newest are last).
MAX_REFERENCES = 50


class Envelope:
    """The headers of one message, read lazily: the sync looks at every message's sender (and,
    for mail not from Amazon, the thread it answers), and at the rest only for the messages it
    takes. Each value is worked out from the raw header once, on first use."""

    __slots__ = ("_lines", "_sender", "_thread_ids", "size", "uid")

    def __init__(self, uid: int, size: int, block: bytes) -> None:
        self.uid = uid
        self.size = size
        self._lines = _lines(block)
        self._sender: str | None = None
        self._thread_ids: tuple[str, ...] | None = None

    def __repr__(self) -> str:
        return f"Envelope(uid={self.uid}, sender={self.sender!r}, subject={self.subject!r})"

    def _field(self, name: str) -> str:
        """The first ``name:`` header's value as text ("" when there is none)."""
        found = _FIELD[name].search(self._lines)
        return "" if found is None else _text(found.group(1).strip())

    @property
    def sender(self) -> str:
        """The From header, decoded."""
        if self._sender is None:
            self._sender = decode_words(self._field("from"))[:500]
        return self._sender

    @property
    def sender_address(self) -> str:
        """The From header's bare address, lower-cased ("" when there is none)."""
        return address_of(self.sender)

    @property
    def subject(self) -> str:
        return " ".join(decode_words(self._field("subject")).split())[:500]

    @property
    def date(self) -> str:
        return self._field("date")[:100]

    @property
    def message_id(self) -> str:
        """The first "<...>" of the Message-ID header, or ""."""
        found = _MESSAGE_ID.search(self._field("message-id"))
        return found.group(0) if found else ""

    @property
    def in_reply_to(self) -> tuple[str, ...]:
        return _ids(self._field("in-reply-to"))[:5]

    @property
    def references(self) -> tuple[str, ...]:
        return _ids(self._field("references"))[-MAX_REFERENCES:]

    @property
    def authentication_results(self) -> str:
        return self._field("authentication-results")[:20_000]

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """The Message-IDs this message answers (In-Reply-To first, then References)."""
        if self._thread_ids is None:
            if _THREAD.search(self._lines):
                ids = (*self.in_reply_to, *reversed(self.references))
                self._thread_ids = tuple(dict.fromkeys(ids))
            else:
                self._thread_ids = ()
        return self._thread_ids

    @property
    def key(self) -> str:
        """The message's second key in the ledger: its Message-ID, or, for a message without
        one, a digest of what identifies it (the same after a UIDVALIDITY change)."""
        message_id = self.message_id
        if message_id:
            return message_id
        digest = hashlib.sha256(
            "\n".join((self.sender, self.date, self.subject, str(self.size))).encode()
        ).hexdigest()
        return f"sha256:{digest[:40]}"


def _lines(block: bytes) -> bytes:
    """The header block's first ``HEADER_LIMIT`` bytes, folded lines joined, one header a line
    (every line break, CR, LF or CRLF, as LF)."""
    return _FOLD.sub(b" ", block[:HEADER_LIMIT]).replace(b"\r", b"\n")


def _field_pattern(name: str) -> re.Pattern[bytes]:
    # The first line whose name (before its first colon, white space around it ignored) is
    # ``name`` in any case; its value runs to the end of the line.
    return re.compile(
        rb"^[ \t\x0b\x0c]*" + re.escape(name.encode()) + rb"[ \t\x0b\x0c]*:([^\n]*)",
        re.IGNORECASE | re.MULTILINE,
    )


_FIELD = {name.lower(): _field_pattern(name.lower()) for name in HEADER_FIELDS}
_THREAD = re.compile(
    rb"^[ \t\x0b\x0c]*(?:in-reply-to|references)[ \t\x0b\x0c]*:", re.IGNORECASE | re.MULTILINE
)


def _text(raw: bytes) -> str:
    """Raw header bytes as text: UTF-8 (RFC 6532), else GB18030 (Chinese mail clients send raw
    8-bit subjects), else Latin-1 (never fails)."""
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def decode_words(value: str) -> str:
    """RFC 2047 encoded words decoded ("=?UTF-8?B?...?=" -> text); the value itself when they
    cannot be decoded (an unknown charset, broken base64)."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (LookupError, UnicodeError, ValueError, AssertionError):
        return value


def _ids(value: str) -> tuple[str, ...]:
    return tuple(_MESSAGE_ID.findall(value))


def read_envelope(uid: int, block: bytes, size: int) -> Envelope:
    """The envelope of message ``uid`` from its header block (``HEADER_FIELDS`` only)."""
    return Envelope(uid, size, block)
