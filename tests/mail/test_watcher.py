"""The web app's watcher against a real dovecot: Amazon's answer arrives in the seller's
mailbox, the poll adds it to the right case, the case moves and the people are told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.mailbox import services, threads
from reinstate_web.mailbox.models import MailboxConnection, MailboxMessage
from reinstate_web.notices.models import Notice
from reinstate_web.notices.services import add_notice
from tests.mail import messages
from tests.mail.dovecot import PASSWORD, Dovecot

pytestmark = [pytest.mark.realserver, pytest.mark.xdist_group("dovecot"), pytest.mark.django_db]

# Notices keep Amazon's Message-ID once the notices app stores it (issue 15, step 5): then the
# thread decides; before, the same answer finds its case by the notice's subject.
THREAD_RULE = "thread" if any(m is Notice for m in threads.records()) else "subject"


@pytest.fixture
def connection(
    dovecot: Dovecot, imap_user: str, account: SellerAccount, owner: User
) -> MailboxConnection:
    mailbox = services.MailboxSettings("other", dovecot.host, dovecot.port, False, imap_user)
    return services.connect_with_password(
        account, mailbox, PASSWORD, actor=owner, site_url="http://testserver/"
    )


def _waiting(case: Case, notice_id: str) -> Case:
    """The case as it stands after the appeal went out: the notice (with its Message-ID) on
    it and the case waiting for Amazon's answer."""
    add_notice(case, messages.notice(msgid=notice_id), "notice.eml", actor=None)
    Case.objects.filter(pk=case.pk).update(status="awaiting_reply")
    case.refresh_from_db()
    return case


def _poll(connection: MailboxConnection) -> None:
    services.poll(connection.pk)
    connection.refresh_from_db()


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        ("reinstated", "reinstated"),
        ("more_info", "more_info_requested"),
        ("denied", "denied"),
        # "reviewed and accepted. However, your account remains deactivated": not reinstated.
        ("conditional", "awaiting_reply"),
    ],
)
def test_amazons_answer_moves_the_case(
    dovecot: Dovecot,
    imap_user: str,
    connection: MailboxConnection,
    case: Case,
    outcome: str,
    status: str,
) -> None:
    notice_id = messages.message_id()
    _waiting(case, notice_id)
    dovecot.append(imap_user, messages.newsletter())
    dovecot.append(imap_user, messages.answer(outcome, in_reply_to=notice_id))

    _poll(connection)

    case.refresh_from_db()
    assert case.status == status
    reply = case.notices.get(kind=Notice.Kind.REPLY)
    taken = MailboxMessage.objects.get(connection=connection)
    assert (taken.case, taken.notice, taken.match_rule) == (case, reply, THREAD_RULE)
    assert connection.last_success_at is not None
    assert not connection.failing
    assert len(mail.outbox) == 1  # the owner (the only owner or specialist) is told
    assert case.display_title in mail.outbox[0].body or str(case.pk) in mail.outbox[0].body


def test_a_request_for_more_information_lists_the_asks_everywhere(
    dovecot: Dovecot,
    imap_user: str,
    connection: MailboxConnection,
    case: Case,
    owner_client: Client,
) -> None:
    notice_id = messages.message_id()
    _waiting(case, notice_id)
    dovecot.append(imap_user, messages.answer("more_info", in_reply_to=notice_id))

    _poll(connection)

    dashboard = owner_client.get(reverse("cases:dashboard")).content.decode()
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    for text in (dashboard, page, mail.outbox[0].body):
        assert "Amazon asks for more information" in text
        assert "Supplier invoices" in text
        assert "Supplier contact details" in text


def test_the_dashboard_and_the_case_show_when_the_mailbox_was_last_checked(
    connection: MailboxConnection, case: Case, owner_client: Client
) -> None:
    _poll(connection)
    dashboard = owner_client.get(reverse("cases:dashboard")).content.decode()
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    for text in (dashboard, page):
        assert "Watching" in text
        assert "last checked" in text
        assert connection.username in text


def test_the_dashboard_and_the_case_show_the_last_error(
    connection: MailboxConnection, case: Case, owner_client: Client
) -> None:
    connection.set_password("a password the server refuses")
    connection.save()

    _poll(connection)

    assert connection.last_error_code == "wrong_password"
    dashboard = owner_client.get(reverse("cases:dashboard")).content.decode()
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    for text in (dashboard, page):
        assert "Not working" in text
        assert "The mail server refused the user name or password" in text


