"""The e-mail that carries an appeal: threaded to Amazon's notice, with the seller's files, and
read back by the standard library exactly as a receiving server would."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from reinstate.errors import InputError
from reinstate.submit import (
    Attachment,
    OutgoingMail,
    message_bytes,
    new_message_id,
    reply_subject,
    thread,
)
from reinstate.submit.mail import check_address, is_amazon_address

PDF = b"%PDF-1.4\n%test\n"


def _mail(**changes: object) -> OutgoingMail:
    values: dict[str, object] = {
        "sender": "amazon@brightway-home.example",
        "sender_name": "Brightway Home",
        "to": ("seller-performance@amazon.com",),
        "subject": reply_subject("Your Amazon.com selling account has been deactivated"),
        "body": "Root cause\nWe bought from an unauthorised wholesaler.\n中文不会发出。\n",
        "message_id": "<rs.abc123@brightway-home.example>",
        "date": datetime(2026, 5, 12, 9, 30, tzinfo=UTC),
        "in_reply_to": "<notice-1@amazon.com>",
        "references": ("<notice-1@amazon.com>",),
        "attachments": (Attachment("发票 2026.pdf", "application/pdf", PDF),),
    }
    values.update(changes)
    return OutgoingMail(**values)  # type: ignore[arg-type]


def _read(raw: bytes) -> EmailMessage:
    parsed = message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_it_threads_the_appeal_to_amazons_notice() -> None:
    parsed = _read(message_bytes(_mail()))
    assert parsed["In-Reply-To"] == "<notice-1@amazon.com>"
    assert parsed["References"] == "<notice-1@amazon.com>"
    assert parsed["Message-ID"] == "<rs.abc123@brightway-home.example>"
    assert parsed["Subject"] == "Re: Your Amazon.com selling account has been deactivated"
    assert parsed["From"].addresses[0].addr_spec == "amazon@brightway-home.example"
    assert parsed["To"] == "seller-performance@amazon.com"


def test_it_carries_the_letter_and_the_files_intact() -> None:
    parsed = _read(message_bytes(_mail()))
    body = parsed.get_body(("plain",))
    assert body is not None
    assert "We bought from an unauthorised wholesaler." in body.get_content()
    files = list(parsed.iter_attachments())
    assert [f.get_filename() for f in files] == ["发票 2026.pdf"]
    assert files[0].get_content() == PDF
    assert files[0].get_content_type() == "application/pdf"


def test_it_sends_crlf_lines_and_seven_bit_text() -> None:
    raw = message_bytes(_mail())
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(raw) < 128  # quoted-printable and base64: no reliance on 8BITMIME


def test_it_gives_the_same_bytes_for_the_same_mail() -> None:
    assert message_bytes(_mail()) == message_bytes(_mail())


def test_it_makes_a_new_message_id_at_the_senders_domain_each_time() -> None:
    ids = {new_message_id("amazon@brightway-home.example") for _ in range(200)}
    assert len(ids) == 200
    assert all(i.startswith("<rs.") and i.endswith("@brightway-home.example>") for i in ids)


def test_it_builds_the_references_chain_of_a_follow_up() -> None:
    parent, chain = thread("<appeal@brightway.example>", ("<notice-1@amazon.com>",))
    assert parent == "<appeal@brightway.example>"
    assert chain == ("<notice-1@amazon.com>", "<appeal@brightway.example>")
    assert thread(None) == (None, ())


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Your account", "Re: Your account"),
        ("RE: Your account", "Re: Your account"),
        ("Re: Re: AW: Your account", "Re: Your account"),
        ("回复：Your account", "Re: Your account"),
    ],
)
def test_it_says_re_once(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "seller-performance@amazon.com\r\nBcc: all@example.com",
        "Amazon <seller-performance@amazon.com>",
        "a@b",
        "two@amazon.com, three@amazon.com",
        "",
    ],
)
def test_it_refuses_anything_but_one_plain_address(bad: str) -> None:
    with pytest.raises(InputError):
        check_address(bad)


def test_it_refuses_a_line_break_in_a_header() -> None:
    with pytest.raises(InputError):
        message_bytes(_mail(subject="Re: x\r\nBcc: everyone@example.com"))
    with pytest.raises(InputError):
        message_bytes(_mail(in_reply_to="<a@b>\r\nX: y"))


@pytest.mark.parametrize(
    ("address", "amazon"),
    [
        ("seller-performance@amazon.com", True),
        ("notice-dispute@amazon.co.uk", True),
        ("payments-funds@amazon.co.jp", True),
        ("x@eu.amazon.de", True),
        ("x@amazon.com.evil.example", False),
        ("x@notamazon.com", False),
        ("x@amaz0n.com", False),
    ],
)
def test_it_knows_amazons_own_addresses(address: str, amazon: bool) -> None:
    assert is_amazon_address(address) is amazon
