"""Case titles are written when the page is shown, in the reader's language, with what tells one
case from another (the first ASIN and the notice's date); a title the seller typed stays."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from reinstate_web.accounts.models import User
from reinstate_web.cases import services
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.notices.services import add_notice

pytestmark = pytest.mark.django_db

NOTICE = """From: Amazon.com <seller-performance@amazon.com>
Subject: Your Amazon.com selling account has been deactivated
Date: {date} 09:12:00 +0800
Content-Type: text/plain; charset=utf-8

Hello,

We have deactivated your Amazon.com selling account because we received customer complaints
about the authenticity of items in your inventory. ASIN: {asin}

To reactivate your account, submit an appeal within 17 days with invoices dated within the
last 365 days and a plan of action, through Account Health in Seller Central.
"""


def _open(client: Client, account: SellerAccount, asin: str, date: str, title: str = "") -> Case:
    notice = NOTICE.format(asin=asin, date=date)
    before = set(Case.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("cases:new"), {"account": account.pk, "notice_text": notice, "title": title}
    )
    assert response.status_code == 302
    return Case.objects.exclude(pk__in=before).get()


def _dashboard(client: Client, language: str) -> str:
    return client.get(
        reverse("cases:dashboard"), headers={"accept-language": language}
    ).content.decode()


def test_it_titles_a_case_from_a_notice_in_the_readers_language(
    owner_client: Client, account: SellerAccount
) -> None:
    case = _open(owner_client, account, "B0C7Q2ZK4M", "Tue, 04 Mar 2025")
    assert not case.title_is_typed
    english = _dashboard(owner_client, "en")
    assert "Inauthentic (counterfeit) complaints · B0C7Q2ZK4M · 4 March 2025" in english
    chinese = _dashboard(owner_client, "zh-hans")
    title = re.search(r'<a href="/cases/\d+/">([^<]+)</a>', chinese)
    assert title is not None
    assert "B0C7Q2ZK4M" in title.group(1)
    assert "2025年3月4日" in title.group(1)
    assert "Inauthentic" not in title.group(1)
    assert "selling account has been deactivated" not in title.group(1)


def test_it_tells_apart_three_cases_of_the_same_policy(
    owner_client: Client, account: SellerAccount
) -> None:
    cases = [
        _open(owner_client, account, "B0C7Q2ZK4M", "Tue, 04 Mar 2025"),
        _open(owner_client, account, "B09RLT8V3D", "Tue, 04 Mar 2025"),
        _open(owner_client, account, "B09RLT8V3D", "Fri, 14 Mar 2025"),
    ]
    with translation.override("zh-hans"):
        titles = [c.display_title for c in cases]
    assert len(set(titles)) == 3, titles
    page = _dashboard(owner_client, "en")
    assert page.count("Inauthentic (counterfeit) complaints ·") == 3


def test_it_keeps_a_title_the_seller_typed(owner_client: Client, account: SellerAccount) -> None:
    case = _open(owner_client, account, "B0C7Q2ZK4M", "Tue, 04 Mar 2025", title="Hair dryer, March")
    assert case.title_is_typed
    assert "Hair dryer, March" in _dashboard(owner_client, "zh-hans")
    detail = owner_client.get(
        reverse("cases:detail", kwargs={"pk": case.pk}), headers={"accept-language": "zh-hans"}
    ).content.decode()
    assert "<h1>Hair dryer, March</h1>" in detail


def test_it_replaces_a_title_stored_by_earlier_versions(
    account: SellerAccount, owner: User
) -> None:
    notice = NOTICE.format(asin="B0C7Q2ZK4M", date="Tue, 04 Mar 2025").encode()
    stored_titles = (
        "Your Amazon.com selling account has been deactivated",  # the notice's subject
        "Amazon notice",
        "Inauthentic (counterfeit) complaints",  # the category, in the opener's language
        "真实性投诉（假货投诉）",
    )
    for stored in stored_titles:
        case = services.open_case(account, title=stored, actor=owner)
        add_notice(case, notice, "notice.eml", actor=owner)
        case.refresh_from_db()
        assert not case.title_is_typed
        with translation.override("en"):
            assert case.display_title.startswith("Inauthentic (counterfeit) complaints · B0C7")


def test_it_titles_a_case_of_unknown_policy_by_the_notice_date(
    account: SellerAccount, owner: User
) -> None:
    case = services.open_case(account, title="", actor=owner)
    add_notice(
        case,
        b"Subject: Hello\nDate: Tue, 04 Mar 2025 09:12:00 +0800\n\nPlease contact us.\n",
        "n.eml",
        actor=owner,
    )
    with translation.override("en"):
        assert case.display_title == "Amazon's notice · 4 March 2025"


def test_it_lists_many_cases_without_a_query_per_title(
    owner_client: Client, account: SellerAccount
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _open(owner_client, account, "B0C7Q2ZK40", "Tue, 04 Mar 2025")
    with CaptureQueriesContext(connection) as one:
        _dashboard(owner_client, "en")
    for n in range(1, 5):
        _open(owner_client, account, f"B0C7Q2ZK4{n}", "Tue, 04 Mar 2025")
    with CaptureQueriesContext(connection) as five:
        page = _dashboard(owner_client, "en")
    assert page.count("Inauthentic (counterfeit) complaints ·") == 5
    assert len(five.captured_queries) == len(one.captured_queries)
