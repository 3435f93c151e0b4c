"""A large message (a forwarded thread with its history, a saved web page) is stored at once and
read on the job queue: the seller sees it being read, then the explanation; a message that turns
out unreadable stays on the case with one clear line and its original to download."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.notices import services
from reinstate_web.notices.models import Notice
from tests.web.test_notices import PASTED_ODR

# The notice, then a quoted history that makes the paste larger than what is read in the request.
LARGE = PASTED_ODR + ("\n> Earlier message in this thread, quoted by the mail program.\n" * 20_000)


def test_a_large_pasted_notice_opens_a_case_and_is_read_on_the_queue(
    owner_client: Client, account: SellerAccount
) -> None:
    assert services.is_large(LARGE.encode())
    response = owner_client.post(
        reverse("cases:new"), {"account": account.pk, "notice_text": LARGE}
    )
    assert response.status_code == 302
    case = Case.objects.get(account=account)
    notice = case.notices.get()
    # The test settings run jobs at once: by now the job has read it.
    assert notice.state == Notice.State.READY
    assert notice.category == "performance_odr"
    case.refresh_from_db()
    assert case.category == "performance_odr"
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "113-4827361-5520941" in page


def test_a_message_being_read_shows_as_such_and_the_panel_refreshes_itself(
    owner_client: Client, account: SellerAccount
) -> None:
    case = Case.objects.create(account=account, title="Large")
    notice = services.store_unread_notice(case, LARGE.encode(), "thread.txt", actor=None)
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "Reading Amazon" in page
    assert reverse("notices:panel", kwargs={"pk": case.pk}) in page  # polled while pending
    assert "No message from Amazon yet" not in page

    services.read_stored_notice(notice)
    panel = owner_client.get(reverse("notices:panel", kwargs={"pk": case.pk})).content.decode()
    assert "Reading Amazon" not in panel
    assert 'hx-trigger="every 2s"' not in panel  # polling stops once read
    assert "113-4827361-5520941" in panel


def test_an_unreadable_large_message_is_kept_with_one_clear_line(
    owner_client: Client, account: SellerAccount
) -> None:
    case = Case.objects.create(account=account, title="Binary")
    data = bytes(range(256)) * 5_000  # 1.28 MB of binary noise
    notice = services.store_unread_notice(case, data, "scan.bin", actor=None)
    services.read_stored_notice(notice)
    notice.refresh_from_db()
    assert notice.state == Notice.State.FAILED
    assert notice.problem
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "could not read this message" in page
    original = owner_client.get(
        reverse("notices:original", kwargs={"pk": case.pk, "notice_id": notice.pk})
    )
    assert b"".join(original.streaming_content) == data  # nothing lost
    case.refresh_from_db()
    assert case.category == ""


def test_the_panel_is_private_to_the_case_team(
    outsider_client: Client, account: SellerAccount
) -> None:
    case = Case.objects.create(account=account, title="Private")
    response = outsider_client.get(reverse("notices:panel", kwargs={"pk": case.pk}))
    assert response.status_code == 404


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_the_reading_card_speaks_the_sellers_language(
    owner_client: Client, account: SellerAccount, language: str
) -> None:
    case = Case.objects.create(account=account, title="Large")
    services.store_unread_notice(case, LARGE.encode(), "thread.txt", actor=None)
    owner_client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = owner_client.get(reverse("notices:panel", kwargs={"pk": case.pk})).content.decode()
    assert "Reading Amazon" not in page
    assert "This message is large" not in page
