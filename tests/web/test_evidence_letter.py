"""The letter's evidence paragraph lists the files the locker sends (the documents that pass),
and the letter checker finds nothing to hold against their names."""

from __future__ import annotations

import io
from datetime import date

from django.test import Client
from django.urls import reverse

from reinstate.demo.documents import SELLER_ADDRESS, SELLER_NAME, InvoiceSpec, Item, invoice_pdf
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.drafting import services as drafting
from reinstate_web.evidence.models import SellerIdentity
from reinstate_web.notices.services import add_notice
from tests.web.object_factories import NOTICE

NAME = "01-invoice-dongguan-huaxin-electric.pdf"


def test_the_letter_lists_the_files_of_the_documents_that_pass(
    case: Case, owner: User, owner_client: Client
) -> None:
    add_notice(case, NOTICE, "notice.eml", actor=owner)
    case.refresh_from_db()
    SellerIdentity.objects.create(
        account=case.account, legal_name=SELLER_NAME, address=SELLER_ADDRESS
    )
    before = drafting.compose_draft(case, owner)
    assert NAME not in before.letter
    spec = InvoiceSpec(issued=date(2025, 1, 10), items=(Item("Bamboo board", "B0C7Q2ZK4M", 900),))
    document = io.BytesIO(invoice_pdf(spec))
    document.name = "invoice.pdf"
    owner_client.post(
        reverse("evidence:upload", kwargs={"pk": case.pk}),
        {"document": document, "proves": "invoices", "asins": ["B0C7Q2ZK4M"]},
    )
    draft = drafting.compose_draft(case, owner)
    line = next(line for line in draft.letter.splitlines() if NAME in line)
    assert line.startswith("1. ")
    start = draft.letter.index(line)
    end = start + len(line)
    near = [
        f["code"]
        for f in draft.check_report["findings"]
        if f.get("start") is not None and f["start"] < end and f["end"] > start
    ]
    assert near == []
