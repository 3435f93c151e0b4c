"""The demo case's suspension notice: an inauthentic-complaints deactivation, as Amazon words it,
forwarded as an .eml so the demo walks the same path as a seller's own upload."""

from __future__ import annotations

import random
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from django.utils import timezone

from reinstate.demo import catalogue
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.notices import services

# The seed ``reinstate.analysis.write_demo_data`` uses by default, so the notice names the
# product the demo exports incriminate.
DEMO_DATA_SEED = 7

DEMO_NOTICE_TEXT = """Hello,

We have deactivated your Amazon.com selling account and placed a hold on your funds because \
we received customer complaints about the authenticity of items in your inventory. \
We took this action because the items you listed may be inauthentic.

The following ASIN is impacted:
ASIN: {asin}

Why is this happening?
Customers expect to receive authentic items when they order from Amazon. Selling inauthentic \
items is prohibited.

How do I reactivate my account?
To reactivate your account, submit an appeal with the following information within 17 days:
-- Invoices, receipts, or letters of authorization from your supplier or manufacturer dated \
within the last 365 days that demonstrate the authenticity of the items.
-- A plan of action that explains the root cause of the complaints, the actions you have taken \
to resolve them, and the steps you have taken to prevent them in the future.

You can submit your appeal by going to Account Health in Seller Central and clicking \
"Reactivate your account".

If you do not submit an appeal within 17 days, your account will remain deactivated and \
funds will be held.

Sincerely,
Seller Performance Team
Amazon.com
"""


def demo_asin(seed: int = DEMO_DATA_SEED) -> str:
    """The product the demo seller data plants counterfeit complaints on (same seed)."""
    products = catalogue(random.Random(seed))  # noqa: S311 - demo data, not security
    return next(p.asin for p in products if p.role == "fake")


def demo_notice_bytes(sent_days_ago: int = 3) -> bytes:
    message = EmailMessage()
    message["From"] = "Amazon.com <seller-performance@amazon.com>"
    message["To"] = "amazon@brightway-home.example"
    message["Subject"] = "Your Amazon.com selling account has been deactivated"
    message["Date"] = format_datetime(timezone.now() - timedelta(days=sent_days_ago))
    message["Message-ID"] = "<demo-deactivation@amazon.com>"
    message.set_content(DEMO_NOTICE_TEXT.format(asin=demo_asin()))
    return message.as_bytes()


def attach(case: Case, user: User) -> None:
    """Put Amazon's notice on the demo case: its category, scope and deadline follow from it."""
    services.add_notice(case, demo_notice_bytes(), "amazon-deactivation.eml", actor=None)