def test_a_watcher_that_stopped_is_seen(
    connection: MailboxConnection, case: Case, owner_client: Client
) -> None:
    _poll(connection)
    MailboxConnection.objects.filter(pk=connection.pk).update(
        last_success_at=timezone.now() - timedelta(hours=3)
    )
    dashboard = owner_client.get(reverse("cases:dashboard")).content.decode()
    assert "has not been checked for a while" in dashboard


def test_a_new_notice_opens_a_new_case(
    dovecot: Dovecot, imap_user: str, connection: MailboxConnection, account: SellerAccount
) -> None:
    dovecot.append(imap_user, messages.notice())

    _poll(connection)

    opened = Case.objects.get(account=account)
    assert opened.category == "inauthentic"
    assert opened.notices.get().kind == Notice.Kind.NOTICE
    assert MailboxMessage.objects.get().opened_case


def test_mail_not_from_amazon_is_left_alone(
    dovecot: Dovecot, imap_user: str, connection: MailboxConnection, case: Case
) -> None:
    dovecot.append(imap_user, messages.newsletter())
    dovecot.append(imap_user, messages.order_confirmation())
    dovecot.append(imap_user, messages.forged_amazon())

    _poll(connection)

    assert not MailboxMessage.objects.exists()
    assert Notice.objects.count() == 0
    assert connection.last_success_at is not None


def test_a_poll_marks_nothing_read(
    dovecot: Dovecot, imap_user: str, connection: MailboxConnection, case: Case
) -> None:
    notice_id = messages.message_id()
    _waiting(case, notice_id)
    dovecot.append(imap_user, messages.answer("denied", in_reply_to=notice_id))
    dovecot.append(imap_user, messages.newsletter(), flags=(b"\\Seen",))
    before = dovecot.flags(imap_user)

    _poll(connection)

    assert MailboxMessage.objects.count() == 1
    assert dovecot.flags(imap_user) == before


def test_a_renumbered_mailbox_is_read_again_without_duplicates(
    dovecot: Dovecot, imap_user: str, connection: MailboxConnection, case: Case
) -> None:
    notice_id = messages.message_id()
    _waiting(case, notice_id)
    dovecot.append(imap_user, messages.answer("acknowledged", in_reply_to=notice_id))
    _poll(connection)
    assert case.notices.filter(kind=Notice.Kind.REPLY).count() == 1

    dovecot.renumber(imap_user, 31337)
    dovecot.append(imap_user, messages.answer("reinstated", in_reply_to=notice_id))
    _poll(connection)

    case.refresh_from_db()
    assert case.notices.filter(kind=Notice.Kind.REPLY).count() == 2
    assert case.status == "reinstated"
    states = sorted(MailboxMessage.objects.values_list("state", flat=True))
    assert states == ["done", "done", "duplicate"]
    _poll(connection)
    assert MailboxMessage.objects.count() == 3


