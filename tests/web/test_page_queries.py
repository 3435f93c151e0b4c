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
