"""The dashboard's cards stay small and fast for a team with thousands of appeals out and
hundreds of mailboxes: "Waiting for Amazon" lists the sending problems first, then the appeals
waiting longest, at most ten, and counts the rest (bench/dashboard.py measured 40 s for one
dashboard at 10,000 cases when it read every waiting case); the mailbox card names the
mailboxes that need someone first and counts the others, and the accounts not watched yet."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from reinstate.codes import SubmissionKind, SubmissionMethod, SubmissionState
from reinstate.workflow import Status
from reinstate_web.accounts.models import User
from reinstate_web.cases import services
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.mailbox.models import MailboxConnection
from reinstate_web.mailbox.panels import MAILBOXES_SHOWN
from reinstate_web.submissions.models import Submission
from reinstate_web.submissions.panels import WAITING_SHOWN

pytestmark = pytest.mark.django_db


def _appeals_out(
    account: SellerAccount, owner: User, count: int, *, first_day: int = 1
) -> list[Case]:
    """``count`` cases whose appeal was pasted in Seller Central ``first_day``,
    ``first_day + 1``... days ago (the rows the submission step leaves)."""
    made = []
    for n in range(count):
        submitted = timezone.now() - timedelta(days=first_day + n, hours=1)
        case = services.open_case(account, title=f"Appeal {first_day + n} days out", actor=owner)
        Case.objects.filter(pk=case.pk).update(
            status=Status.AWAITING_REPLY.value, submitted_at=submitted
        )
        Submission.objects.create(
            case=case,
            kind=SubmissionKind.APPEAL.value,
            channel="account_health_form",
            method=SubmissionMethod.COPY.value,
            state=SubmissionState.RECORDED.value,
            text="Plan of action",
            sha256="0" * 64,
            folder=f"appeal-{case.pk}",
            submitted_at=submitted,
        )
        made.append(case)
    return made


def _card(client: Client, name: str = "waiting-for-amazon") -> str:
    page = client.get(reverse("cases:dashboard")).content.decode()
    found = re.search(rf'<section class="card {name}".*?</section>', page, re.S)
    assert found, f"no {name} card"
    return found.group(0)


def _queries(client: Client) -> int:
    client.get(reverse("cases:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:dashboard")).status_code == 200
    return len(queries.captured_queries)


def test_a_few_appeals_are_all_listed(
    account: SellerAccount, owner: User, owner_client: Client
) -> None:
    _appeals_out(account, owner, 3)
    card = _card(owner_client)
    for days in (1, 2, 3):
        assert f"Appeal {days} days out" in card
    assert "more case" not in card


def test_many_appeals_show_the_longest_waiting_and_count_the_rest(
    account: SellerAccount, owner: User, owner_client: Client
) -> None:
    _appeals_out(account, owner, WAITING_SHOWN + 4)
    card = _card(owner_client)
    assert card.count("<li>") == WAITING_SHOWN
    # The longest waiting are shown (14 days down to 5), the four most recent are counted.
    for days in range(5, WAITING_SHOWN + 5):
        assert f"Appeal {days} days out" in card
    for days in range(1, 5):
        assert f"Appeal {days} days out<" not in card
    assert "4 more cases are waiting for Amazon's answer" in card


def _many_waiting_and_a_failed_e_mail(account: SellerAccount, owner: User) -> Case:
    """Twelve appeals out 10 to 21 days, then one sent a day ago whose e-mail failed."""
    _appeals_out(account, owner, WAITING_SHOWN + 2, first_day=10)
    (recent,) = _appeals_out(account, owner, 1, first_day=1)
    Submission.objects.filter(case=recent).update(
        method=SubmissionMethod.EMAIL.value, state=SubmissionState.FAILED.value
    )
    return recent


def test_a_failed_e_mail_comes_first_among_many_waiting(
    account: SellerAccount, owner: User, owner_client: Client
) -> None:
    _many_waiting_and_a_failed_e_mail(account, owner)
    card = _card(owner_client)
    assert card.index("Appeal 1 days out") < card.index("Appeal 21 days out")
    assert 'class="tag bad"' in card


def test_the_count_of_the_others_waiting_includes_a_failed_e_mail_that_waits_too(
    account: SellerAccount, owner: User, owner_client: Client
) -> None:
    # The failed one is listed first and waits for Amazon as well: 13 waiting, 11 shown.
    recent = _many_waiting_and_a_failed_e_mail(account, owner)
    assert "2 more cases are waiting for Amazon's answer" in _card(owner_client)
    # Taken back to review, it is still listed (its e-mail failed) but no longer waits.
    Case.objects.filter(pk=recent.pk).update(status=Status.REVIEW.value)
    assert "2 more cases are waiting for Amazon's answer" in _card(owner_client)
    Case.objects.filter(pk=recent.pk).update(status=Status.AWAITING_REPLY.value)
    Submission.objects.filter(case=recent).update(state=SubmissionState.RECORDED.value)
    # Recorded again, it is the most recent of 13 appeals waiting: 10 shown, 3 counted.
    assert "3 more cases are waiting for Amazon's answer" in _card(owner_client)


def test_the_card_asks_as_much_for_24_appeals_as_for_12(
    account: SellerAccount, owner: User, owner_client: Client
) -> None:
    _appeals_out(account, owner, 12)
    twelve = _queries(owner_client)
    _appeals_out(account, owner, 12, first_day=20)
    assert Submission.objects.count() == 24
    assert _queries(owner_client) == twelve


def test_the_card_is_in_chinese_for_a_chinese_seller(
    account: SellerAccount, owner: User, owner_client: Client
) -> None:
    owner_client.cookies["django_language"] = "zh-hans"
    _appeals_out(account, owner, WAITING_SHOWN + 1)
    card = _card(owner_client)
    assert "另有 1 个案件在等待亚马逊的答复" in card


def _accounts(owner: User, account: SellerAccount, count: int) -> list[SellerAccount]:
    return [
        SellerAccount.objects.create(
            organisation=account.organisation, store_name=f"Store {n:02d}", marketplaces=["US"]
        )
        for n in range(count)
    ]


def test_the_mailbox_card_names_the_broken_mailbox_first_and_counts_the_working_ones(
    account: SellerAccount, owner: User, owner_client: Client
) -> None:
    stores = _accounts(owner, account, MAILBOXES_SHOWN + 5)
    for n, store in enumerate(stores):
        MailboxConnection.objects.create(
            account=store,
            provider="other",
            host="imap.example.com",
            username=f"amazon{n:02d}@store.example",
            last_success_at=timezone.now(),
        )
    MailboxConnection.objects.filter(username="amazon14@store.example").update(
        last_error_code="auth_failed", last_error_at=timezone.now() + timedelta(minutes=1)
    )
    card = _card(owner_client, "mailbox-dashboard")
    assert card.count('class="mailbox-status"') == MAILBOXES_SHOWN
    assert card.index("amazon14@store.example") < card.index("amazon00@store.example")
    assert "Not working" in card
    assert "5 more mailboxes are watched and working." in card
    # The one account left without a mailbox (the fixture's) is named, with no count.
    assert account.store_name in card
    assert "more seller account" not in card


def test_the_mailbox_card_names_ten_accounts_not_watched_and_counts_the_rest(
    account: SellerAccount, owner: User, owner_client: Client
) -> None:
    _accounts(owner, account, MAILBOXES_SHOWN + 2)
    card = _card(owner_client, "mailbox-dashboard")
    assert card.count("/mailbox/") == MAILBOXES_SHOWN
    assert "Store 00" in card
    assert "and 3 more seller accounts." in card
    owner_client.cookies["django_language"] = "zh-hant"
    assert "以及另外 3 個賣家帳戶" in _card(owner_client, "mailbox-dashboard")


def test_the_dashboard_asks_as_much_for_24_mailboxes_as_for_12(
    account: SellerAccount, owner: User, owner_client: Client
) -> None:
    for count, start in ((12, 0), (12, 12)):
        for n, store in enumerate(_accounts(owner, account, count)):
            MailboxConnection.objects.create(
                account=store, provider="other", host="imap.example.com", username=f"m{start + n}"
            )
        if start == 0:
            twelve = _queries(owner_client)
    assert _queries(owner_client) == twelve


def _card_reads(client: Client) -> dict[str, int]:
    client.get(reverse("cases:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("cases:dashboard"))
    sql = [q["sql"] for q in queries.captured_queries]
    return {
        table: sum(f'FROM "{table}"' in s for s in sql)
        for table in (
            "submissions_submission",
            "notices_notice",
            "submissions_followuppolicy",
            "cases_caseevent",
        )
    }


def test_the_card_reads_the_shown_cases_submissions_and_messages_at_once(
    account: SellerAccount, owner: User, owner_client: Client
) -> None:
    _appeals_out(account, owner, 2)
    two = _card_reads(owner_client)
    _appeals_out(account, owner, 6, first_day=3)
    # Eight rows shown now, read with as many queries as two (not one or more per case): the
    # cases' submissions, messages, follow-up waits and answer statuses.
    assert _card_reads(owner_client) == two


# Django's Chinese formats group digits without a separator (THOUSAND_SEPARATOR is empty), the
# way Chinese text writes numbers; English groups by thousands with commas.
@pytest.mark.parametrize(
    ("language", "waiting_more", "mailboxes_more", "accounts_more"),
    [
        ("en", "2,302 more cases", "1,500 more mailboxes", "12,345 more seller accounts"),
        ("zh-hans", "另有 2302 个案件", "另有 1500 个邮箱", "另外 12345 个卖家账户"),
    ],
)
def test_the_cards_count_thousands_as_the_language_writes_them(
    language: str, waiting_more: str, mailboxes_more: str, accounts_more: str
) -> None:
    """A team's counts run into the thousands: "2,302 more" in English, never "2302 more"."""
    row = SimpleNamespace(
        case=SimpleNamespace(pk=1, display_title="Appeal"),
        appeal=None,
        attention=[],
        is_due=False,
        due_at=None,
    )
    with translation.override(language):
        waiting = render_to_string(
            "submissions/_dashboard.html",
            {"submissions_waiting": [row], "submissions_waiting_more": 2302},
        )
        mailboxes = render_to_string(
            "mailbox/_dashboard.html",
            {
                "mailbox_connections": [],
                "mailbox_connections_more": 1500,
                "mailbox_unwatched": [SimpleNamespace(pk=1, store_name="Shop")],
                "mailbox_unwatched_more": 12345,
            },
        )
    assert waiting_more in waiting
    assert mailboxes_more in mailboxes
    assert accounts_more in mailboxes
