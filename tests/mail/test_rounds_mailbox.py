"""The rejection loop through the mailbox watcher: Amazon's request for more information lands
in the seller's mailbox (a real dovecot), the poll takes it onto the waiting case by its thread,
and the case gets a round and a revised draft whose new paragraphs answer each ask."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from reinstate.compose import KnowledgeBase
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.drafting.models import Draft, Round
from reinstate_web.mailbox import services
from reinstate_web.mailbox.models import MailboxConnection
from reinstate_web.notices.services import add_notice
from tests.mail import messages
from tests.mail.dovecot import PASSWORD, Dovecot
from tests.web.drafting_helpers import compose, make_inauthentic

pytestmark = [pytest.mark.realserver, pytest.mark.xdist_group("dovecot"), pytest.mark.django_db]

ASKS = KnowledgeBase.default().reviewer_asks


def test_an_answer_taken_from_the_mailbox_gets_a_revised_draft_that_answers_each_ask(
    dovecot: Dovecot,
    imap_user: str,
    account: SellerAccount,
    case: Case,
    owner: User,
    owner_client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    notice_id = messages.message_id()
    add_notice(case, messages.notice(msgid=notice_id), "notice.eml", actor=owner)
    make_inauthentic(case)
    compose(owner_client, case)
    last = Draft.objects.filter(case=case).order_by("-number").first()
    assert last is not None
    Case.objects.filter(pk=case.pk).update(status="awaiting_reply")
    mailbox = services.MailboxSettings("other", dovecot.host, dovecot.port, False, imap_user)
    connection: MailboxConnection = services.connect_with_password(
        account, mailbox, PASSWORD, actor=owner, site_url="http://testserver/"
    )
    dovecot.append(imap_user, messages.answer("more_info", in_reply_to=notice_id))

    with django_capture_on_commit_callbacks(execute=True):
        services.poll(connection.pk)

    found = Round.objects.get(case=case)
    assert found.reply.message_id
    assert found.outcome == "more_info"
    assert found.previous == last
    revised = found.revised
    assert revised is not None
    assert revised.number == last.number + 1
    before = {p.strip() for p in last.letter.split("\n") if p.strip()}
    new = [p for p in revised.letter.split("\n") if p.strip() and p.strip() not in before]
    asks = [g["ask"] for g in found.gaps]
    assert set(asks) >= {"invoices", "supplier_contact"}
    for code in asks:
        answer = ASKS.ask(code).paragraph.en
        assert any(answer in paragraph for paragraph in new), (code, new)
    case.refresh_from_db()
    assert case.status == "more_info_requested"
