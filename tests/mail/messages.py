"""Real-looking mail for the mailbox tests: Amazon's notices and answers (the texts of
tests/fixtures/notices), other mail, and hostile mail."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

NOTICES = Path(__file__).resolve().parents[1] / "fixtures" / "notices"
AMAZON = "Amazon.com <seller-performance@amazon.com>"
ASIN = "B0C7Q2ZK4M"
_numbers = itertools.count(1)

ANSWERS = {
    "reinstated": "reply_reinstated_en.txt",
    "denied": "reply_denied_en.txt",
    "acknowledged": "reply_acknowledged_en.txt",
    "conditional": "reply_conditional_en.txt",  # "accepted. However ... remains deactivated"
    "more_info_de": "reply_more_info_de.txt",
}

NOTICE_TEXT = f"""Hello,

We have deactivated your Amazon.com selling account because we received customer complaints
about the authenticity of items in your inventory. ASIN: {ASIN}

To reactivate your account, submit an appeal within 17 days with invoices dated within the
last 365 days and a plan of action, through Account Health in Seller Central.
"""

MORE_INFO_TEXT = f"""Hello,

Thank you for your plan of action. We reviewed the information you provided, but it was not
enough to reinstate your account. Please provide the following:

-- Invoices from your supplier dated within the last 365 days for ASIN {ASIN}
-- The contact details of your supplier

Your account remains deactivated until then.
"""


def message_id() -> str:
    return make_msgid(idstring=f"t{next(_numbers)}", domain="amazon.com")


def mail(
    text: str,
    *,
    sender: str = AMAZON,
    subject: str = "Your Amazon.com selling account",
    in_reply_to: str = "",
    msgid: str | None = None,
    html: str | None = None,
    extra_headers: dict[str, str] | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "seller@example.cn"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = msgid or message_id()
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    for name, value in (extra_headers or {}).items():
        msg[name] = value
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg.as_bytes()


def answer(outcome: str, **kwargs: str) -> bytes:
    """Amazon's answer to an appeal: reinstated, denied, acknowledged, conditional,
    more_info (English, with the asks listed) or more_info_de."""
    text = MORE_INFO_TEXT if outcome == "more_info" else (NOTICES / ANSWERS[outcome]).read_text()
    kwargs.setdefault("subject", "RE: Your Amazon.com selling account")
    return mail(text, **kwargs)


def notice(**kwargs: str) -> bytes:
    return mail(NOTICE_TEXT, **kwargs)


def newsletter() -> bytes:
    return mail(
        "Our spring sale starts on Monday. Unsubscribe at any time.",
        sender="Shop News <news@shop.example>",
        subject="Spring sale",
    )


def order_confirmation() -> bytes:
    return mail(
        "Thank you for your order. Your order of 1 item will ship soon.",
        sender="Amazon.com <auto-confirm@amazon.com>",
        subject="Your Amazon.com order #111-1234567-1234567",
    )


def forged_amazon() -> bytes:
    return mail(
        (NOTICES / ANSWERS["reinstated"]).read_text(),
        extra_headers={
            "Authentication-Results": (
                "mx.example.cn; spf=fail smtp.mailfrom=amazon.com; "
                "dmarc=fail (p=REJECT sp=REJECT dis=REJECT) header.from=amazon.com"
            )
        },
    )
