"""The evidence locker of step 3: upload, reading on the job queue, the checklist ticking off,
findings in the reader's language, the page with what was read, the submission set."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reinstate.demo.documents import (
    SELLER_ADDRESS,
    SELLER_NAME,
    BillSpec,
    InvoiceSpec,
    Item,
    bill_pdf,
    invoice_pdf,
)
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.evidence.models import EvidenceDocument, SellerIdentity
from reinstate_web.notices.services import add_notice
from tests.web.conftest import client_for
from tests.web.object_factories import NOTICE

ASIN = "B0C7Q2ZK4M"
# The notice of the factories is dated 4 March 2025.
GOOD = InvoiceSpec(issued=date(2025, 1, 10), items=(Item("Bamboo Cutting Board", ASIN, 800),))
OLD = replace(GOOD, issued=date(2023, 11, 2), number="HX-2023-1102")


@pytest.fixture
def noticed(case: Case, owner: User) -> Case:
    add_notice(case, NOTICE, "notice.eml", actor=owner)
    SellerIdentity.objects.create(
        account=case.account, legal_name=SELLER_NAME, address=SELLER_ADDRESS
    )
    case.refresh_from_db()
    return case


def upload(client: Client, case: Case, data: bytes, name: str, proves: str = "invoices",
           asins: tuple[str, ...] = (ASIN,)) -> object:  # fmt: skip
    document = io.BytesIO(data)
    document.name = name
    return client.post(
        reverse("evidence:upload", kwargs={"pk": case.pk}),
        {"document": document, "proves": proves, "asins": list(asins)},
        HTTP_HX_REQUEST="true",
    )


def test_an_invoice_that_passes_ticks_off_the_checklist(
    noticed: Case, owner_client: Client
) -> None:
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": noticed.pk})).content.decode()
    assert "evidence-panel" in page
    assert "Still needed" in page
    response = upload(owner_client, noticed, invoice_pdf(GOOD), "invoice-2025.pdf")
    assert response.status_code == 200  # type: ignore[attr-defined]
    document = EvidenceDocument.objects.get(case=noticed)
    assert document.state == EvidenceDocument.State.DONE  # the job queue runs at once in tests
    assert document.reading["kind"] == "invoice"
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "state-passed" in html
    assert "01-invoice-dongguan-huaxin-electric.pdf" in html


def test_a_failing_invoice_says_the_rule_the_finding_and_the_fix(
    noticed: Case, owner_client: Client
) -> None:
    response = upload(owner_client, noticed, invoice_pdf(OLD), "invoice-2023.pdf")
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "Invoices must be issued within 365 days before the notice." in html
    assert "Issued 2 November 2023, before 4 March 2024." in html
    assert "Send invoices issued from 4 March 2024 on" in html
    assert "state-failed" in html


def test_findings_are_in_the_readers_language(noticed: Case, owner_client: Client) -> None:
    upload(owner_client, noticed, invoice_pdf(OLD), "invoice-2023.pdf")
    owner_client.cookies["django_language"] = "zh-hans"
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": noticed.pk})).content.decode()
    assert "发票必须在通知前 365 天内开具。" in page


def test_a_bill_in_another_name_fails(noticed: Case, owner_client: Client) -> None:
    from reinstate.demo.documents import Company

    bill = BillSpec(issued=timezone.localdate() - timedelta(days=10), holder=Company(
        "Li Wei", SELLER_ADDRESS))  # fmt: skip
    html = upload(owner_client, noticed, bill_pdf(bill), "bill.pdf", "utility_bill", ())
    assert "The document names Li Wei" in html.content.decode()  # type: ignore[attr-defined]


def test_a_document_over_the_limit_is_refused_while_it_streams(
    noticed: Case, owner_client: Client, settings: object
) -> None:
    settings.EVIDENCE_MAX_BYTES = 4096  # type: ignore[attr-defined]
    response = upload(owner_client, noticed, invoice_pdf(GOOD), "big.pdf")
    assert "larger than" in response.content.decode()  # type: ignore[attr-defined]
    assert not EvidenceDocument.objects.exists()


def test_the_original_is_kept_unchanged_with_its_hash(noticed: Case, owner_client: Client) -> None:
    data = invoice_pdf(GOOD)
    upload(owner_client, noticed, data, "invoice.pdf")
    document = EvidenceDocument.objects.get()
    import hashlib

    assert document.sha256 == hashlib.sha256(data).hexdigest()
    url = reverse("evidence:original", kwargs={"case_pk": noticed.pk, "document_id": document.pk})
    response = owner_client.get(url)
    assert b"".join(response.streaming_content) == data  # type: ignore[attr-defined]
    upload(owner_client, noticed, data, "again.pdf")
    assert EvidenceDocument.objects.count() == 1


def test_the_document_page_shows_what_was_read_on_the_page_image(
    noticed: Case, owner_client: Client
) -> None:
    upload(owner_client, noticed, invoice_pdf(GOOD), "invoice.pdf")
    document = EvidenceDocument.objects.get()
    kwargs = {"case_pk": noticed.pk, "document_id": document.pk}
    html = owner_client.get(reverse("evidence:document", kwargs=kwargs)).content.decode()
    assert "<svg" in html
    assert 'class="evidence-box field"' in html
    assert "Issue date" in html
    image = owner_client.get(reverse("evidence:page", kwargs={**kwargs, "page": 1}))
    assert image["Content-Type"] == "image/png"
    missing = owner_client.get(reverse("evidence:page", kwargs={**kwargs, "page": 9}))
    assert missing.status_code == 404


def test_the_submission_set_holds_the_passing_documents_and_highlighted_copies(
    noticed: Case, owner_client: Client
) -> None:
    upload(owner_client, noticed, invoice_pdf(GOOD), "invoice.pdf")
    upload(owner_client, noticed, invoice_pdf(OLD), "invoice-old.pdf")
    response = owner_client.get(reverse("evidence:submission", kwargs={"pk": noticed.pk}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert archive.namelist() == [
        "01-invoice-dongguan-huaxin-electric.pdf",
        "01-invoice-dongguan-huaxin-electric-highlighted-p1.png",
    ]
    assert archive.read("01-invoice-dongguan-huaxin-electric.pdf") == invoice_pdf(GOOD)[:0] + (
        EvidenceDocument.objects.get(original_name="invoice.pdf").file.read()
    )


def test_a_viewer_cannot_upload(noticed: Case, viewer: User) -> None:
    response = upload(client_for(viewer), noticed, invoice_pdf(GOOD), "invoice.pdf")
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert not EvidenceDocument.objects.exists()


def test_the_account_name_and_address_are_saved(noticed: Case, owner_client: Client) -> None:
    response = owner_client.post(
        reverse("evidence:identity", kwargs={"pk": noticed.pk}),
        {"identity-legal_name": "Brightway Ltd", "identity-address": "1 Road"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert SellerIdentity.objects.get(account=noticed.account).legal_name == "Brightway Ltd"


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("bomb.pdf", "pdf_bomb", "it needs too much memory to open"),
        ("password.pdf", "encrypted", "The PDF asks for a password before it opens."),
        ("cut.pdf", "truncated", "the file is damaged or cut short"),
        ("pixel.png", "one_pixel", "the image is a few pixels only"),
        ("pixels.png", "png_bomb", "the image claims billions of pixels"),
    ],
)
def test_a_hostile_upload_is_kept_and_explained_in_one_line(
    noticed: Case, owner_client: Client, name: str, make: str, words: str
) -> None:
    import time

    from tests.core.evidence import hostile

    data = getattr(hostile, make)()
    started = time.monotonic()
    response = upload(owner_client, noticed, data, name)
    assert time.monotonic() - started < 60
    assert response.status_code == 200  # type: ignore[attr-defined]
    document = EvidenceDocument.objects.get()
    assert document.state == EvidenceDocument.State.DONE
    assert words in response.content.decode()  # type: ignore[attr-defined]
