"""Take a MIME message apart: headers, the readable body, attached (forwarded) messages.

Uses the standard library's ``email`` package with ``policy.default``. Header parsing in the
standard library still has edge cases that raise on hostile input (bad encoded words, broken
address lists), so every header read goes through :func:`_header`, which records a warning
instead of letting one broken header lose the whole notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

from reinstate.errors import InputError
from reinstate.notices.decoding import decode_bytes
from reinstate.notices.forwarded import is_amazon_sender

_MAX_DEPTH = 8  # nested forwards deeper than this are not followed (mail bombs)
# Containers (multipart sections and attached messages) a mail may declare before it is parsed
# at all: the standard library's parser recurses once per nesting level, so a crafted mail of
# hundreds of levels would exhaust the stack before any depth guard of ours could act.
MAX_CONTAINERS = 64
_CONTAINER = re.compile(rb"content-type:[ \t]*(?:multipart/|message/rfc822)", re.IGNORECASE)


@dataclass(slots=True)
class MailParts:
    subject: str | None = None
    sender: str | None = None
    sent_at: datetime | None = None
    # The Message-ID header (with its angle brackets), to answer in the same thread.
    message_id: str | None = None
    plain: str | None = None
    html: str | None = None
    warnings: list[str] = field(default_factory=list)
    # Forwarded messages went deeper than _MAX_DEPTH: what lies below was not read.
    too_deep: bool = False


def parse_mail(data: bytes) -> EmailMessage:
    """Parse ``data`` as a mail; raises InputError for a mail nested too deep to read."""
    containers = len(_CONTAINER.findall(data))
    if containers > MAX_CONTAINERS:
        raise InputError(
            f"This mail holds {containers:,} messages and sections inside each other; Reinstate "
            f"reads at most {MAX_CONTAINERS}. Save only Amazon's own message (open it in your "
            "mailbox and save it as .eml), or paste its text."
        )
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except RecursionError as exc:
        raise InputError(
            "This mail is nested too deep to read. Save only Amazon's own message as .eml, "
            "or paste its text."
        ) from exc
    assert isinstance(message, EmailMessage)
    return message


def _header(message: Message, name: str, warnings: list[str]) -> str | None:
    try:
        value = message.get(name)
        if value is None:
            return None
        text = str(value)
    except Exception as exc:  # noqa: BLE001 - stdlib header parser bugs on hostile input
        warnings.append(f"header {name} unreadable ({type(exc).__name__})")
        # The unparsed header text is still useful (a sender's name, a subject).
        raw = [str(v) for k, v in message.raw_items() if k.lower() == name.lower()]
        return " ".join(raw[0].split()) or None if raw else None
    return " ".join(text.split()) or None


# One message identifier: <left@right>, no spaces or brackets inside (RFC 5322 msg-id).
_MESSAGE_ID = re.compile(r"<[^<>\s@]{1,200}@[^<>\s@]{1,200}>")


def _message_id(value: str | None) -> str | None:
    """The first well-formed ``<id@host>`` of the header, or None."""
    # A real identifier is far shorter: a hostile header is only looked at up to 1,000 characters.
    found = _MESSAGE_ID.search((value or "")[:1000])
    return found.group(0) if found else None


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _attached_messages(message: Message, depth: int = 0) -> list[Message]:
    """message/rfc822 parts anywhere below ``message``, outermost first."""
    if depth > _MAX_DEPTH:
        return []
    found: list[Message] = []
    if not message.is_multipart():
        return found
    payload = message.get_payload()
    if not isinstance(payload, list):
        return found
    for part in payload:
        if not isinstance(part, Message):
            continue
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            inner_list = inner if isinstance(inner, list) else [inner]
            found.extend(m for m in inner_list if isinstance(m, Message))
        else:
            found.extend(_attached_messages(part, depth + 1))
    return found


def _part_text(part: Message, warnings: list[str]) -> str | None:
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError, AssertionError) as exc:
        warnings.append(f"part unreadable ({type(exc).__name__})")
        return None
    if not isinstance(payload, bytes):
        return None
    charset = part.get_param("charset")
    declared = charset if isinstance(charset, str) else None
    text, notes = decode_bytes(payload, declared)
    warnings.extend(notes)
    return text


def _bodies(message: Message, warnings: list[str], depth: int = 0) -> tuple[str | None, str | None]:
    """First text/plain and first text/html body of ``message`` (not of attached messages)."""
    plain: str | None = None
    html: str | None = None
    if depth > _MAX_DEPTH:
        return None, None
    if message.is_multipart():
        payload = message.get_payload()
        for part in payload if isinstance(payload, list) else []:
            if not isinstance(part, Message) or part.get_content_type() == "message/rfc822":
                continue
            disposition = (part.get("Content-Disposition") or "").lower()
            if "attachment" in disposition and part.get_content_maintype() != "text":
                continue
            sub_plain, sub_html = _bodies(part, warnings, depth + 1)
            plain = plain or sub_plain
            html = html or sub_html
        return plain, html
    if message.get_content_maintype() == "multipart":
        # A multipart mail without a boundary (a broken export) is one body: read it as text.
        warnings.append("multipart mail without a boundary read as plain text")
        return _part_text(message, warnings), None
    if message.get_content_maintype() != "text":
        return None, None
    text = _part_text(message, warnings)
    if message.get_content_type() == "text/html":
        return None, text
    return text, None


def mail_parts(message: Message, depth: int = 0) -> MailParts:
    """Headers and bodies of ``message``; follows attached messages from Amazon."""
    parts = MailParts()
    parts.subject = _header(message, "Subject", parts.warnings)
    parts.sender = _header(message, "From", parts.warnings)
    parts.sent_at = _date(
        _header(message, "Date", parts.warnings) or _header(message, "Sent", parts.warnings)
    )
    parts.message_id = _message_id(_header(message, "Message-ID", parts.warnings))
    parts.plain, parts.html = _bodies(message, parts.warnings)

    if depth >= _MAX_DEPTH and _attached_messages(message, _MAX_DEPTH):
        parts.too_deep = True
    attached = _attached_messages(message) if depth < _MAX_DEPTH else []
    if attached and not is_amazon_sender(parts.sender):
        chosen = next(
            (m for m in attached if is_amazon_sender(_header(m, "From", parts.warnings))),
            attached[0],
        )
        inner = mail_parts(chosen, depth + 1)
        if inner.plain or inner.html:
            inner.warnings = [*parts.warnings, "forwarded message unwrapped", *inner.warnings]
            return inner
        parts.too_deep = parts.too_deep or inner.too_deep
    return parts
