"""This app's part of the demo case that ``make run`` loads: the appeal went to Amazon through
the Account Health form yesterday, with one supplier invoice, and the case waits for the answer
(the receipt check becomes appropriate tomorrow). Everything here is fictional."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from reinstate.codes import SubmissionChannel
from reinstate.errors import ReinstateError
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from reinstate_web.submissions import services

# Submitted this long ago: the 48-hour wait for the receipt check is still running.
SUBMITTED_HOURS_AGO = 20


def demo_invoice_pdf() -> bytes:
    """A one-page PDF standing for the new supplier's invoice (fictional)."""
    text = (
        b"BT /F1 14 Tf 72 740 Td "
        b"(Ningbo Homeline Appliances Co., Ltd. - Invoice NH-2026-0412) Tj ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def attach(case: Case, user: User) -> None:
    """Record the demo seller's appeal as submitted in Seller Central."""
    draft = Draft.objects.filter(case=case).order_by("-number").first()
    if draft is None:
        return  # no letter: never break `make run`
    try:
        services.record_submission(
            case,
            channel=SubmissionChannel.ACCOUNT_HEALTH_FORM,
            actor=user,
            now=timezone.now() - timedelta(hours=SUBMITTED_HOURS_AGO),
            draft=draft,
            uploads=[
                services.Upload("invoice-ningbo-homeline-NH-2026-0412.pdf", demo_invoice_pdf())
            ],
        )
    except ReinstateError:
        return
