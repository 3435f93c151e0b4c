"""The follow-up through the API: where the rule stands, the one receipt check after the wait
(recorded, or e-mailed in the appeal's own thread to a real SMTP server through the job queue),
and the refusals with their codes: too early, already sent, on its way, Amazon answered. Never
a second appeal."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from reinstate.codes import SubmissionChannel
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from reinstate_web.submissions import follow_ups, services
from reinstate_web.submissions.models import Submission
from tests.mail.smtp_sink import Sink
from tests.web.api_helpers import api_client
from tests.web.submission_helpers import (
    NOTICE_ID,
    add_reply,
    ready_letter,
    smtp_settings,
    with_notice,
)

AMAZON = "seller-performance@amazon.com"


@pytest.fixture(autouse=True)
def _fresh_rate_window() -> None:
    cache.clear()


@pytest.fixture
def letter(case: Case, owner: User) -> Draft:
    with_notice(case, owner)
    return ready_letter(case, owner)


@pytest.fixture
def client(owner: User) -> Client:
    return api_client(owner)


def _appeal(case: Case, owner: User, letter: Draft) -> Submission:
    """An appeal pasted into Account Health ten minutes ago."""
    return services.record_submission(
        case,
        channel=SubmissionChannel.ACCOUNT_HEALTH_FORM,
        actor=owner,
        now=timezone.now() - timedelta(minutes=10),
        draft=letter,
    )


def _waited(appeal: Submission, hours: int = 49) -> None:
    Submission.objects.filter(pk=appeal.pk).update(
        submitted_at=timezone.now() - timedelta(hours=hours)
    )


def _follow_up(client: Client, case: Case, how: str) -> object:
    return client.post(
        f"/api/cases/{case.pk}/follow-up", {"how": how}, content_type="application/json"
    )


def _refused(response: object, code: str) -> None:
    assert response.status_code == 409, response.content  # type: ignore[attr-defined]
    assert response.json()["error"]["code"] == code  # type: ignore[attr-defined]


def test_it_says_there_is_nothing_to_follow_up_before_an_appeal(case: Case, client: Client) -> None:
    state = client.get(f"/api/cases/{case.pk}/follow-up").json()
    assert (state["appeal_id"], state["allowed"], state["refusal"]) == (
        None,
        False,
        "nothing_to_follow_up",
    )
    _refused(_follow_up(client, case, "record"), "nothing_to_follow_up")


def test_it_refuses_a_follow_up_before_the_wait_and_says_when(
    case: Case, owner: User, letter: Draft, client: Client
) -> None:
    appeal = _appeal(case, owner, letter)
    state = client.get(f"/api/cases/{case.pk}/follow-up").json()
    assert state["appeal_id"] == appeal.pk
    assert (state["allowed"], state["refusal"], state["kind"]) == (
        False,
        "follow_up_not_due",
        "receipt_check",
    )
    assert appeal.submitted_at is not None
    assert state["due_at"].startswith(
        (appeal.submitted_at + timedelta(hours=48)).date().isoformat()
    )
    assert state["by_email"] is False
    assert "confirm that the appeal was received" in state["text"]
    _refused(_follow_up(client, case, "record"), "follow_up_not_due")
    assert Submission.objects.filter(case=case).count() == 1


def test_it_records_one_receipt_check_after_the_wait_and_refuses_a_second(
    case: Case, owner: User, letter: Draft, client: Client
) -> None:
    appeal = _appeal(case, owner, letter)
    _waited(appeal)
    assert client.get(f"/api/cases/{case.pk}/follow-up").json()["allowed"] is True
    response = _follow_up(client, case, "record")
    assert response.status_code == 201, response.content  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    check = Submission.objects.get(pk=body["id"])
    assert (body["kind"], body["channel"], body["state"]) == (
        "receipt_check",
        "view_appeal",  # the appeal's page in Seller Central, never a new appeal
        "recorded",
    )
    assert check.parent_id == appeal.pk
    case.refresh_from_db()
    assert case.status == "follow_up"
    _refused(_follow_up(client, case, "record"), "follow_up_sent")
    state = client.get(f"/api/cases/{case.pk}/follow-up").json()
    assert (state["refusal"], state["kind"], state["sent"]) == ("follow_up_sent", "reminder", 1)
    kinds = list(Submission.objects.filter(case=case).values_list("kind", flat=True))
    assert sorted(kinds) == ["appeal", "receipt_check"]
    listed = client.get(f"/api/cases/{case.pk}/submissions").json()["items"]
    assert [i["kind"] for i in listed] == ["receipt_check", "appeal"]


def test_it_refuses_a_follow_up_once_amazon_answered(
    case: Case, owner: User, letter: Draft, client: Client
) -> None:
    appeal = _appeal(case, owner, letter)
    _waited(appeal)
    add_reply(case, "acknowledged")
    assert client.get(f"/api/cases/{case.pk}/follow-up").json()["refusal"] == "answered"
    _refused(_follow_up(client, case, "record"), "answered")
    _refused(_follow_up(client, case, "email"), "answered")
    assert Submission.objects.filter(case=case).count() == 1


def test_an_appeal_made_in_seller_central_is_followed_up_there(
    case: Case, owner: User, letter: Draft, client: Client
) -> None:
    _waited(_appeal(case, owner, letter))
    _refused(_follow_up(client, case, "email"), "not_email")
    assert Submission.objects.filter(case=case).count() == 1


def test_it_emails_the_receipt_check_in_the_appeals_thread_once(
    case: Case, letter: Draft, client: Client, smtp_sink: Sink
) -> None:
    smtp_settings(case, smtp_sink.host, smtp_sink.port)
    sent = client.post(
        f"/api/cases/{case.pk}/submissions/email",
        {"channel": "reply_to_notice", "draft": letter.number, "to": AMAZON},
    )
    assert sent.status_code == 202, sent.content
    appeal = Submission.objects.get(pk=sent.json()["id"])
    _refused(_follow_up(client, case, "email"), "follow_up_not_due")
    _waited(appeal)
    state = client.get(f"/api/cases/{case.pk}/follow-up").json()
    assert (state["allowed"], state["by_email"], state["to"]) == (True, True, AMAZON)

    response = _follow_up(client, case, "email")
    assert response.status_code == 202, response.content  # type: ignore[attr-defined]
    first, second = smtp_sink.wait_for(2)
    check = second.message
    assert second.rcpt_tos == [AMAZON]
    assert check["In-Reply-To"] == appeal.message_id
    assert check["References"] == f"{NOTICE_ID} {appeal.message_id}"
    assert check["Subject"] == first.message["Subject"]  # the same thread
    body = check.get_body(("plain",))
    assert body is not None
    assert "confirm that the appeal was received" in body.get_content()
    kept = Submission.objects.get(kind="receipt_check")
    assert response.json()["id"] == kept.pk  # type: ignore[attr-defined]
    assert (kept.state, kept.parent_id, kept.message_id) == ("sent", appeal.pk, check["Message-ID"])
    # Asked again: refused, and nothing more reaches the mail server.
    _refused(_follow_up(client, case, "email"), "follow_up_sent")
    assert len(smtp_sink.received()) == 2
    assert Submission.objects.filter(case=case, kind="appeal").count() == 1


def test_it_refuses_a_second_follow_up_while_one_is_on_its_way(
    case: Case, owner: User, letter: Draft, client: Client, smtp_sink: Sink
) -> None:
    smtp_settings(case, smtp_sink.host, smtp_sink.port)
    sent = client.post(
        f"/api/cases/{case.pk}/submissions/email",
        {"channel": "reply_to_notice", "draft": letter.number, "to": AMAZON},
    )
    _waited(Submission.objects.get(pk=sent.json()["id"]))
    # Queued, not yet handed to the sending job (as when the workers are busy).
    services.send_follow_up(case, how="email", actor=owner, now=timezone.now())
    _refused(_follow_up(client, case, "email"), "follow_up_in_flight")
    _refused(_follow_up(client, case, "record"), "follow_up_in_flight")
    assert Submission.objects.filter(case=case, kind="receipt_check").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="threads writing at once need a server database"
)
def test_two_follow_ups_at_once_send_one(
    case: Case, owner: User, letter: Draft, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two requests racing (a script retrying, two people clicking): each reads the rule slowly,
    so without the lock on the appeal both would find the receipt check due and send it."""
    _waited(_appeal(case, owner, letter))
    real = follow_ups.follow_up_state

    def slow(case: Case, now: datetime) -> follow_ups.FollowUpState | None:
        state = real(case, now)
        time.sleep(0.3)
        return state

    monkeypatch.setattr(follow_ups, "follow_up_state", slow)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def attempt() -> None:
        try:
            barrier.wait(timeout=10)
            services.send_follow_up(
                Case.objects.get(pk=case.pk), how="record", actor=owner, now=timezone.now()
            )
            results.append("sent")
        except services.SubmitRefused as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["follow_up_sent", "sent"]
    assert Submission.objects.filter(case=case, kind="receipt_check").count() == 1
