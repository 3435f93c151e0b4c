"""Read one notice or reply from bytes: a .eml file, an HTML page, or pasted text.

Limits (documented for users and the web form): input larger than ``max_bytes`` (10 MB by
default) raises :class:`TooLargeError`; empty input, binary files (PDF, images, archives,
Office files) and text without readable words raise :class:`InputError` with one clear line.
Everything else is read best-effort, with what was guessed recorded in ``warnings``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from reinstate.errors import InputError, TooLargeError
from reinstate.notices.decoding import bom_codec, decode_bytes, looks_utf16_without_bom
from reinstate.notices.forwarded import amazon_part
from reinstate.notices.html import html_to_text, sanitise_html
from reinstate.notices.mime import mail_parts, parse_mail
from reinstate.notices.model import DEFAULT_MAX_BYTES, NoticeMessage

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "an old Office or Outlook .msg file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)
_MAIL_HEADERS = re.compile(
    r"^(?:received|from|to|subject|date|message-id|mime-version|return-path|delivered-to|"
    r"content-type|reply-to|x-[a-z0-9-]+|dkim-signature|arc-[a-z-]+|authentication-results|"
    r"sender|cc|sent|thread-topic|thread-index|importance)[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)
_HTML = re.compile(r"<(?:!doctype html|html|body|div|p|table|br|span|td|font)\b", re.IGNORECASE)
_EML_SUFFIXES = (".eml", ".mbox", ".mht", ".mhtml")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if bom_codec(data) or looks_utf16_without_bom(data):
        return None
    sample = data[:8192]
    if b"\x00" in sample:
        return "a binary file"
    controls = sum(1 for b in sample if b < 0x20 and b not in (9, 10, 12, 13, 27))
    if controls > 0.05 * len(sample):
        return "a binary file"
    return None


def _looks_like_mail(head: str) -> bool:
    first = head.lstrip("\ufeff\r\n\t ")[:4000]
    if not _MAIL_HEADERS.match(first):
        return False
    return len(_MAIL_HEADERS.findall(first)) >= 2


def _sniff(text_head: str, filename: str | None) -> str:
    name = (filename or "").lower()
    if name.endswith(_EML_SUFFIXES):
        return "eml"
    if name.endswith(_HTML_SUFFIXES):
        return "html"
    if _looks_like_mail(text_head):
        return "eml"
    if not name.endswith(".txt") and _HTML.search(text_head[:20000]):
        return "html"
    return "text"


def _clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = text.lstrip("\ufeff")
    return text.strip("\n")


# Whether a text is readable is judged on its start: a paste of megabytes is not walked
# character by character in Python.
_READABLE_SAMPLE = 200_000


def _check_readable(text: str) -> None:
    visible = [c for c in text[:_READABLE_SAMPLE] if not c.isspace()]
    if not visible:
        raise InputError("The message is empty: paste or upload the text of Amazon's notice.")
    letters = sum(1 for c in visible if c.isalpha())
    replaced = text[:_READABLE_SAMPLE].count("\ufffd")
    controls = sum(1 for c in visible if unicodedata.category(c) in ("Cc", "Co", "Cs"))
    if (
        letters < 3
        or letters < 0.3 * len(visible)
        or replaced > 0.1 * len(visible)
        or controls > 0.05 * len(visible)
    ):
        raise InputError(
            "No readable text found: this does not look like a notice from Amazon "
            "(upload the .eml, .html or .txt of the message, or paste its text)."
        )


def read_message(
    data: bytes, filename: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> NoticeMessage:
    """Read a notice or reply from ``data`` (the bytes of a file or a paste).

    >>> read_message(b"Your Amazon seller account has been deactivated.").source_format
    'text'
    """
    if not isinstance(data, (bytes, bytearray)):
        raise InputError("The notice must be given as bytes.")
    data = bytes(data)
    if len(data) > max_bytes:
        # Callers read at most max_bytes + 1: the size is "more than the limit", never the limit.
        raise TooLargeError(
            f"The message is larger than {max_bytes // 1024:,} KB, the most Reinstate reads. "
            "Upload only Amazon's message."
        )
    if not data.strip():
        raise InputError("The message is empty: paste or upload the text of Amazon's notice.")
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"This is {kind}, not a message: upload the .eml, .html or .txt.")

    warnings: list[str] = []
    subject: str | None = None
    sender: str | None = None
    sent_at: datetime | None = None
    message_id: str | None = None
    html: str | None = None
    head_text = data[:20000].decode("latin-1")
    if bom_codec(data) or looks_utf16_without_bom(data):
        head_text, _ = decode_bytes(data[:20000])
    source_format = _sniff(head_text, filename)

    if source_format == "eml":
        parts = mail_parts(parse_mail(data))
        if parts.too_deep and not (parts.plain or parts.html):
            raise InputError(
                "Amazon's message is forwarded inside more than 8 other messages; Reinstate "
                "does not read that deep. Forward or save Amazon's own message, or paste its text."
            )
        subject, sender, sent_at = parts.subject, parts.sender, parts.sent_at
        message_id = parts.message_id
        warnings.extend(parts.warnings)
        if parts.html:
            html = sanitise_html(parts.html)
            if html is None:
                warnings.append("markup nested too deep to display; its text is read")
        if parts.plain and parts.plain.strip():
            body = parts.plain
        elif parts.html:
            body = html_to_text(parts.html)
        else:
            body = ""
    else:
        decoded, notes = decode_bytes(data)
        warnings.extend(notes)
        if source_format == "html":
            html = sanitise_html(decoded)
            if html is None:
                warnings.append("markup nested too deep to display; its text is read")
            body = html_to_text(decoded)
        else:
            body = decoded

    body = _clean_text(body)
    unwrapped, block = amazon_part(body, sender)
    if block is not None:
        warnings.append("forwarded message unwrapped")
        subject = block.subject or subject
        sender = block.sender or sender
        sent_at = block.sent_at or sent_at
        message_id = None  # the mail's own identifier is the forward's, not Amazon's
    text = _clean_text(unwrapped)
    _check_readable(text)
    return NoticeMessage(
        text=text,
        html=html,
        subject=subject,
        sender=sender,
        sent_at=sent_at,
        raw=data,
        source_format=source_format,
        warnings=tuple(dict.fromkeys(warnings)),
        message_id=message_id,
    )
