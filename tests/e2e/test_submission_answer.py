"""From the appeal to Amazon's answer, in a real browser against real mail servers: the seller
connects the mailbox (dovecot on loopback) and sends the appeal by e-mail from step 5 (an
aiosmtpd sink plays the seller's mail server); the sink receives it in the notice's thread with
the invoice attached; Amazon's answer lands in the mailbox; the watcher's periodic job (the one
``reinstate serve``'s worker runs every minute) takes it; the case page shows the case moved and
the seller is told on the dashboard and by e-mail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases import services
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.mailbox import tasks
from reinstate_web.mailbox.models import MailboxConnection, MailboxMessage
from reinstate_web.submissions.models import Submission
from tests.e2e.browser import sign_in
from tests.mail import messages
from tests.mail.dovecot import PASSWORD as IMAP_PASSWORD
from tests.mail.dovecot import Dovecot, available, running_dovecot
from tests.mail.smtp_sink import Sink, smtp_sink, smtp_sink_server  # noqa: F401
from tests.web.submission_helpers import NOTICE_ID, PDF, ready_letter, smtp_settings, with_notice

pytestmark = pytest.mark.realserver

PASSWORD = "correct horse battery staple"
AMAZON = "seller-performance@amazon.com"


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    if not available():
        pytest.fail("dovecot is missing: run `make test` (it installs dovecot-imapd)")
    with running_dovecot() as server:
        yield server


@pytest.fixture
def seller_case(transactional_db: None, smtp_sink: Sink) -> tuple[User, Case]:  # noqa: F811
    organisation = Organisation.objects.create(name="Ningbo Harbour Trading")
    user = User.objects.create_user("seller@example.com", PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    account = SellerAccount.objects.create(
        organisation=organisation,
        store_name="Harbour Home",
        marketplaces=["US"],
        merchant_token="A2HARBOUR7X",
    )
    case = services.open_case(account, title="Deactivated: inauthentic", actor=user)
    with_notice(case, user)  # Amazon's notice, "reply to this email", Message-ID NOTICE_ID
    ready_letter(case, user)
    smtp_settings(case, smtp_sink.host, smtp_sink.port)  # the registered address's SMTP
    return user, case


def _connect_mailbox(page: Page, base: object, account: SellerAccount, dovecot: Dovecot) -> str:
    """Connect the account's mailbox through its page, as a seller with their own server."""
    user = dovecot.add_user()
    page.goto(f"{base}/accounts/{account.pk}/mailbox/")
    page.get_by_label("Mail provider").select_option("other")
    page.get_by_label("E-mail address").fill(user)
    page.get_by_label("Password, app password or authorisation code").fill(IMAP_PASSWORD)
    page.locator("summary", has_text="Server and folder").click()
    page.get_by_label("IMAP server").fill(dovecot.host)
    page.get_by_label("Port", exact=True).fill(str(dovecot.port))
    page.get_by_label("SSL/TLS (port 993)").uncheck()
    page.get_by_role("button", name="Check and connect").click()
    expect(page.get_by_text("Connected. Reinstate now checks this mailbox")).to_be_visible()
    return user


def _run_the_periodic_poll() -> None:
    """What the worker does every minute: poll each mailbox that is due (a mailbox polled a
    moment ago is not; the test moves its last poll back by one interval)."""
    MailboxConnection.objects.update(last_poll_started_at=timezone.now() - timedelta(minutes=30))
    tasks.poll_due_mailboxes()


def test_an_appeal_sent_by_email_and_amazons_answer_in_the_mailbox_move_the_case(
    seller_case: tuple[User, Case],
    dovecot: Dovecot,
    smtp_sink: Sink,  # noqa: F811
    live_server: object,
    page: Page,
    artifacts: Path,
    tmp_path: Path,
) -> None:
    user, case = seller_case
    invoice = tmp_path / "invoice-NH-0412.pdf"
    invoice.write_bytes(PDF)
    sign_in(page, live_server, user.email, PASSWORD)
    imap_user = _connect_mailbox(page, live_server, case.account, dovecot)

    # Step 5: the notice asks for a reply, so the e-mail form is offered, to Amazon's sender.
    page.goto(f"{live_server}/cases/{case.pk}/")
    page.locator('.steps a[data-step="5"]').click()
    step = page.locator("#step-5")
    expect(step.locator("#submit-email-to")).to_have_value(AMAZON)
    step.locator("#submit-email-files").set_input_files(str(invoice))
    step.get_by_role("button", name="Send the appeal now").click()

    # The seller's mail server received it: from the registered address, in the notice's
    # thread, the letter in the body and the invoice attached unchanged.
    (received,) = smtp_sink.wait_for(1)
    appeal = Submission.objects.get(case=case)
    sent = received.message
    assert received.rcpt_tos == [AMAZON]
    assert sent["In-Reply-To"] == NOTICE_ID
    assert sent["References"] == NOTICE_ID
    assert sent["Message-ID"] == appeal.message_id
    (attached,) = list(sent.iter_attachments())
    assert attached.get_filename() == "invoice-NH-0412.pdf"
    assert attached.get_content() == PDF
    expect(page.locator('.steps [aria-current="step"]')).to_contain_text("Wait for Amazon")
    wait = page.locator("#submissions-wait")
    expect(wait).to_contain_text("Waiting for Amazon's answer")
    expect(page.locator("#mailbox-case")).to_contain_text(imap_user)
    page.screenshot(path=str(artifacts / "answer-waiting-en.png"), full_page=True)

    # Amazon answers in the appeal's thread; a newsletter arrives beside it.
    dovecot.append(imap_user, messages.newsletter())
    dovecot.append(
        imap_user,
        messages.answer(
            "reinstated",
            in_reply_to=str(appeal.message_id),
            subject=f"RE: {sent['Subject'].removeprefix('Re: ')}",
        ),
    )
    mail.outbox.clear()
    _run_the_periodic_poll()

    taken = MailboxMessage.objects.get()
    assert (taken.case_id, taken.match_rule) == (case.pk, "thread")
    assert taken.reply_outcome == "reinstated"
    page.reload()
    expect(page.locator("span.status").first).to_have_text("Reinstated")
    case_panel = page.locator("#mailbox-case")
    expect(case_panel).to_contain_text("Amazon reinstated the account or listing")
    expect(case_panel).to_contain_text("the case moved to “Reinstated”")
    expect(case_panel.locator(".mailbox-status")).to_contain_text("Watching")
    expect(case_panel.locator(".mailbox-status")).to_contain_text("last checked")
    page.screenshot(path=str(artifacts / "answer-reinstated-en.png"), full_page=True)

    page.goto(f"{live_server}/")
    dashboard = page.locator("#mailbox-dashboard")
    expect(dashboard).to_contain_text("Amazon reinstated the account or listing")
    expect(dashboard.get_by_role("link", name=case.display_title)).to_be_visible()
    expect(dashboard).to_contain_text(imap_user)

    (told,) = mail.outbox
    assert told.to == [user.email]
    assert "Amazon reinstated the account or listing" in told.subject
    assert f"/cases/{case.pk}/" in told.body

    # Polled again with nothing new: nothing is added twice, nobody is told twice.
    _run_the_periodic_poll()
    assert MailboxMessage.objects.count() == 1
    assert case.notices.filter(kind="reply").count() == 1
    assert len(mail.outbox) == 1
