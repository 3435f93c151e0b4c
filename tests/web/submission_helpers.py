"""Shared pieces of the submission tests: a case with a letter ready to send, Amazon's notice
(and replies) as .eml with their Message-IDs, the seller's documents, a clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from django.utils import timezone

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.drafting import demo as drafting_demo
from reinstate_web.drafting.models import Draft
from reinstate_web.notices.models import Notice
from reinstate_web.notices.services import add_notice
from reinstate_web.submissions.models import SmtpSettings

NOTICE_ID = "<0100019a.notice-1@email.amazon.com>"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)

NOTICE_TEXT = """Hello,

We have deactivated your Amazon.com selling account because we received customer complaints \
about the authenticity of items in your inventory.

ASIN: B0C7XK2M4Q

How do I reactivate my account?
To reactivate your account, reply to this email within 17 days with invoices dated within the \
last 365 days and a plan of action.

Seller Performance Team
"""

REPLIES = {
    "acknowledged": "Hello, We have received your appeal and will review it. We will reply "
    "to you by email. Seller Performance",
    "more_info": "Hello, Thank you for your appeal. We reviewed the information you provided "
    "and need more information before we can reinstate your account. Please provide invoices "
    "from your supplier covering the last 365 days. Seller Performance",
    "reinstated": "Hello, We have reviewed your appeal and reinstated your selling privileges. "
    "Your listings will be active again. Seller Performance",
}


def notice_eml(
    *,
    message_id: str = NOTICE_ID,
    subject: str = "Your Amazon.com selling account has been deactivated",
    text: str = NOTICE_TEXT,
    sent: datetime | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = "Amazon.com <seller-performance@amazon.com>"
    message["To"] = "amazon@brightway-home.example"
    message["Subject"] = subject
    message["Date"] = format_datetime(sent or timezone.now() - timedelta(days=2))
    message["Message-ID"] = message_id
    message.set_content(text)
    return message.as_bytes()


def with_notice(case: Case, user: User) -> Notice:
    return add_notice(case, notice_eml(), "notice.eml", actor=user)


def ready_letter(case: Case, user: User) -> Draft:
    """The demo seller's answers and confirmed actions: a letter the check calls ready."""
    case.category = "inauthentic"
    case.save(update_fields=["category"])
    drafting_demo.attach(case, user)
    draft = Draft.objects.filter(case=case).order_by("-number").first()
    assert draft is not None
    assert draft.verdict == "ready", draft.check_report
    return draft


def add_reply(case: Case, outcome: str, *, sent: datetime | None = None) -> Notice:
    eml = notice_eml(
        message_id=f"<reply-{outcome}-{timezone.now().timestamp()}@email.amazon.com>",
        subject="RE: Your Amazon.com selling account",
        text=REPLIES[outcome],
        sent=sent or timezone.now(),
    )
    notice = add_notice(case, eml, "reply.eml", actor=None)
    assert notice.kind == "reply", notice.diagnosis
    return notice


def smtp_settings(case: Case, host: str, port: int, *, security: str = "none") -> SmtpSettings:
    from tests.mail.smtp_sink import PASSWORD, USER

    account = case.account
    account.registered_email = USER
    account.save(update_fields=["registered_email"])
    smtp = SmtpSettings(account=account, host=host, port=port, security=security, username=USER)
    smtp.set_password(PASSWORD)
    smtp.save()
    return smtp
