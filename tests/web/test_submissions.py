"""Step 5 through Seller Central: the guide per channel, the limits said honestly, "I have
submitted it" freezing exactly what went out, the case moving on, and no second appeal while
one is pending. Three users: owner, team member, outsider."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reinstate.codes import SubmissionChannel
from reinstate.submit import AppealPending
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from reinstate_web.submissions import services
from reinstate_web.submissions.models import Submission
from tests.web.conftest import client_for
from tests.web.submission_helpers import PDF, PNG, add_reply, ready_letter, with_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(case: Case, owner: User) -> Draft:
    with_notice(case, owner)
    return ready_letter(case, owner)


def _record(client: Client, case: Case, draft: Draft, **extra: object) -> object:
    data = {"channel": "account_health_form", "n": draft.number, **extra}
    return client.post(reverse("submissions:record", kwargs={"pk": case.pk}), data)


def _page(client: Client, case: Case, query: str = "") -> str:
    return client.get(reverse("cases:detail", kwargs={"pk": case.pk}) + query).content.decode()


def test_it_guides_the_seller_click_by_click_to_the_channel_the_notice_names(
    draft: Draft, owner_client: Client
) -> None:
    html = _page(owner_client, draft.case)
    # The notice says "reply to this email": that channel is suggested and its steps shown.
    assert 'href="?channel=reply_to_notice#step-5" aria-current="true"' in html
    assert "Use this only when Amazon&#x27;s message says to reply to it." in html
    html = _page(owner_client, draft.case, "?channel=account_health_form")
    assert "At the top of the page, click “Reactivate your account”." in html
    assert "I have submitted it" in html


def test_it_says_the_box_limits_are_unconfirmed_and_shows_about(
    draft: Draft, owner_client: Client
) -> None:
    html = _page(owner_client, draft.case, "?channel=account_health_form")
    assert "Amazon does not publish how many characters each box takes (unconfirmed)" in html
    chars = draft.sections["root_cause"]["chars"]
    assert f"{chars} of about 2000 characters" in html


def test_it_shows_the_guide_in_chinese(draft: Draft, owner: User) -> None:
    owner.language = "zh-hans"
    owner.save(update_fields=["language"])
    client = client_for(owner)
    client.cookies["django_language"] = "zh-hans"
    html = _page(client, draft.case, "?channel=account_health_form")
    assert "在页面顶部点击“重新激活您的账户”" in html


def test_it_freezes_exactly_what_was_submitted_with_the_files_and_their_hashes(
    draft: Draft, owner: User, owner_client: Client
) -> None:
    files = [
        SimpleUploadedFile("invoice 2026.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("label.png", PNG, content_type="image/png"),
    ]
    response = _record(owner_client, draft.case, draft, documents=files)
    assert response.status_code == 302  # type: ignore[attr-defined]
    submission = Submission.objects.get(case=draft.case)
    assert submission.state == "recorded"
    assert submission.channel == "account_health_form"
    assert submission.submitted_by == owner
    assert submission.draft == draft
    boxes = {name: draft.sections[name]["text"] for name in draft.sections}
    assert submission.sections == boxes
    assert submission.text == "\n\n".join(boxes.values())
    assert [a["name"] for a in submission.attachments] == ["invoice 2026.pdf", "label.png"]
    assert submission.attachments[0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    stored = submission.attachments[0]["path"]
    from django.core.files.storage import default_storage

    with default_storage.open(stored, "rb") as handle:
        assert handle.read() == PDF
    assert len(submission.sha256) == 64
    draft.case.refresh_from_db()
    assert draft.case.status == "awaiting_reply"
    statuses = list(
        draft.case.events.filter(kind="status")
        .order_by("at", "id")
        .values_list("data__status", flat=True)
    )
    assert statuses[-2:] == ["submitted", "awaiting_reply"]


def test_it_keeps_the_frozen_text_when_the_letter_changes_later(
    draft: Draft, owner_client: Client
) -> None:
    _record(owner_client, draft.case, draft)
    submission = Submission.objects.get(case=draft.case)
    frozen = (submission.text, submission.sha256)
    owner_client.post(
        reverse("drafting:save", kwargs={"pk": draft.case.pk}),
        {"letter": draft.letter + "\nA later edit.\n", "n": str(draft.number)},
    )
    submission.refresh_from_db()
    assert (submission.text, submission.sha256) == frozen


def test_it_refuses_a_second_appeal_while_the_first_is_pending_and_says_why(
    draft: Draft, owner_client: Client
) -> None:
    _record(owner_client, draft.case, draft)
    response = _record(owner_client, draft.case, draft)
    assert Submission.objects.filter(case=draft.case).count() == 1
    page = owner_client.get(response["Location"]).content.decode()  # type: ignore[index]
    assert "A second appeal on the same" in page
    assert "duplicate contact" in page
    # The case page shows the pending appeal instead of the channel choice.
    html = _page(owner_client, draft.case)
    assert 'id="submit-pending"' in html
    assert "I have submitted it" not in html


def test_it_refuses_a_second_appeal_after_a_mere_acknowledgement(draft: Draft, owner: User) -> None:
    services.record_submission(
        draft.case,
        channel=SubmissionChannel.ACCOUNT_HEALTH_FORM,
        actor=owner,
        now=timezone.now() - timedelta(hours=30),
        draft=draft,
    )
    add_reply(draft.case, "acknowledged")
    with pytest.raises(AppealPending):
        services.record_submission(
            draft.case,
            channel=SubmissionChannel.VIEW_APPEAL,
            actor=owner,
            now=timezone.now(),
            draft=draft,
        )


def test_it_takes_the_answer_to_a_request_for_more_information_through_view_appeal(
    draft: Draft, owner: User, owner_client: Client
) -> None:
    services.record_submission(
        draft.case,
        channel=SubmissionChannel.ACCOUNT_HEALTH_FORM,
        actor=owner,
        now=timezone.now() - timedelta(days=2),
        draft=draft,
    )
    add_reply(draft.case, "more_info")
    html = _page(owner_client, draft.case)
    assert 'href="?channel=view_appeal#step-5" aria-current="true"' in html
    response = _record(owner_client, draft.case, draft, channel="view_appeal")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert Submission.objects.filter(case=draft.case).count() == 2
    draft.case.refresh_from_db()
    assert draft.case.status == "awaiting_reply"
    statuses = list(
        draft.case.events.filter(kind="status")
        .order_by("at", "id")
        .values_list("data__status", flat=True)
    )
    # Amazon's request is recorded on the way: the timeline tells the truth.
    assert statuses[-5:] == [
        "more_info_requested",
        "drafting",
        "review",
        "submitted",
        "awaiting_reply",
    ]


def test_it_refuses_a_file_amazon_does_not_take_in_one_line(
    draft: Draft, owner_client: Client
) -> None:
    files = [SimpleUploadedFile("letter.docx", b"PK\x03\x04 word", content_type="x")]
    response = _record(owner_client, draft.case, draft, documents=files)
    page = owner_client.get(response["Location"]).content.decode()  # type: ignore[index]
    assert "Amazon takes PDF, JPG, PNG or GIF files only." in page
    assert not Submission.objects.exists()


def test_it_refuses_recording_before_any_letter(case: Case, owner_client: Client) -> None:
    response = owner_client.post(
        reverse("submissions:record", kwargs={"pk": case.pk}),
        {"channel": "account_health_form", "n": 1},
    )
    page = owner_client.get(response["Location"]).content.decode()
    assert "Write the appeal in step 2 first." in page
    assert not Submission.objects.exists()


def test_it_lists_what_went_out_with_its_fingerprint(draft: Draft, owner_client: Client) -> None:
    _record(owner_client, draft.case, draft)
    submission = Submission.objects.get()
    html = _page(owner_client, draft.case)
    assert "What went to Amazon" in html
    assert submission.sha256[:12] in html
    assert "Submitted in Seller Central" in html


def test_it_gives_an_outsider_404_and_records_nothing(
    draft: Draft, outsider_client: Client
) -> None:
    assert _record(outsider_client, draft.case, draft).status_code == 404  # type: ignore[attr-defined]
    assert not Submission.objects.exists()


def test_it_refuses_a_viewer(draft: Draft, viewer: User) -> None:
    assert _record(client_for(viewer), draft.case, draft).status_code == 403  # type: ignore[attr-defined]
    assert not Submission.objects.exists()


def test_it_lets_a_team_member_record(draft: Draft, member: User, member_client: Client) -> None:
    _record(member_client, draft.case, draft)
    assert Submission.objects.get().submitted_by == member


def test_it_shows_the_demo_case_waiting_for_amazons_answer(db: None) -> None:
    from reinstate_web.cases.demo import load_demo

    case, _created = load_demo()
    assert case.status == "awaiting_reply"
    appeal = Submission.objects.get(case=case)
    assert appeal.state == "recorded"
    assert appeal.channel == "account_health_form"
    assert appeal.attachments[0]["name"].endswith(".pdf")
    assert case.notices.get().message_id == "<demo-deactivation@amazon.com>"
    html = client_for(case.created_by).get(reverse("cases:detail", kwargs={"pk": case.pk}))
    text = html.content.decode()
    assert "Waiting for Amazon's answer" in text
    assert "Reinstate offers one short receipt check" in text
    # The mailbox status: no mailbox is connected to the fictional store, and the page says so
    # beside the case with the way to connect one (never a silent absence of a watcher).
    status = text.split('id="mailbox-status"', 1)[1].split("</section>", 1)[0]
    assert "Not watched yet:" in status
    assert case.account.registered_email in status
    assert reverse("mailbox:account_mailbox", kwargs={"pk": case.account.pk}) in status
