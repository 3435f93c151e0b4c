"""End to end on real servers, for each kind of answer: the seller sends the appeal by e-mail
from the case (aiosmtpd plays their mail server), Amazon answers in the appeal's thread in the
seller's mailbox (dovecot), the watcher's periodic job takes the answer, the case moves (or, for
"accepted, however your account remains deactivated", does not) and the seller is told. The
real-browser version of the first case is tests/e2e/test_submission_answer.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.mailbox import services as mailbox_services
from reinstate_web.mailbox import tasks
from reinstate_web.mailbox.models import MailboxConnection, MailboxMessage
from reinstate_web.submissions import follow_ups
from reinstate_web.submissions.models import Submission
from tests.mail import messages
from tests.mail.dovecot import PASSWORD, Dovecot
from tests.mail.smtp_sink import Sink, smtp_sink, smtp_sink_server  # noqa: F401
from tests.web.submission_helpers import NOTICE_ID, PDF, ready_letter, smtp_settings, with_notice

pytestmark = [pytest.mark.realserver, pytest.mark.xdist_group("dovecot"), pytest.mark.django_db]
AMAZON = "seller-performance@amazon.com"


def _send_appeal(client: Client, case: Case, owner: User, sink: Sink) -> Submission:
    """Step 5 as the seller does it: the reply to the notice, the invoice attached."""
    with_notice(case, owner)
    draft = ready_letter(case, owner)
    smtp_settings(case, sink.host, sink.port)
    response = client.post(
        reverse("submissions:email", kwargs={"pk": case.pk}),
        {
            "channel": "reply_to_notice",
            "n": draft.number,
            "to": AMAZON,
            "documents": [SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302
    (received,) = sink.wait_for(1)
    appeal = Submission.objects.get(case=case)
    assert (received.message["In-Reply-To"], received.message["References"]) == (
        NOTICE_ID,
        NOTICE_ID,
    )
    assert received.message["Message-ID"] == appeal.message_id
    assert [a.get_filename() for a in received.message.iter_attachments()] == ["invoice.pdf"]
    return appeal


@pytest.mark.parametrize(
    ("outcome", "status", "headline"),
    [
        ("reinstated", "reinstated", "Amazon reinstated the account or listing"),
        ("more_info", "more_info_requested", "Amazon asks for more information"),
        ("denied", "denied", "Amazon denied the appeal"),
        ("conditional", "awaiting_reply", "A message from Amazon that is not a decision"),
    ],
)
def test_the_answer_to_an_appeal_sent_by_email_moves_the_case_and_the_seller_is_told(
    dovecot: Dovecot,
    imap_user: str,
    case: Case,
    owner: User,
    owner_client: Client,
    smtp_sink: Sink,  # noqa: F811
    outcome: str,
    status: str,
    headline: str,
) -> None:
    mailbox = mailbox_services.MailboxSettings(
        "other", dovecot.host, dovecot.port, False, imap_user
    )
    mailbox_services.connect_with_password(
        case.account, mailbox, PASSWORD, actor=owner, site_url="http://testserver/"
    )
    appeal = _send_appeal(owner_client, case, owner, smtp_sink)
    case.refresh_from_db()
    assert case.status == "awaiting_reply"
    submitted_at = appeal.submitted_at
    assert submitted_at is not None
    assert follow_ups.follow_up_state(case, submitted_at + timedelta(hours=49)) is not None

    dovecot.append(imap_user, messages.answer(outcome, in_reply_to=str(appeal.message_id)))
    mail.outbox.clear()
    # What the worker runs every minute, once the poll interval has passed.
    MailboxConnection.objects.update(last_poll_started_at=timezone.now() - timedelta(hours=1))
    tasks.poll_due_mailboxes()

    case.refresh_from_db()
    assert case.status == status
    taken = MailboxMessage.objects.get()
    assert (taken.case_id, taken.match_rule) == (case.pk, "thread")
    (told,) = mail.outbox
    assert told.to == [owner.email]
    assert headline in told.subject
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    dashboard = owner_client.get(reverse("cases:dashboard")).content.decode()
    for text in (page, dashboard):
        assert headline in text
    if outcome == "conditional":
        assert "Amazon reinstated" not in page + told.body
    if outcome == "more_info":
        # The asks are listed, and the answer goes through "View appeal" (never a new appeal).
        assert "Supplier invoices" in page
        assert 'href="?channel=view_appeal#step-5" aria-current="true"' in page
    # Amazon answered: no receipt check is offered any more, nor the advice on waiting.
    assert follow_ups.follow_up_state(case, submitted_at + timedelta(hours=49)) is None
    waiting_advice = "When Amazon answers, add its message to this case in step 1"
    assert (waiting_advice in page) == (outcome == "conditional")
