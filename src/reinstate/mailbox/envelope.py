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
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Envelope:
    uid: int
    size: int
    sender: str  # the From header, decoded
    sender_address: str  # its bare address, lower-cased ("" when there is none)
    subject: str
    date: str
    message_id: str  # "<...>" or ""
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    authentication_results: str

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """The Message-IDs this message answers (In-Reply-To first, then References)."""
        return tuple(dict.fromkeys((*self.in_reply_to, *reversed(self.references))))

    @property
    def key(self) -> str:
        """The message's second key in the ledger: its Message-ID, or, for a message without
        one, a digest of what identifies it (the same after a UIDVALIDITY change)."""
        if self.message_id:
            return self.message_id
        digest = hashlib.sha256(
            "\n".join((self.sender, self.date, self.subject, str(self.size))).encode()
        ).hexdigest()
        return f"sha256:{digest[:40]}"


def _fields(block: bytes) -> dict[str, str]:
    """Header name (lower-cased) -> raw value (first occurrence), from a header block."""
    unfolded = _FOLD.sub(b" ", block[:HEADER_LIMIT])
    found: dict[str, str] = {}
    for line in unfolded.splitlines():
        name, colon, value = line.partition(b":")
        if not colon or not name or b" " in name.strip():
            continue
        key = name.strip().decode("latin-1").lower()
        if key not in found:
            found[key] = _text(value.strip())
    return found


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
    fields = _fields(block)
    sender = decode_words(fields.get("from", ""))[:500]
    message_ids = _ids(fields.get("message-id", ""))
    return Envelope(
        uid=uid,
        size=size,
        sender=sender,
        sender_address=address_of(sender),
        subject=" ".join(decode_words(fields.get("subject", "")).split())[:500],
        date=fields.get("date", "")[:100],
        message_id=message_ids[0] if message_ids else "",
        in_reply_to=_ids(fields.get("in-reply-to", ""))[:5],
        references=_ids(fields.get("references", ""))[-MAX_REFERENCES:],
        authentication_results=fields.get("authentication-results", "")[:20_000],
    )
