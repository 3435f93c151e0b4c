"""Sending by e-mail through a real SMTP server on loopback (tests/mail/smtp_sink.py): from the
seller's registered address, in the notice's thread, with the documents attached and the exact
bytes kept; refused in plain words when the server cannot do TLS, the password is wrong, or the
address is not Amazon's."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reinstate.codes import SubmissionChannel
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from reinstate_web.live import crypto
from reinstate_web.submissions import services
from reinstate_web.submissions.models import SmtpSettings, Submission
from tests.mail.smtp_sink import PASSWORD, USER, Sink, free_port
from tests.web.submission_helpers import NOTICE_ID, PDF, ready_letter, smtp_settings, with_notice

pytestmark = pytest.mark.django_db
AMAZON = "seller-performance@amazon.com"


@pytest.fixture
def draft(case: Case, owner: User) -> Draft:
    with_notice(case, owner)
    return ready_letter(case, owner)


def _send(client: Client, draft: Draft, to: str = AMAZON, files: list[object] | None = None) -> str:
    response = client.post(
        reverse("submissions:email", kwargs={"pk": draft.case.pk}),
        {
            "channel": "reply_to_notice",
            "n": draft.number,
            "to": to,
            "documents": files
            if files is not None
            else [SimpleUploadedFile("发票 NH-0412.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_it_sends_the_appeal_in_the_notices_thread_and_keeps_the_exact_bytes(
    draft: Draft, owner_client: Client, smtp_sink: Sink
) -> None:
    smtp_settings(draft.case, smtp_sink.host, smtp_sink.port)
    _send(owner_client, draft)
    (received,) = smtp_sink.wait_for(1)
    submission = Submission.objects.get(case=draft.case)
    assert submission.state == "sent"
    assert submission.submitted_at is not None
    # The envelope and the headers.
    assert received.mail_from == USER
    assert received.rcpt_tos == [AMAZON]
    assert received.login == USER
    message = received.message
    assert message["From"].addresses[0].addr_spec == USER
    assert message["To"] == AMAZON
    assert message["Subject"] == "Re: Your Amazon.com selling account has been deactivated"
    assert message["In-Reply-To"] == NOTICE_ID
    assert message["References"] == NOTICE_ID
    assert message["Message-ID"] == submission.message_id
    # The letter, and the seller's document intact.
    body = message.get_body(("plain",))
    assert body is not None
    assert draft.letter.splitlines()[0] in body.get_content()
    (attached,) = list(message.iter_attachments())
    assert attached.get_filename() == "发票 NH-0412.pdf"
    assert attached.get_content() == PDF
    # The copy kept is exactly what the server received.
    with submission.raw_message.open("rb") as handle:
        kept = handle.read()
    assert kept == received.data
    copy = owner_client.get(reverse("submissions:copy", kwargs={"pk": draft.case.pk}))
    assert b"".join(copy.streaming_content) == kept  # type: ignore[attr-defined]
    assert copy["Content-Type"] == "message/rfc822"
    draft.case.refresh_from_db()
    assert draft.case.status == "awaiting_reply"


def test_it_refuses_to_send_in_plain_text_when_tls_is_required(
    draft: Draft, owner_client: Client, smtp_sink: Sink
) -> None:
    # The sink offers no STARTTLS: with TLS required, neither the password nor the appeal goes.
    smtp_settings(draft.case, smtp_sink.host, smtp_sink.port, security="starttls")
    page = _send(owner_client, draft)
    submission = Submission.objects.get(case=draft.case)
    assert submission.state == "failed"
    assert submission.error_code == "tls_unavailable"
    assert smtp_sink.received() == []
    assert smtp_sink.logins == []
    assert "does not offer an encrypted connection" in page
    draft.case.refresh_from_db()
    assert draft.case.status != "submitted"


def test_it_says_an_app_password_is_needed_when_the_password_is_refused(
    draft: Draft, owner_client: Client, smtp_sink: Sink
) -> None:
    smtp = smtp_settings(draft.case, smtp_sink.host, smtp_sink.port)
    smtp.set_password("the-login-password")
    smtp.save()
    page = _send(owner_client, draft)
    submission = Submission.objects.get(case=draft.case)
    assert (submission.state, submission.error_code) == ("failed", "auth_failed")
    assert smtp_sink.received() == []
    assert "app password" in page


def test_it_sends_only_to_amazons_own_addresses(
    draft: Draft, owner_client: Client, smtp_sink: Sink
) -> None:
    smtp_settings(draft.case, smtp_sink.host, smtp_sink.port)
    page = _send(owner_client, draft, to="agent@appeal-helpers.example")
    assert "only to Amazon" in page
    assert not Submission.objects.exists()
    assert smtp_sink.received() == []


def test_it_asks_for_the_sending_settings_first(draft: Draft, owner_client: Client) -> None:
    page = _send(owner_client, draft)
    assert "sending settings" in page
    assert not Submission.objects.exists()


def test_it_sends_nothing_twice_when_the_job_runs_again(
    draft: Draft, owner_client: Client, smtp_sink: Sink
) -> None:
    smtp_settings(draft.case, smtp_sink.host, smtp_sink.port)
    _send(owner_client, draft)
    submission = Submission.objects.get()
    assert services.send_by_email(submission.pk) is None  # already sent: nothing to do
    assert services.resume_sends(timezone.now() + timedelta(hours=1)) == []
    assert len(smtp_sink.wait_for(1)) == 1


def test_it_tries_again_later_when_the_server_cannot_be_reached(
    draft: Draft, owner: User, smtp_sink: Sink
) -> None:
    smtp_settings(draft.case, "127.0.0.1", free_port())  # nobody listens there
    now = timezone.now()
    submission = services.queue_email(
        draft.case,
        channel=SubmissionChannel.REPLY_TO_NOTICE,
        to=AMAZON,
        actor=owner,
        now=now,
        draft=draft,
    )
    services.send_by_email(submission.pk, now=lambda: now)
    submission.refresh_from_db()
    assert (submission.state, submission.error_code) == ("queued", "connect_failed")
    assert services.resume_sends(now + timedelta(minutes=1)) == []
    assert services.resume_sends(now + timedelta(minutes=6)) == [submission.pk]
    # The server comes back: the same e-mail (same Message-ID) goes, once.
    SmtpSettings.objects.filter(account=draft.case.account).update(port=smtp_sink.port)
    services.send_by_email(submission.pk, now=lambda: now + timedelta(minutes=6))
    (received,) = smtp_sink.wait_for(1)
    assert received.message["Message-ID"] == submission.message_id
    submission.refresh_from_db()
    assert (submission.state, submission.attempts) == ("sent", 2)


def test_it_sends_the_receipt_check_in_the_appeals_own_thread(
    draft: Draft, owner_client: Client, smtp_sink: Sink
) -> None:
    smtp_settings(draft.case, smtp_sink.host, smtp_sink.port)
    _send(owner_client, draft)
    appeal = Submission.objects.get()
    Submission.objects.filter(pk=appeal.pk).update(
        submitted_at=timezone.now() - timedelta(hours=49)
    )
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": draft.case.pk})).content
    assert b"you may send one receipt check" in page
    owner_client.post(
        reverse("submissions:follow_up", kwargs={"pk": draft.case.pk}), {"how": "email"}
    )
    first, second = smtp_sink.wait_for(2)
    check = second.message
    assert check["In-Reply-To"] == appeal.message_id
    assert check["References"] == f"{NOTICE_ID} {appeal.message_id}"
    assert check["Subject"] == first.message["Subject"]  # "Re: ..." once, the same thread
    body = check.get_body(("plain",))
    assert body is not None
    assert "confirm that the appeal was received" in body.get_content()
    follow_up = Submission.objects.get(kind="receipt_check")
    assert (follow_up.state, follow_up.parent_id) == ("sent", appeal.pk)
    draft.case.refresh_from_db()
    assert draft.case.status == "follow_up"


def test_it_keeps_the_mail_password_encrypted_and_rotates_it_with_the_key(
    case: Case, settings: object
) -> None:
    from cryptography.fernet import Fernet

    smtp = smtp_settings(case, "127.0.0.1", 2525)
    assert PASSWORD not in smtp.password_encrypted
    assert smtp.password() == PASSWORD
    new = Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [new]  # type: ignore[attr-defined]
    out = io.StringIO()
    call_command("reencrypt_credentials", stdout=out)
    assert "1 connection(s) re-encrypted" in out.getvalue()
    smtp.refresh_from_db()
    assert crypto.is_current(smtp.password_encrypted)
    assert smtp.password() == PASSWORD


def test_it_saves_the_settings_and_never_shows_the_password_again(
    case: Case, owner_client: Client
) -> None:
    url = reverse("submissions:account_sending", kwargs={"pk": case.account.pk})
    response = owner_client.post(
        url,
        {
            "host": "smtp.qq.com",
            "port": "465",
            "security": "ssl",
            "username": "1234567@qq.com",
            "password": "authorisation-code-xyz",
        },
    )
    assert response.status_code == 302
    smtp = SmtpSettings.objects.get(account=case.account)
    assert smtp.password() == "authorisation-code-xyz"
    assert b"authorisation-code-xyz" not in owner_client.get(url).content
    # Changing the port keeps the stored password.
    owner_client.post(
        url,
        {
            "host": "smtp.qq.com",
            "port": "587",
            "security": "starttls",
            "username": "1234567@qq.com",
        },
    )
    smtp.refresh_from_db()
    assert (smtp.port, smtp.password()) == (587, "authorisation-code-xyz")


def test_it_refuses_an_unencrypted_connection_to_another_machine(
    case: Case, owner_client: Client
) -> None:
    response = owner_client.post(
        reverse("submissions:account_sending", kwargs={"pk": case.account.pk}),
        {
            "host": "smtp.163.com",
            "port": "25",
            "security": "none",
            "username": "seller@163.com",
            "password": "x",
        },
    )
    assert response.status_code == 200
    assert "only allowed to a mail relay on this machine" in response.content.decode()
    assert not SmtpSettings.objects.exists()


def test_it_tests_the_settings_without_sending_anything(
    case: Case, owner_client: Client, smtp_sink: Sink
) -> None:
    smtp_settings(case, smtp_sink.host, smtp_sink.port)
    response = owner_client.post(
        reverse("submissions:account_sending_test", kwargs={"pk": case.account.pk}),
        follow=True,
    )
    assert "The mail server accepted the settings" in response.content.decode()
    assert smtp_sink.logins == [(USER, True)]
    assert smtp_sink.received() == []


def test_it_gives_an_outsider_404_on_the_sending_settings(
    case: Case, outsider_client: Client
) -> None:
    smtp_settings(case, "127.0.0.1", 2525)
    url = reverse("submissions:account_sending", kwargs={"pk": case.account.pk})
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url, {"host": "evil.example"}).status_code == 404