def test_one_poll_per_mailbox_at_a_time(
    dovecot: Dovecot, imap_user: str, connection: MailboxConnection
) -> None:
    dovecot.append(imap_user, messages.notice())
    MailboxConnection.objects.filter(pk=connection.pk).update(
        lease_until=timezone.now() + timedelta(minutes=5), lease_token="another-worker"
    )

    assert services.poll(connection.pk) is None
    assert not MailboxMessage.objects.exists()

    # A worker that died leaves its lease to run out; then the next poll goes ahead.
    MailboxConnection.objects.filter(pk=connection.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert services.poll(connection.pk) is not None
    assert MailboxMessage.objects.count() == 1


@pytest.mark.skipif(THREAD_RULE != "thread", reason="notices do not keep their Message-ID yet")
def test_a_message_already_added_by_hand_is_not_added_again(
    dovecot: Dovecot, imap_user: str, connection: MailboxConnection, case: Case
) -> None:
    raw = messages.answer("reinstated")
    add_notice(case, raw, "pasted.eml", actor=None)
    dovecot.append(imap_user, raw)

    _poll(connection)

    assert case.notices.count() == 1
    assert MailboxMessage.objects.get().match_rule == "already_on_case"


def test_the_periodic_job_polls_the_mailboxes_that_are_due(
    dovecot: Dovecot, imap_user: str, connection: MailboxConnection
) -> None:
    from reinstate_web.mailbox import tasks

    dovecot.append(imap_user, messages.notice())
    tasks.poll_due_mailboxes()  # never polled: due
    assert MailboxMessage.objects.count() == 1

    dovecot.append(imap_user, messages.notice())
    tasks.poll_due_mailboxes()  # polled a moment ago: not due yet
    assert MailboxMessage.objects.count() == 1

    MailboxConnection.objects.update(last_poll_started_at=timezone.now() - timedelta(minutes=6))
    tasks.poll_due_mailboxes()
    assert MailboxMessage.objects.count() == 2


def test_a_wrong_password_is_tried_once_an_hour_only(connection: MailboxConnection) -> None:
    connection.set_password("a password the server refuses")
    connection.save()
    services.poll(connection.pk)
    later = timezone.now() + timedelta(minutes=30)
    assert services.due_connections(later) == []
    assert services.due_connections(later + timedelta(minutes=31)) == [connection.pk]


def test_an_answer_to_an_appeal_sent_by_email_joins_its_case(
    dovecot: Dovecot, imap_user: str, connection: MailboxConnection, case: Case
) -> None:
    from django.apps import apps

    try:
        submission = apps.get_model("submissions", "Submission")
    except LookupError:
        pytest.skip("the submissions app is not installed")
    other = Case.objects.create(account=case.account, title="Another case", status="awaiting_reply")
    appeal_id = messages.message_id()
    submission.objects.create(
        case=case,
        kind="appeal",
        channel="email",
        method="email",
        state="sent",
        text="Plan of action",
        sha256="0" * 64,
        folder="appeal",
        message_id=appeal_id,
    )
    Case.objects.filter(pk=case.pk).update(status="awaiting_reply")
    # Seller Support answers from an address not on Amazon's list, in the appeal's thread.
    dovecot.append(
        imap_user,
        messages.answer(
            "more_info", sender="Seller Support <support@sellers.example>", in_reply_to=appeal_id
        ),
    )

    _poll(connection)

    taken = MailboxMessage.objects.get()
    assert (taken.case_id, taken.match_rule, taken.reason) == (case.pk, "thread", "thread")
    case.refresh_from_db()
    other.refresh_from_db()
    assert (case.status, other.status) == ("more_info_requested", "awaiting_reply")


def test_accepted_however_still_deactivated_is_not_read_as_a_reinstatement(
    dovecot: Dovecot,
    imap_user: str,
    connection: MailboxConnection,
    case: Case,
    owner_client: Client,
) -> None:
    """The trap: "your plan of action has been accepted. However, your account remains
    deactivated". The case keeps waiting, nobody is told it was reinstated, and since Amazon
    did answer, no receipt check is offered any more."""
    from django.apps import apps

    try:
        submission = apps.get_model("submissions", "Submission")
        from reinstate_web.submissions import follow_ups
    except LookupError:
        pytest.skip("the submissions app is not installed")
    notice_id = messages.message_id()
    _waiting(case, notice_id)
    sent_at = timezone.now() - timedelta(hours=30)
    submission.objects.create(
        case=case,
        kind="appeal",
        channel="account_health_form",
        method="recorded",
        state="recorded",
        text="Plan of action",
        sha256="0" * 64,
        folder="appeal",
        submitted_at=sent_at,
    )
    assert follow_ups.follow_up_state(case, sent_at + timedelta(hours=49)) is not None
    dovecot.append(imap_user, messages.answer("conditional", in_reply_to=notice_id))

    _poll(connection)

    case.refresh_from_db()
    assert case.status == "awaiting_reply"
    taken = MailboxMessage.objects.get()
    assert (taken.reply_outcome, taken.moved_to) == ("other", "")
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    (told,) = mail.outbox
    for text in (page, told.subject + told.body):
        assert "A message from Amazon that is not a decision" in text
        assert "Amazon reinstated" not in text
    assert "remains deactivated" in page  # Amazon's own words are on the case
    assert follow_ups.follow_up_state(case, sent_at + timedelta(hours=49)) is None
