"""The dashboard and the case page ask the database the same number of questions whether the
seller has 10 cases or 100 (no query per case): bench/load.py measures their speed at 10,000."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reinstate_web.accounts.models import User
from reinstate_web.cases import services
from reinstate_web.cases.models import Case, SellerAccount
from tests.web.object_factories import notice_id


def _open_cases(account: SellerAccount, owner: User, count: int) -> None:
    for number in range(count):
        case = services.open_case(account, title=f"Case {number}", actor=owner)
        services.add_deadline(case, due_at=timezone.now() + timedelta(days=number % 20 + 1))


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm: sessions, caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_dashboard_asks_as_much_for_100_cases_as_for_10(
    account: SellerAccount, owner: User, owner_client: Client
) -> None:
    _open_cases(account, owner, 10)
    ten = _queries(owner_client, reverse("cases:dashboard"))
    _open_cases(account, owner, 90)
    assert Case.objects.count() == 100
    assert _queries(owner_client, reverse("cases:dashboard")) == ten


def test_the_case_page_asks_as_much_beside_100_cases_as_beside_10(
    case: Case, owner: User, owner_client: Client
) -> None:
    notice_id(case, owner)
    url = reverse("cases:detail", kwargs={"pk": case.pk})
    _open_cases(case.account, owner, 9)
    ten = _queries(owner_client, url)
    _open_cases(case.account, owner, 90)
    assert Case.objects.count() == 100
    assert _queries(owner_client, url) == ten


def test_the_case_page_reads_the_users_role_once(
    case: Case, owner: User, owner_client: Client
) -> None:
    url = reverse("cases:detail", kwargs={"pk": case.pk})
    owner_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert owner_client.get(url).status_code == 200
    roles = [
        q["sql"]
        for q in queries.captured_queries
        if '"accounts_membership"."role"' in q["sql"] and "LIMIT 1" in q["sql"]
    ]
    assert len(roles) == 1, roles


def _invoice(case: Case, owner: User, quantity: int) -> None:
    """One more invoice in the locker, read (another file each time: a copy is refused)."""
    from datetime import date

    from django.core.files.base import ContentFile

    from reinstate.demo.documents import InvoiceSpec, Item, invoice_pdf
    from reinstate_web.evidence import services as evidence

    items = (Item("Board", "B0C7Q2ZK4M", quantity),)
    pdf = invoice_pdf(InvoiceSpec(issued=date(2026, 3, 2), items=items))
    outcome = evidence.add_document(
        case,
        ContentFile(pdf, name=f"invoice-{quantity}.pdf"),
        proves="invoices",
        asins=[],
        actor=owner,
    )
    assert outcome.document is not None
    evidence.read_stored(outcome.document)


def test_the_case_page_asks_as_much_with_many_files_events_and_versions(
    case: Case, owner: User, owner_client: Client
) -> None:
    from reinstate_web.cases.models import CaseEvent
    from reinstate_web.drafting.models import Draft
    from reinstate_web.evidence.models import EvidenceDocument
    from tests.web.object_factories import document_id
    from tests.web.submission_helpers import ready_letter, with_notice

    with_notice(case, owner)
    ready_letter(case, owner)
    document_id(case, owner)
    url = reverse("cases:detail", kwargs={"pk": case.pk})
    one = _queries(owner_client, url)
    for quantity in (6, 7, 8):
        _invoice(case, owner, quantity)
    latest = Draft.objects.filter(case=case).order_by("-number").first()
    assert latest is not None
    for number in range(latest.number + 1, latest.number + 4):
        latest.pk, latest.number = None, number
        latest.save(force_insert=True)
    for n in range(60):
        services.record(case, CaseEvent.Kind.NOTE, owner, text=f"Note {n}")
    assert EvidenceDocument.objects.filter(case=case).count() == 4
    assert Draft.objects.filter(case=case).count() >= 5
    assert _queries(owner_client, url) == one
