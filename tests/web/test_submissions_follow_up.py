"""The follow-up rule on a case, with the clock passed in: nothing before the wait, one receipt
check offered (and the seller told on the dashboard, the case page and by e-mail), nothing once
Amazon answers, reminders only after the longer wait; waits per organisation and per case."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reinstate.codes import SubmissionChannel, SubmissionKind
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from reinstate_web.submissions import follow_ups, services, tasks
from reinstate_web.submissions.models import FollowUpOffer, Submission
from tests.web.submission_helpers import add_reply, ready_letter, with_notice

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


@pytest.fixture
def appeal(case: Case, owner: User) -> Submission:
    """An appeal submitted in Seller Central 10 minutes ago (the clock of the tests is now)."""
    with_notice(case, owner)
    draft: Draft = ready_letter(case, owner)
    return services.record_submission(
        case,
        channel=SubmissionChannel.ACCOUNT_HEALTH_FORM,
        actor=owner,
        now=timezone.now() - timedelta(minutes=10),
        draft=draft,
        case_url="http://testserver/cases/1/",
    )


def _sent(appeal: Submission) -> datetime:
    assert appeal.submitted_at is not None
    return appeal.submitted_at


def test_it_offers_nothing_before_the_wait_and_the_receipt_check_after_it(
    appeal: Submission,
) -> None:
    case = appeal.case
    assert follow_ups.follow_up_due(case, _sent(appeal) + 47 * HOUR) is None
    due = follow_ups.follow_up_due(case, _sent(appeal) + 48 * HOUR)
    assert due is not None
    assert due.kind is SubmissionKind.RECEIPT_CHECK


def test_it_tells_the_seller_once_by_e_mail_in_their_language(
    appeal: Submission, owner: User
) -> None:
    owner.language = "zh-hans"
    owner.save(update_fields=["language"])
    mail.outbox.clear()
    assert follow_ups.offer_follow_ups(_sent(appeal) + 47 * HOUR) == []
    assert mail.outbox == []
    (offer,) = follow_ups.offer_follow_ups(_sent(appeal) + 49 * HOUR)
    assert offer.kind == "receipt_check"
    (message,) = mail.outbox
    assert message.to == [owner.email]
    assert "亚马逊" in message.subject
    assert "http://testserver/cases/1/#step-6" in message.body
    # The job runs again (every ten minutes): nothing new, nobody told twice.
    assert follow_ups.offer_follow_ups(_sent(appeal) + 50 * HOUR) == []
    assert len(mail.outbox) == 1
    assert FollowUpOffer.objects.filter(notified_at__isnull=False).count() == 1


def test_it_offers_nothing_once_amazon_has_answered(appeal: Submission) -> None:
    add_reply(appeal.case, "acknowledged", sent=_sent(appeal) + 20 * HOUR)
    assert follow_ups.follow_up_state(appeal.case, _sent(appeal) + 49 * HOUR) is None
    assert follow_ups.offer_follow_ups(_sent(appeal) + 49 * HOUR) == []


def test_it_waits_the_longer_wait_before_a_reminder(appeal: Submission, owner: User) -> None:
    case = appeal.case
    check_time = _sent(appeal) + 50 * HOUR
    check = services.record_submission(
        case,
        channel=SubmissionChannel.VIEW_APPEAL,
        actor=owner,
        now=check_time,
        kind=SubmissionKind.RECEIPT_CHECK,
    )
    assert check.parent == appeal
    assert check.text.startswith("Hello,")
    case.refresh_from_db()
    assert case.status == "follow_up"
    assert follow_ups.follow_up_due(case, check_time + 6 * 24 * HOUR) is None
    due = follow_ups.follow_up_due(case, check_time + 7 * 24 * HOUR)
    assert due is not None
    assert (due.kind, due.sequence) == (SubmissionKind.REMINDER, 1)
    state = follow_ups.follow_up_state(case, check_time + 7 * 24 * HOUR)
    assert state is not None
    assert "asked whether it was received" in state.text.text.en


def test_it_refuses_a_follow_up_before_its_time(appeal: Submission, owner: User) -> None:
    with pytest.raises(services.SubmitRefused) as caught:
        services.record_submission(
            appeal.case,
            channel=SubmissionChannel.VIEW_APPEAL,
            actor=owner,
            now=_sent(appeal) + 2 * HOUR,
            kind=SubmissionKind.RECEIPT_CHECK,
        )
    assert caught.value.code == "follow_up_not_due"


def test_it_follows_the_organisations_wait_and_a_cases_own(appeal: Submission, owner: User) -> None:
    case = appeal.case
    follow_ups.save_policy(case.account.organisation, first_hours=72, reminder_days=10)
    assert follow_ups.follow_up_due(case, _sent(appeal) + 49 * HOUR) is None
    assert follow_ups.follow_up_due(case, _sent(appeal) + 72 * HOUR) is not None
    follow_ups.save_case_wait(case, first_hours=24, reminder_days=None, actor=owner)
    assert follow_ups.follow_up_due(case, _sent(appeal) + 24 * HOUR) is not None
    assert follow_ups.rule_for(case).reminder_wait == timedelta(days=10)


def test_it_shows_the_receipt_check_in_english_with_its_chinese_meaning(
    appeal: Submission, owner_client: Client
) -> None:
    Submission.objects.filter(pk=appeal.pk).update(submitted_at=timezone.now() - 49 * HOUR)
    html = owner_client.get(reverse("cases:detail", kwargs={"pk": appeal.case.pk})).content
    page = html.decode()
    assert "No answer yet: you may send one receipt check" in page
    assert 'id="follow-up-en"' in page
    assert "Could you please confirm that the appeal was received" in page
    assert "请问这份申诉是否已经收到并正在审核" in page
    assert 'data-copy="follow-up-en"' in page
    assert "Account Health → “View appeal”" in page


def test_it_records_a_receipt_check_sent_in_seller_central(
    appeal: Submission, owner_client: Client
) -> None:
    Submission.objects.filter(pk=appeal.pk).update(submitted_at=timezone.now() - 49 * HOUR)
    owner_client.post(
        reverse("submissions:follow_up", kwargs={"pk": appeal.case.pk}), {"how": "record"}
    )
    check = Submission.objects.get(kind="receipt_check")
    assert (check.channel, check.state, check.parent_id) == ("view_appeal", "recorded", appeal.pk)
    # Once: a second click is refused (the next step is a reminder, days later).
    owner_client.post(
        reverse("submissions:follow_up", kwargs={"pk": appeal.case.pk}), {"how": "record"}
    )
    assert Submission.objects.filter(kind="receipt_check").count() == 1


def test_it_puts_the_due_receipt_check_on_the_dashboard(
    appeal: Submission, owner_client: Client
) -> None:
    dashboard = reverse("cases:dashboard")
    page = owner_client.get(dashboard).content.decode()
    assert 'id="waiting-for-amazon"' in page
    assert "receipt check from" in page
    Submission.objects.filter(pk=appeal.pk).update(submitted_at=timezone.now() - 49 * HOUR)
    assert "Receipt check due" in owner_client.get(dashboard).content.decode()


def test_it_hides_other_organisations_waiting_cases_from_the_dashboard(
    appeal: Submission, outsider_client: Client
) -> None:
    page = outsider_client.get(reverse("cases:dashboard")).content.decode()
    assert 'id="waiting-for-amazon"' not in page


def test_it_runs_the_periodic_job(appeal: Submission) -> None:
    Submission.objects.filter(pk=appeal.pk).update(submitted_at=timezone.now() - 49 * HOUR)
    mail.outbox.clear()
    tasks.offer_follow_ups.call_local()
    assert FollowUpOffer.objects.filter(appeal=appeal).count() == 1
    assert len(mail.outbox) == 1


def test_it_saves_a_cases_own_wait_from_the_page(appeal: Submission, owner_client: Client) -> None:
    owner_client.post(
        reverse("submissions:wait", kwargs={"pk": appeal.case.pk}),
        {"first_hours": "36", "reminder_days": ""},
    )
    rule = follow_ups.rule_for(appeal.case)
    assert rule.first_wait == timedelta(hours=36)
    assert rule.reminder_wait == timedelta(days=7)


def test_it_refuses_a_wait_too_short_to_be_polite(appeal: Submission, owner_client: Client) -> None:
    response = owner_client.post(
        reverse("submissions:wait", kwargs={"pk": appeal.case.pk}),
        {"first_hours": "2"},
        follow=True,
    )
    assert "greater than or equal to 24" in response.content.decode()
    assert follow_ups.rule_for(appeal.case).first_wait == timedelta(hours=48)


def test_it_lets_an_owner_set_the_companys_waits(appeal: Submission, owner_client: Client) -> None:
    organisation = appeal.case.account.organisation
    response = owner_client.post(
        reverse("submissions:follow_up_settings"),
        {"organisation": organisation.pk, "first_hours": "60", "reminder_days": "14"},
    )
    assert response.status_code == 302
    rule = follow_ups.organisation_rule(organisation)
    assert (rule.first_wait, rule.reminder_wait) == (timedelta(hours=60), timedelta(days=14))


def test_it_refuses_another_organisations_waits(
    appeal: Submission, outsider_client: Client
) -> None:
    organisation = appeal.case.account.organisation
    response = outsider_client.post(
        reverse("submissions:follow_up_settings"),
        {"organisation": organisation.pk, "first_hours": "24", "reminder_days": "2"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert follow_ups.organisation_rule(organisation).first_wait == timedelta(hours=48)


def test_the_page_says_why_no_follow_up_may_go(appeal: Submission, owner_client: Client) -> None:
    """The page and the API share one service: a second receipt check is refused as a duplicate
    contact, and once Amazon answered the seller is sent to the answer."""
    Submission.objects.filter(pk=appeal.pk).update(submitted_at=timezone.now() - 49 * HOUR)
    url = reverse("submissions:follow_up", kwargs={"pk": appeal.case.pk})
    owner_client.post(url, {"how": "record"})
    page = owner_client.post(url, {"how": "record"}, follow=True).content.decode()
    assert "The follow-up already went." in page
    assert Submission.objects.filter(kind="receipt_check").count() == 1
    add_reply(appeal.case, "acknowledged")
    page = owner_client.post(url, {"how": "record"}, follow=True).content.decode()
    assert "Amazon has already answered this appeal" in page
    assert Submission.objects.filter(kind="receipt_check").count() == 1
