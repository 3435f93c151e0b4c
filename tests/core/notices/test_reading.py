"""Reading mail, HTML and text: forwarding, charsets, limits and bad input."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from reinstate.errors import InputError, TooLargeError
from reinstate.notices import read_message

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "notices"


def test_it_unwraps_a_gmail_forward_and_keeps_amazons_headers() -> None:
    msg = read_message((FIXTURES / "eml_forwarded_gmail.eml").read_bytes(), "x.eml")
    assert msg.source_format == "eml"
    assert msg.text.startswith("Hello,")
    assert "王经理" not in msg.text
    assert msg.sender is not None
    assert "seller-performance@amazon.com" in msg.sender
    assert "forwarded message unwrapped" in msg.warnings
    assert msg.html is not None
    assert "<script" not in msg.html


def test_it_finds_the_amazon_message_attached_as_message_rfc822() -> None:
    msg = read_message((FIXTURES / "eml_rfc822_attached.eml").read_bytes(), "x.eml")
    assert "verify your identity" in msg.text
    assert "See the attached notice" not in msg.text
    assert msg.sent_at is not None
    assert msg.sent_at.tzinfo is not None
    assert msg.sent_at.isoformat().startswith("2025-03-03T18:00")


def test_it_reads_a_qq_mail_quote_with_chinese_headers_in_gb2312() -> None:
    msg = read_message((FIXTURES / "eml_qq_quoted_gb2312.eml").read_bytes(), "x.eml")
    assert msg.subject == "Policy Warning"
    assert msg.sender is not None
    assert "amazon.co.uk" in msg.sender
    assert "请帮忙" not in msg.text
    assert "rights owner" in msg.text


def test_it_decodes_gbk_mislabelled_as_latin1() -> None:
    msg = read_message((FIXTURES / "eml_gbk_labelled_latin1.eml").read_bytes(), "x.eml")
    assert "真实性" in msg.text
    assert any("gb18030" in w for w in msg.warnings)


def test_it_decodes_shift_jis_with_microsoft_extensions_mislabelled_as_ascii() -> None:
    msg = read_message((FIXTURES / "eml_sjis_labelled_ascii.eml").read_bytes(), "x.eml")
    assert "コンディション" in msg.text
    assert "①" in msg.text
    assert msg.subject == "重要なお知らせ"


def test_it_decodes_iso_2022_jp() -> None:
    msg = read_message((FIXTURES / "eml_iso2022jp.eml").read_bytes(), "x.eml")
    assert "関連アカウント" in msg.text


def test_it_reads_utf16_text_with_a_byte_order_mark() -> None:
    msg = read_message((FIXTURES / "utf16_pricing.txt").read_bytes(), "notice.txt")
    assert msg.source_format == "text"
    assert "Fair Pricing" in msg.text
    assert "\x00" not in msg.text


def test_it_turns_hostile_html_into_text_and_sanitised_markup() -> None:
    msg = read_message((FIXTURES / "html_hostile_trademark.html").read_bytes(), "n.html")
    assert msg.source_format == "html"
    assert "trademark" in msg.text
    assert "B0C4H8KT2V" in msg.text
    assert "document.cookie" not in msg.text
    assert msg.html is not None
    lowered = msg.html.lower()
    for bad in ("<script", "onerror", "onload", "javascript:", "<iframe", "display:none"):
        assert bad not in lowered


def test_it_sniffs_html_and_mail_without_a_file_name() -> None:
    assert (
        read_message(
            b"<html><body><p>Your account was deactivated.</p></body></html>"
        ).source_format
        == "html"
    )
    mail = (
        b"From: a@amazon.com\nSubject: x\nDate: Mon, 3 Mar 2025 10:00:00 +0000\n\n"
        b"Your account was deactivated.\n"
    )
    assert read_message(mail).source_format == "eml"


def test_it_understands_a_pasted_outlook_header_block() -> None:
    pasted = (
        b"From: Amazon Seller Performance <seller-performance@amazon.com>\n"
        b"Sent: Monday, March 3, 2025 10:00 AM\n"
        b"To: shop@example.com\n"
        b"Subject: Policy warning\n\n"
        b"Hello, we removed some of your listings.\n"
    )
    msg = read_message(pasted)
    assert msg.subject == "Policy warning"
    assert msg.text.startswith("Hello")


def test_it_strips_reply_quoting() -> None:
    quoted = (
        b"> Hello,\n> Your Amazon seller account has been deactivated.\n> Please send invoices.\n"
    )
    assert read_message(quoted).text.startswith("Hello,")


def test_it_refuses_input_over_the_size_limit() -> None:
    with pytest.raises(TooLargeError):
        read_message(b"a" * 2001, max_bytes=2000)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\t ",
        b"%PDF-1.7\n...",
        b"\x89PNG\r\n\x1a\n....",
        b"PK\x03\x04zip",
        b"\x00\x01\x02\x03" * 50,
    ],
)
def test_it_refuses_empty_and_binary_input_with_one_clear_line(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        read_message(data)
    assert "\n" not in caught.value.message


def test_it_refuses_text_without_words() -> None:
    with pytest.raises(InputError):
        read_message(b"1234 5678 !!!! ---- ???? 0000 ////")


def test_it_keeps_the_original_bytes() -> None:
    message = EmailMessage()
    message["From"] = "seller-performance@amazon.com"
    message["Subject"] = "Notice"
    message.set_content("Your listings have been removed.")
    data = message.as_bytes()
    assert read_message(data).raw == data


def test_it_survives_broken_mime_and_headers() -> None:
    broken = (
        b"From: =?utf-8?B?not-base64?= <\r\nSubject: =?x-unknown?Q?=FF=FE?=\r\n"
        b"Date: yesterday\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n'
        b"--XX\r\nContent-Type: text/plain; charset=bogus-charset\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        b"WW91ciBBbWF6b24gc2VsbGVyIGFjY291bnQgaGFzIGJlZW4gZGVhY3RpdmF0ZWQu!!!\r\n"
    )
    msg = read_message(broken, "broken.eml")
    assert "deactivated" in msg.text
    assert msg.sent_at is None
