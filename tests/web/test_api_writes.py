"""The API's writes: evidence, submissions, hand-overs, a seller account's mailbox. Each goes
through the service the page uses; the tests read the result back as the pages show it."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from reinstate.demo.documents import InvoiceSpec, Item, invoice_pdf
from reinstate_web.accounts.models import Organisation, User
from reinstate_web.cases.models import Case
from reinstate_web.cases.services import open_case
from reinstate_web.drafting.models import Draft
from reinstate_web.evidence.models import EvidenceDocument
from reinstate_web.evidence.services import check_case
from reinstate_web.mailbox.models import MailboxConnection
from reinstate_web.submissions import services
from reinstate_web.submissions.labels import CHANNEL_NAMES
from reinstate_web.submissions.models import Submission
from reinstate_web.teams import handover
from reinstate_web.teams.handover import accept, escalate_to_team, revoke
from tests.mail.refusing_imap import refusing_imap
from tests.mail.smtp_sink import Sink
from tests.web.api_helpers import api_client
from tests.web.conftest import client_for, make_user
from tests.web.object_factories import NOTICE
from tests.web.submission_helpers import PDF, ready_letter, smtp_settings, with_notice

AMAZON = "seller-performance@amazon.com"

INVOICE = invoice_pdf(InvoiceSpec(issued=date(2026, 3, 2), items=(Item("Board", "B0C7Q2ZK4M", 5),)))


@pytest.fixture(autouse=True)
def _fresh_rate_window() -> None:
    cache.clear()


def _with_notice(client: Client, case: Case) -> None:
    upload = SimpleUploadedFile("notice.eml", NOTICE, content_type="message/rfc822")
    assert client.post(f"/api/cases/{case.pk}/notices", {"file": upload}).status_code == 201


def _evidence(client: Client, case: Case, data: bytes = INVOICE, **fields: object) -> object:
    upload = SimpleUploadedFile("invoice.pdf", data, content_type="application/pdf")
    return client.post(
        f"/api/cases/{case.pk}/evidence", {"document": upload, "proves": "invoices", **fields}
    )


# --- evidence ----------------------------------------------------------------------------------


def test_it_keeps_an_evidence_document_and_reads_it(
    owner: User, case: Case, owner_client: Client
) -> None:
    client = api_client(owner)
    _with_notice(client, case)
    response = _evidence(client, case, asins=["B0C7Q2ZK4M"])
    assert response.status_code == 202, response.content
    body = response.json()
    document = EvidenceDocument.objects.get(case=case)
    assert body["id"] == document.pk
    assert body["sha256"] == document.sha256
    assert body["size"] == len(INVOICE)
    assert body["proves"] == "invoices"
    # The test settings run jobs at once: the reading job has run, as the worker would.
    assert body["state"] == "done"
    result = check_case(case).result_for(document)
    assert body["passed"] is result.passed
    assert [f["rule"] for f in body["findings"]] == [f.rule for f in result.findings]
    assert document.asins == ["B0C7Q2ZK4M"]
    # The case page shows it in step 3.
    page = owner_client.get(f"/cases/{case.pk}/evidence/panel/")
    assert "invoice.pdf" in page.content.decode()
    listed = client.get(f"/api/cases/{case.pk}/evidence").json()["items"]
    assert [i["id"] for i in listed] == [document.pk]


def test_the_same_evidence_file_twice_is_kept_once(owner: User, case: Case) -> None:
    client = api_client(owner)
    assert _evidence(client, case).status_code == 202
    again = _evidence(client, case)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "duplicate_file"
    assert EvidenceDocument.objects.filter(case=case).count() == 1


def test_an_evidence_file_over_the_limit_is_dropped_while_it_arrives(
    owner: User, case: Case, settings: object
) -> None:
    settings.EVIDENCE_MAX_BYTES = 1000  # type: ignore[attr-defined]
    response = _evidence(api_client(owner), case, data=INVOICE + b"\0" * 2000)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert not EvidenceDocument.objects.filter(case=case).exists()


def test_an_evidence_upload_is_checked_as_the_page_checks_it(owner: User, case: Case) -> None:
    client = api_client(owner)
    wrong = _evidence(client, case, proves="plan_of_action")
    assert wrong.status_code == 422
    assert wrong.json()["error"]["message"].startswith("proves:")
    foreign = _evidence(client, case, asins=["B000000000"])
    assert foreign.status_code == 422
    assert foreign.json()["error"]["message"].startswith("asins:")
    missing = client.post(f"/api/cases/{case.pk}/evidence", {"proves": "invoices"})
    assert missing.status_code == 422
    assert missing.json()["error"]["message"].startswith("document:")
    assert not EvidenceDocument.objects.filter(case=case).exists()


# --- submissions -------------------------------------------------------------------------------


@pytest.fixture
def letter(case: Case, owner: User) -> Draft:
    with_notice(case, owner)
    return ready_letter(case, owner)


def _record(client: Client, case: Case, letter: Draft, **fields: object) -> object:
    return client.post(
        f"/api/cases/{case.pk}/submissions",
        {
            "channel": "account_health_form",
            "draft": letter.number,
            "documents": [SimpleUploadedFile("发票 NH-0412.pdf", PDF)],
            **fields,
        },
    )


def test_it_records_a_submission_frozen_as_the_page_does(
    owner: User, case: Case, letter: Draft, owner_client: Client
) -> None:
    client = api_client(owner)
    response = _record(client, case, letter)
    assert response.status_code == 201, response.content
    body = response.json()
    [kept] = services.submissions(case)
    assert body["id"] == kept.pk
    assert (body["kind"], body["channel"], body["method"], body["state"]) == (
        "appeal",
        "account_health_form",
        "copy",
        "recorded",
    )
    assert body["sha256"] == kept.sha256
    assert kept.draft_id == letter.pk
    assert kept.text.strip()
    assert kept.text in "\n\n".join(str(s["text"]) for s in letter.sections.values())
    assert body["files"] == [
        {
            "name": "发票 NH-0412.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "sha256": hashlib.sha256(PDF).hexdigest(),
        }
    ]
    # The case moved on, as on the page; step 6 shows the submission.
    assert client.get(f"/api/cases/{case.pk}").json()["status"] == "awaiting_reply"
    panel = owner_client.get(f"/cases/{case.pk}/submit/panel/").content.decode()
    assert "appeal submitted on" in panel
    assert escape(str(CHANNEL_NAMES["account_health_form"])) in panel


def test_a_second_appeal_while_one_is_pending_is_refused(
    owner: User, case: Case, letter: Draft
) -> None:
    client = api_client(owner)
    assert _record(client, case, letter).status_code == 201
    again = _record(client, case, letter, channel="listing_appeal")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "appeal_pending"
    assert "duplicate contact" in again.json()["error"]["message"]
    assert len(services.submissions(case)) == 1


def test_a_submission_is_checked_as_the_page_checks_it(
    owner: User, case: Case, letter: Draft
) -> None:
    client = api_client(owner)
    channel = _record(client, case, letter, channel="fax")
    assert channel.status_code == 422
    assert channel.json()["error"]["message"].startswith("channel:")
    unknown = _record(client, case, letter, draft=letter.number + 50)
    assert unknown.status_code == 404
    renamed = _record(
        client, case, letter, documents=[SimpleUploadedFile("invoice.pdf", b"PK\3\4 word")]
    )
    assert renamed.status_code == 400
    assert renamed.json()["error"]["code"] == "attachment_content"
    assert services.submissions(case) == []


def test_it_emails_the_appeal_through_the_job_queue(
    owner: User, case: Case, letter: Draft, smtp_sink: Sink
) -> None:
    smtp_settings(case, smtp_sink.host, smtp_sink.port)
    client = api_client(owner)
    response = client.post(
        f"/api/cases/{case.pk}/submissions/email",
        {"channel": "reply_to_notice", "draft": letter.number, "to": AMAZON},
    )
    assert response.status_code == 202, response.content
    (received,) = smtp_sink.wait_for(1)
    kept = Submission.objects.get(case=case)
    assert response.json()["id"] == kept.pk
    assert response.json()["method"] == "email"
    assert received.rcpt_tos == [AMAZON]
    assert received.message["Message-ID"] == kept.message_id
    listed = client.get(f"/api/cases/{case.pk}/submissions").json()["items"]
    assert [(i["id"], i["state"]) for i in listed] == [(kept.pk, "sent")]


def test_it_emails_only_amazon(owner: User, case: Case, letter: Draft, smtp_sink: Sink) -> None:
    smtp_settings(case, smtp_sink.host, smtp_sink.port)
    response = api_client(owner).post(
        f"/api/cases/{case.pk}/submissions/email",
        {"channel": "reply_to_notice", "draft": letter.number, "to": "me@example.com"},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_amazon"
    assert not Submission.objects.filter(case=case).exists()


# --- hand-overs --------------------------------------------------------------------------------


@pytest.fixture
def team(case: Case, owner: User) -> Organisation:
    """A team the seller already works with (an earlier hand-over, taken back)."""
    team = Organisation.objects.create(name="Appeal Team", kind=Organisation.Kind.AGENCY)
    earlier = open_case(case.account, title="Earlier case", actor=owner)
    revoke(escalate_to_team(earlier, team, actor=owner), actor=owner)
    return team


def _offer(client: Client, case: Case, **body: object) -> object:
    return client.post(
        f"/api/cases/{case.pk}/handovers",
        {"message": "Please help", "consent": True, **body},
        content_type="application/json",
    )


def test_a_seller_offers_a_case_and_the_team_accepts_it(
    owner: User, case: Case, team: Organisation
) -> None:
    specialist = make_user("specialist@team.example", team, "specialist")
    seller = api_client(owner)
    offered = _offer(seller, case, team_id=team.pk)
    assert offered.status_code == 201, offered.content
    grant = handover.live_grant(case)
    assert grant is not None
    assert offered.json() == {**offered.json(), "id": grant.pk, "state": "offered"}
    assert grant.message == "Please help"
    # The team sees the request (as in its workspace), not the case.
    member = api_client(specialist)
    assert member.get(f"/api/cases/{case.pk}").status_code == 404
    [asked] = member.get(f"/api/teams/{team.pk}/requests").json()["items"]
    assert (asked["id"], asked["case_id"], asked["offered_by"]) == (grant.pk, case.pk, owner.email)
    assert asked["store_name"] == case.account.store_name
    workspace = client_for(specialist).get(f"/teams/{team.pk}/")
    assert [g.pk for g in workspace.context["requests"]] == [grant.pk]
    accepted = member.post(f"/api/teams/{team.pk}/requests/{grant.pk}/accept")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["state"] == "active"
    assert member.get(f"/api/cases/{case.pk}").json()["id"] == case.pk
    case.refresh_from_db()
    assert case.assignee_id == specialist.pk
    assert client_for(specialist).get(f"/cases/{case.pk}/").status_code == 200
    # The seller takes it back: the team reaches nothing of it any more.
    revoked = seller.post(f"/api/cases/{case.pk}/handovers/{grant.pk}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked"
    assert member.get(f"/api/cases/{case.pk}").status_code == 404
    again = seller.post(f"/api/cases/{case.pk}/handovers/{grant.pk}/revoke")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "gone"


def test_a_hand_over_needs_the_sellers_consent(owner: User, case: Case, team: Organisation) -> None:
    response = _offer(api_client(owner), case, team_id=team.pk, consent=False)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "consent_required"
    assert handover.live_grant(case) is None


def test_a_hand_over_goes_to_a_known_team_or_an_address(
    owner: User, case: Case, team: Organisation
) -> None:
    client = api_client(owner)
    stranger = Organisation.objects.create(name="Unknown Team", kind=Organisation.Kind.AGENCY)
    assert _offer(client, case, team_id=stranger.pk).status_code == 422
    both = _offer(client, case, team_id=team.pk, email="team@appeals.example")
    assert both.status_code == 422
    assert _offer(client, case).status_code == 422
    assert handover.live_grant(case) is None


def test_a_seller_invites_a_team_by_e_mail(owner: User, case: Case) -> None:
    client = api_client(owner)
    response = _offer(client, case, email="Team@Appeals.example")
    assert response.status_code == 201, response.content
    assert (response.json()["team_id"], response.json()["team_name"]) == (None, None)
    [sent] = mail.outbox
    assert sent.to == ["team@appeals.example"]
    link = next(w for w in sent.body.split() if "/handover/" in w)
    assert Client().get(link.replace("http://testserver", "")).status_code == 200
    second = _offer(client, case, email="other@appeals.example")
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "already"


def test_a_team_declines_and_the_seller_sees_it(
    owner: User, case: Case, team: Organisation
) -> None:
    specialist = make_user("specialist@team.example", team, "specialist")
    grant_id = _offer(api_client(owner), case, team_id=team.pk).json()["id"]
    declined = api_client(specialist).post(f"/api/teams/{team.pk}/requests/{grant_id}/decline")
    assert declined.status_code == 200
    assert declined.json()["state"] == "declined"
    [item] = api_client(owner).get(f"/api/cases/{case.pk}/handovers").json()["items"]
    assert (item["id"], item["state"]) == (grant_id, "declined")
    gone = api_client(specialist).post(f"/api/teams/{team.pk}/requests/{grant_id}/accept")
    assert gone.status_code == 404


def test_a_team_cannot_hand_the_case_on_or_revoke_itself(
    owner: User, case: Case, team: Organisation
) -> None:
    specialist = make_user("specialist@team.example", team, "specialist")
    grant = accept(escalate_to_team(case, team, actor=owner), actor=specialist, team=team)
    member = api_client(specialist)
    assert _offer(member, case, email="x@appeals.example").status_code == 403
    assert member.post(f"/api/cases/{case.pk}/handovers/{grant.pk}/revoke").status_code == 403
    assert handover.live_grant(case) == grant


# --- the mailbox connection (a real dovecot: tests/mail/test_api_mailbox.py) --------------------


def _mailbox(client: Client, account_id: int, **body: object) -> object:
    return client.put(
        f"/api/accounts/{account_id}/mailbox",
        {"provider": "other", "username": "me@qq.com", "password": "secret", **body},
        content_type="application/json",
    )


def test_a_refused_mailbox_sign_in_says_why_and_keeps_nothing(owner: User, case: Case) -> None:
    with refusing_imap("qq_authorization_code") as server:
        response = _mailbox(
            api_client(owner), case.account_id, host=server.host, port=server.port, use_ssl=False
        )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "app_password_needed"
    assert "authorisation code" in error["message"]
    assert "secret" not in response.content.decode()
    assert not MailboxConnection.objects.exists()


def test_a_mailbox_is_checked_as_the_page_checks_it(owner: User, case: Case) -> None:
    client = api_client(owner)
    plain = _mailbox(client, case.account_id, host="imap.example.com", use_ssl=False)
    assert plain.status_code == 422
    assert plain.json()["error"]["message"].startswith("use_ssl:")
    nowhere = _mailbox(client, case.account_id)
    assert nowhere.status_code == 422
    assert nowhere.json()["error"]["message"].startswith("host:")
    assert client.get(f"/api/accounts/{case.account_id}/mailbox").status_code == 404
    assert client.delete(f"/api/accounts/{case.account_id}/mailbox").status_code == 404


def test_a_viewer_reads_but_cannot_change_the_mailbox(viewer: User, case: Case) -> None:
    MailboxConnection.objects.create(
        account=case.account, provider="other", host="127.0.0.1", username="seller"
    )
    client = api_client(viewer)
    read = client.get(f"/api/accounts/{case.account_id}/mailbox").json()
    assert read["username"] == "seller"
    assert set(read) >= {"host", "last_error_code"}
    assert not {k for k in read if "password" in k or "token" in k}
    assert _mailbox(client, case.account_id, host="127.0.0.1").status_code == 403
    assert client.post(f"/api/accounts/{case.account_id}/mailbox/check").status_code == 403
    assert client.delete(f"/api/accounts/{case.account_id}/mailbox").status_code == 403


def test_a_team_id_beyond_any_database_is_no_team(owner: User) -> None:
    response = api_client(owner).post(f"/api/teams/{2**100}/requests/1/accept")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
