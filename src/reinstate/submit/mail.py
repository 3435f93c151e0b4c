"""Build the e-mail that carries an appeal or a follow-up, with the standard library only.

The message answers in the notice's thread (In-Reply-To and References name Amazon's
Message-ID), carries the seller's documents, and has a Message-ID made once and stored before
anything is sent: the same bytes are sent, kept as the copy, and found again after a crash.

    >>> mail = OutgoingMail(
    ...     sender="amazon@brightway.example", sender_name="Brightway", to=("a@amazon.com",),
    ...     subject="Re: Your account", body="Hello", message_id="<x1@brightway.example>",
    ...     date=datetime(2026, 5, 12, tzinfo=UTC), in_reply_to="<n@amazon.com>",
    ...     references=("<n@amazon.com>",), attachments=())
    >>> b"In-Reply-To: <n@amazon.com>" in message_bytes(mail)
    True
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from reinstate.errors import InputError
from reinstate.knowledge.loader import load

# A plain address: local part and domain without spaces, brackets, quotes or line breaks. Mail to
# Amazon needs nothing more exotic, and this keeps header injection out by construction.
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,253}")
_MESSAGE_ID = re.compile(r"<[^<>\s@]{1,200}@[^<>\s@]{1,200}>")
_REPLY_PREFIX = re.compile(r"^\s*(?:re|aw|回复|回覆|答复)\s*[:：]\s*", re.IGNORECASE)
MAX_SUBJECT = 250


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    sender: str
    sender_name: str
    to: tuple[str, ...]
    subject: str
    body: str
    message_id: str
    date: datetime
    in_reply_to: str | None
    references: tuple[str, ...]
    attachments: tuple[Attachment, ...]


def check_address(value: str) -> str:
    """The address, trimmed and lower-cased in its domain; InputError when it is not one plain
    ``name@domain`` (display names, lists and line breaks are refused)."""
    address = value.strip()
    if not _ADDRESS.fullmatch(address) or ".." in address or address.endswith("."):
        raise InputError(f"Not an e-mail address: {value[:80]!r}", code="bad_address")
    local, _at, domain = address.rpartition("@")
    if not domain or "." not in domain or domain.startswith(("-", ".")):
        raise InputError(f"Not an e-mail address: {value[:80]!r}", code="bad_address")
    return f"{local}@{domain.lower()}"


def _amazon_domains() -> frozenset[str]:
    sites = {str(site).lower() for site in load("common")["marketplaces"].values()}
    return frozenset({*sites, "amazon.cn"})


def is_amazon_address(value: str) -> bool:
    """True for an address at one of Amazon's marketplace domains or a subdomain of one.

    >>> is_amazon_address("seller-performance@amazon.co.uk"), is_amazon_address("a@amaz0n.com")
    (True, False)
    """
    domain = value.rpartition("@")[2].strip().lower()
    return any(domain == d or domain.endswith("." + d) for d in _amazon_domains())


def check_message_id(value: str) -> str:
    if not _MESSAGE_ID.fullmatch(value.strip()):
        raise InputError(f"Not a Message-ID: {value[:80]!r}", code="bad_message_id")
    return value.strip()


def new_message_id(sender: str) -> str:
    """A Message-ID that no other message has: 96 random bits at the sender's own domain.

    It is made once, stored with the submission before the first attempt, and sent unchanged on
    every attempt, so a send repeated after a crash is the same message, never a second one.
    """
    domain = check_address(sender).rpartition("@")[2]
    return f"<rs.{secrets.token_hex(12)}@{domain}>"


def reply_subject(subject: str) -> str:
    """``Re: `` and the subject, once (Chinese and German reply prefixes count as one).

    >>> reply_subject("RE: Your Amazon.com selling account")
    'Re: Your Amazon.com selling account'
    """
    bare = " ".join(subject.split())
    for _ in range(5):
        stripped = _REPLY_PREFIX.sub("", bare, count=1)
        if stripped == bare:
            break
        bare = stripped
    return f"Re: {bare}"[:MAX_SUBJECT] if bare else "Re:"


def thread(parent: str | None, earlier: tuple[str, ...] = ()) -> tuple[str | None, tuple[str, ...]]:
    """In-Reply-To and References for a message answering ``parent`` (RFC 5322 3.6.4):
    References is the parent's own chain (``earlier``) followed by the parent."""
    if not parent:
        return None, tuple(dict.fromkeys(earlier))
    parent = check_message_id(parent)
    chain = tuple(dict.fromkeys(check_message_id(m) for m in (*earlier, parent)))
    return parent, chain


def _one_line(value: str, what: str) -> str:
    if "\r" in value or "\n" in value:
        raise InputError(f"The {what} must be one line.", code="bad_header")
    return value.strip()


def build_message(mail: OutgoingMail) -> EmailMessage:
    """The message as the standard library's ``EmailMessage`` (SMTP policy: CRLF lines)."""
    if not mail.to:
        raise InputError("The e-mail has no recipient.", code="bad_address")
    message = EmailMessage(policy=policy.SMTP)
    sender = check_address(mail.sender)
    local, _at, domain = sender.rpartition("@")
    message["From"] = Address(_one_line(mail.sender_name, "sender's name"), local, domain)
    message["To"] = ", ".join(formataddr(("", check_address(a))) for a in mail.to)
    message["Subject"] = _one_line(mail.subject, "subject")[:MAX_SUBJECT]
    message["Date"] = format_datetime(mail.date.astimezone(UTC))
    message["Message-ID"] = check_message_id(mail.message_id)
    if mail.in_reply_to:
        message["In-Reply-To"] = check_message_id(mail.in_reply_to)
    if mail.references:
        message["References"] = " ".join(check_message_id(m) for m in mail.references)
    # Quoted-printable: 7-bit safe on any server (no reliance on 8BITMIME), English stays legible.
    message.set_content(
        mail.body.replace("\r\n", "\n"), subtype="plain", charset="utf-8", cte="quoted-printable"
    )
    for attachment in mail.attachments:
        maintype, _slash, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=_one_line(attachment.name, "file name"),
        )
    if message.is_multipart():
        # Made from the Message-ID, not at random: the same mail always gives the same bytes.
        digest = hashlib.sha256(mail.message_id.encode("utf-8")).hexdigest()[:32]
        message.set_boundary(f"=_rs_{digest}")
    return message


def message_bytes(mail: OutgoingMail) -> bytes:
    """The exact bytes to send and to keep (CRLF line endings, as they go on the wire)."""
    return build_message(mail).as_bytes(policy=policy.SMTP)
