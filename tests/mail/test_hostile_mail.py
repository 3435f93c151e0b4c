"""Hostile mail from an Amazon address: each one is a clear entry on its case (read, or kept
with why it could not be read), and the watcher goes on to the next message."""

from __future__ import annotations

import pytest

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.mailbox import services
from reinstate_web.mailbox.models import MailboxConnection, MailboxMessage
from reinstate_web.notices.models import Notice
from tests.mail import hostile, messages
from tests.mail.dovecot import PASSWORD, Dovecot

pytestmark = [pytest.mark.realserver, pytest.mark.xdist_group("dovecot"), pytest.mark.django_db]


@pytest.fixture
def connection(
    dovecot: Dovecot, imap_user: str, account: SellerAccount, owner: User
) -> MailboxConnection:
    mailbox = services.MailboxSettings("other", dovecot.host, dovecot.port, False, imap_user)
    return services.connect_with_password(account, mailbox, PASSWORD, actor=owner)


@pytest.fixture
def waiting_case(case: Case) -> Case:
    Case.objects.filter(pk=case.pk).update(status="awaiting_reply")
    case.refresh_from_db()
    return case


@pytest.mark.parametrize("name", sorted(hostile.ALL))
def test_hostile_mail_is_a_clear_entry_on_the_case(
    dovecot: Dovecot,
    imap_user: str,
    connection: MailboxConnection,
    waiting_case: Case,
    name: str,
) -> None:
    dovecot.append(imap_user, hostile.ALL[name]())
    dovecot.append(imap_user, messages.answer("reinstated"))

    services.poll(connection.pk)

    connection.refresh_from_db()
    assert not connection.failing, connection.last_error
    taken = list(MailboxMessage.objects.order_by("uid"))
    assert [t.state for t in taken] == ["done", "done"]
    first = taken[0]
    assert first.case == waiting_case
    assert first.notice is not None
    notice = Notice.objects.get(pk=first.notice.pk)
    if notice.state == Notice.State.FAILED:
        assert notice.problem  # one line saying why
        assert first.problem
    else:
        assert notice.kind == Notice.Kind.REPLY
        assert "<script" not in notice.text
    # The watcher went on: the next message was read and moved the case.
    waiting_case.refresh_from_db()
    assert taken[1].reply_outcome == "reinstated"


def test_a_big_attachment_is_left_in_the_mailbox(
    dovecot: Dovecot, imap_user: str, connection: MailboxConnection, waiting_case: Case
) -> None:
    dovecot.append(imap_user, hostile.big_attachment())

    services.poll(connection.pk)

    notice = waiting_case.notices.get()
    assert notice.state == Notice.State.READY
    assert notice.reply_outcome == "denied"
    assert notice.original.size < 1_000_000
    waiting_case.refresh_from_db()
    assert waiting_case.status == "denied"
