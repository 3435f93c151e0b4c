"""A case with a record of every kind a bundle holds, built through the product's own services."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from reinstate.codes import SubmissionChannel
from reinstate.demo import write_demo_data
from reinstate.demo.documents import SELLER_ADDRESS, SELLER_NAME, InvoiceSpec, Item, invoice_pdf
from reinstate.workflow import Status
from reinstate_web.accounts.models import User
from reinstate_web.analysis import runner
from reinstate_web.analysis import services as analysis_services
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.cases import services as case_services
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from reinstate_web.evidence import services as evidence_services
from reinstate_web.evidence.models import EvidenceDocument, SellerIdentity
from reinstate_web.notices.services import add_notice
from reinstate_web.submissions import services as submission_services
from reinstate_web.submissions.models import Submission
from tests.web.drafting_helpers import compose, make_inauthentic
from tests.web.object_factories import NOTICE
from tests.web.submission_helpers import PDF, PNG
from tests.web.test_rounds import MORE_INFO


def with_notice(case: Case, owner: User) -> Case:
    add_notice(case, NOTICE, "notice.eml", actor=owner)
    return case


def with_data(case: Case, owner: User, where: Path, *, charts: bool = False) -> AnalysisRun:
    folder = where / "exports"
    write_demo_data(folder, orders=300, today=timezone.localdate(), seed=5)
    uploads = [
        File(p.open("rb"), name=p.name)
        for p in sorted(folder.iterdir())
        if not p.name.startswith("_")
    ][:3]
    try:
        analysis_services.add_files(case, uploads, actor=owner)
    finally:
        for upload in uploads:
            upload.close()
    run = AnalysisRun.objects.create(case=case, started_by=owner)
    run.files.set([f for f in DataFile.objects.filter(case=case) if f.usable])
    previous = runner.CHART_LANGS
    runner.CHART_LANGS = ("en",) if charts else ()  # type: ignore[assignment]
    try:
        runner.execute(run)
    finally:
        runner.CHART_LANGS = previous  # type: ignore[assignment]
    run.refresh_from_db()
    return run


def with_drafts(case: Case, client: Client) -> Case:
    make_inauthentic(case)
    compose(client, case)
    compose(client, case, units_removed="200")
    return case


def with_evidence(case: Case, owner: User) -> EvidenceDocument:
    """An invoice in the locker, read (its fields and page images), and the seller's legal
    name and address it is held against."""
    SellerIdentity.objects.get_or_create(
        account=case.account, defaults={"legal_name": SELLER_NAME, "address": SELLER_ADDRESS}
    )
    invoice = InvoiceSpec(
        issued=timezone.localdate(), items=(Item("Bamboo Cutting Board", "B0C7Q2ZK4M", 800),)
    )
    upload = File(io.BytesIO(invoice_pdf(invoice)), name="invoice May.pdf")
    added = evidence_services.add_document(
        case, upload, proves="invoices", asins=["B0C7Q2ZK4M"], actor=owner
    )
    assert added.document is not None
    document = evidence_services.read_stored(added.document)
    assert document.state == "done", document.error
    assert document.previews
    return document


def with_submission(case: Case, owner: User) -> Submission:
    """The latest letter recorded as submitted through Seller Central, with two files."""
    draft = Draft.objects.filter(case=case).order_by("-number").first()
    assert draft is not None
    return submission_services.record_submission(
        case,
        channel=SubmissionChannel.ACCOUNT_HEALTH_FORM,
        actor=owner,
        now=timezone.now(),
        draft=draft,
        uploads=[
            submission_services.Upload("invoice 2026.pdf", PDF),
            submission_services.Upload("label.png", PNG),
        ],
    )


def with_sent_copy(submission: Submission, raw: bytes) -> Submission:
    """The exact bytes of an e-mail kept with the submission (as the outbox keeps them)."""
    submission.raw_message.save("sent.eml", ContentFile(raw), save=True)
    return submission


def with_round(case: Case, owner: User, capture: Callable[..., Any]) -> Case:
    case.refresh_from_db()
    if case.status != Status.AWAITING_REPLY.value:
        for status in ("review", "submitted", "awaiting_reply"):
            case_services.change_status(case, Status(status), actor=owner)
    with capture(execute=True):
        add_notice(case, MORE_INFO, "reply.eml", actor=owner)
    return case


def full_case(
    case: Case, owner: User, client: Client, folder: Path, capture: Callable[..., Any]
) -> Case:
    with_notice(case, owner)
    with_data(case, owner, folder, charts=True)
    with_drafts(case, client)
    with_evidence(case, owner)
    with_sent_copy(with_submission(case, owner), b"Message-ID: <appeal@example.com>\r\n\r\nx")
    with_round(case, owner, capture)
    case.refresh_from_db()
    return case
