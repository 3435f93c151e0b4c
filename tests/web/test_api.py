"""The HTTP API: tokens, cases, notices, exports and findings, drafts and checks."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from reinstate.codes import SubmissionChannel
from reinstate.mailbox import Entry, FolderMark
from reinstate.mailbox.imap import FetchedMessage
from reinstate.mailbox.reading import read_taken
from reinstate_web.accounts.models import Organisation, User
from reinstate_web.api.models import ApiToken
from reinstate_web.api.tokens import create_token, digest_of
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.evidence.models import EvidenceDocument
from reinstate_web.evidence.services import check_case
from reinstate_web.mailbox.delivery import deliver
from reinstate_web.mailbox.ledger import OrmLedger
from reinstate_web.mailbox.models import MailboxConnection, MailboxMessage
from reinstate_web.submissions.records import Upload, record_submission
from reinstate_web.teams.handover import accept, escalate_to_team, revoke
from tests.web.api_helpers import api_client, token_for
from tests.web.conftest import make_user
from tests.web.object_factories import FACTORIES, NOTICE
from tests.web.submission_helpers import (
    NOTICE_ID,
    PDF,
    REPLIES,
    notice_eml,
    ready_letter,
    with_notice,
)

REPORTS = Path(__file__).parents[1] / "fixtures" / "reports"


@pytest.fixture(autouse=True)
def _fresh_rate_window() -> None:
    cache.clear()


def test_it_keeps_only_the_sha256_of_a_token(owner: User) -> None:
    row, secret = create_token(owner, "ci")
    assert secret.startswith("rst_")
    assert secret not in str(ApiToken.objects.values().get())
    assert row.digest == digest_of(secret)


def test_it_refuses_a_request_without_a_valid_token(case: Case) -> None:
    for client in (Client(), Client(HTTP_AUTHORIZATION="Bearer rst_nope")):
        response = client.get("/api/cases")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"


def test_it_refuses_an_expired_or_revoked_token(owner: User, case: Case) -> None:
    row, secret = create_token(owner, "old")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/cases").status_code == 200
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/cases").status_code == 401
    ApiToken.objects.filter(pk=row.pk).update(expires_at=None, revoked_at=timezone.now())
    assert client.get("/api/cases").status_code == 401


def test_a_read_token_cannot_write(owner: User, account: SellerAccount) -> None:
    client = api_client(owner, scopes=["read"])
    response = client.post(
        "/api/cases", {"account_id": account.pk, "title": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "scope_missing"


def test_it_lists_opens_and_reads_cases_with_a_cursor(owner: User, account: SellerAccount) -> None:
    client = api_client(owner)
    ids = []
    for n in range(3):
        response = client.post(
            "/api/cases",
            {"account_id": account.pk, "title": f"case {n}"},
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
    first = client.get("/api/cases?limit=2").json()
    assert [c["id"] for c in first["items"]] == ids[::-1][:2]
    rest = client.get(f"/api/cases?limit=2&cursor={first['next_cursor']}").json()
    assert [c["id"] for c in rest["items"]] == [ids[0]]
    assert rest["next_cursor"] is None
    assert client.get(f"/api/cases/{ids[0]}").json()["title"] == "case 0"
    assert client.get("/api/cases?cursor=%%%").json()["error"]["code"] == "invalid_cursor"


def test_a_viewer_reads_but_cannot_open_a_case(viewer: User, account: SellerAccount) -> None:
    client = api_client(viewer)
    assert client.get("/api/accounts").json()[0]["id"] == account.pk
    response = client.post(
        "/api/cases", {"account_id": account.pk, "title": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_it_diagnoses_an_uploaded_notice(owner: User, case: Case) -> None:
    client = api_client(owner)
    upload = SimpleUploadedFile("notice.eml", NOTICE, content_type="message/rfc822")
    response = client.post(f"/api/cases/{case.pk}/notices", {"file": upload})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["category"] == "inauthentic"
    assert body["diagnosis"]["asins"] == ["B0C7Q2ZK4M"]
    assert client.get(f"/api/cases/{case.pk}/notices").json()["items"][0]["id"] == body["id"]
    listed = client.get(f"/api/cases/{case.pk}/notices/{body['id']}").json()
    assert listed["diagnosis"]["category"] == "inauthentic"


def test_an_unreadable_notice_is_one_error(owner: User, case: Case) -> None:
    upload = SimpleUploadedFile("notice.eml", b"", content_type="message/rfc822")
    response = api_client(owner).post(f"/api/cases/{case.pk}/notices", {"file": upload})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unreadable"


def test_it_stores_exports_and_answers_the_findings(owner: User, case: Case) -> None:
    client = api_client(owner)
    data = (REPORTS / "feedback_us.txt").read_bytes()
    response = client.post(
        f"/api/cases/{case.pk}/files", {"files": [SimpleUploadedFile("feedback.txt", data)]}
    )
    assert response.status_code == 202, response.content
    stored = response.json()["stored"]
    assert stored[0]["kind"]
    assert len(stored[0]["sha256"]) == 64
    findings = client.get(f"/api/cases/{case.pk}/findings").json()
    assert findings["run_id"] == response.json()["run_id"]
    assert findings["status"] in {"queued", "running", "done", "failed"}
    assert client.get(f"/api/cases/{case.pk}/files").json()["items"][0]["id"] == stored[0]["id"]


def test_it_composes_reads_edits_and_checks_a_letter(owner: User, case: Case) -> None:
    client = api_client(owner)
    upload = SimpleUploadedFile("notice.eml", NOTICE, content_type="message/rfc822")
    assert client.post(f"/api/cases/{case.pk}/notices", {"file": upload}).status_code == 201
    composed = client.post(
        f"/api/cases/{case.pk}/drafts", {"lang": "en"}, content_type="application/json"
    )
    assert composed.status_code == 201, composed.content
    draft = composed.json()
    assert draft["letter"]
    assert draft["check"]["verdict"] in {"ready", "fix_first", "not_ready"}
    number = draft["number"]
    read = client.get(f"/api/cases/{case.pk}/drafts/{number}").json()
    assert read["letter"] == draft["letter"]
    check = client.post(
        f"/api/cases/{case.pk}/drafts/{number}/check",
        {"letter": "We are sorry. Teh problem is fixed."},
        content_type="application/json",
    ).json()
    assert 0 <= check["score"] <= 100
    assert check["findings"]
    edited = client.post(
        f"/api/cases/{case.pk}/drafts/{number}/edits",
        {"letter": draft["letter"] + "\nThank you.\n"},
        content_type="application/json",
    )
    assert edited.status_code == 201
    assert edited.json()["number"] == number + 1
    listed = client.get(f"/api/cases/{case.pk}/drafts").json()["items"]
    assert [d["number"] for d in listed] == [number + 1, number]


def test_it_limits_the_rate_per_token(owner: User, settings: object, case: Case) -> None:
    settings.API_RATE_LIMIT = (3, 60)  # type: ignore[attr-defined]
    client = api_client(owner)
    answers = [client.get("/api/cases").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert int(client.get("/api/cases")["Retry-After"]) >= 1


def test_the_token_page_makes_and_revokes_a_token(owner: User, owner_client: Client) -> None:
    response = owner_client.post(
        "/me/tokens/", {"name": "my script", "scopes": ["read"], "days": 30}
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    row = ApiToken.objects.get(user=owner)
    assert row.digest == digest_of(secret)
    assert row.scopes == ["read"]
    owner_client.post(f"/me/tokens/{row.pk}/revoke/")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/cases").status_code == 401


def test_someone_else_cannot_revoke_my_token(owner: User, outsider_client: Client) -> None:
    row, secret = create_token(owner, "mine")
    outsider_client.post(f"/me/tokens/{row.pk}/revoke/")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/cases").status_code == 200


def test_the_command_makes_a_token(owner: User, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("api_token", "create", owner.email, "ci", "--scope", "read", "--days", "7")
    secret = capsys.readouterr().out.strip()
    assert ApiToken.objects.get(digest=digest_of(secret)).scopes == ["read"]


def test_the_docs_page_passes_the_content_security_policy(client: Client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert "<script>" not in html.replace(" ", "")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/cases" in schema["paths"]


def test_a_token_is_read_only_for_its_owner_tenant(outsider: User, case: Case) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(outsider)}")
    assert client.get(f"/api/cases/{case.pk}").status_code == 404
    assert client.get("/api/cases").json()["items"] == []


def test_it_reads_the_evidence_locker_checked(owner: User, case: Case) -> None:
    document_id = FACTORIES["document_id"](case, owner)
    body = api_client(owner).get(f"/api/cases/{case.pk}/evidence").json()
    assert body["next_cursor"] is None
    [item] = body["items"]
    document = EvidenceDocument.objects.get(pk=document_id)
    assert item["id"] == document_id
    assert item["original_name"] == "invoice.pdf"
    assert item["sha256"] == document.sha256
    assert item["size"] == document.size
    assert item["state"] == "done"
    assert item["proves"] == "invoices"
    assert item["kind"] == document.reading["kind"]
    assert "B0C7Q2ZK4M" in item["asins"]
    result = check_case(case).result_for(document)
    assert item["passed"] is result.passed
    assert [f["rule"] for f in item["findings"]] == [f.rule for f in result.findings]


def test_it_reads_the_submissions_frozen(owner: User, case: Case) -> None:
    with_notice(case, owner)
    draft = ready_letter(case, owner)
    recorded = record_submission(
        case,
        channel=SubmissionChannel.ACCOUNT_HEALTH_FORM,
        actor=owner,
        now=timezone.now(),
        draft=draft,
        uploads=[Upload("invoice.pdf", PDF)],
    )
    [item] = api_client(owner).get(f"/api/cases/{case.pk}/submissions").json()["items"]
    assert item["id"] == recorded.pk
    assert (item["channel"], item["method"], item["state"]) == (
        "account_health_form",
        "copy",
        "recorded",
    )
    assert item["sha256"] == recorded.sha256
    assert item["submitted_at"] is not None
    assert item["files"] == [
        {
            "name": "invoice.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "sha256": hashlib.sha256(PDF).hexdigest(),
        }
    ]


def test_it_reads_the_messages_the_watcher_attached(owner: User, case: Case) -> None:
    with_notice(case, owner)
    Case.objects.filter(pk=case.pk).update(status="awaiting_reply")
    # The IMAP server is the outer edge (tests/mail run the watcher against dovecot): the
    # message is written and delivered through the watcher's own ledger, as a poll does.
    connection = MailboxConnection.objects.create(
        account=case.account, provider="other", host="127.0.0.1", username="seller"
    )
    reply_id = "<reply-api-1@email.amazon.com>"
    raw = f"In-Reply-To: {NOTICE_ID}\n".encode() + notice_eml(
        message_id=reply_id,
        subject="RE: Your Amazon.com selling account has been deactivated",
        text=REPLIES["reinstated"],
        sent=timezone.now(),
    )
    entry = Entry(
        mailbox=str(connection.pk),
        folder="INBOX",
        uidvalidity=1,
        uid=7,
        message_key=reply_id,
        message_id=reply_id,
        sender="seller-performance@amazon.com",
        subject="RE: Your Amazon.com selling account has been deactivated",
        size=len(raw),
        reason="amazon",
        thread_ids=(NOTICE_ID,),
    )
    ledger = OrmLedger(connection, deliver, "")
    [written] = ledger.record(FolderMark(entry.mailbox, "INBOX", 1, 7), [entry])
    ledger.finish(read_taken(written, FetchedMessage(raw), 10_000_000, None))
    row = MailboxMessage.objects.get(connection=connection)
    assert row.case_id == case.pk, (row.match_rule, row.problem)
    [item] = api_client(owner).get(f"/api/cases/{case.pk}/mailbox-messages").json()["items"]
    assert item["id"] == row.pk
    assert item["subject"] == entry.subject
    assert item["sender"] == entry.sender
    assert item["kind"] == "reply"
    assert item["reply_outcome"] == "reinstated"
    assert item["match_rule"] == row.match_rule != ""
    assert item["notice_id"] == row.notice_id
    assert item["recorded_at"]


def test_it_reads_the_hand_overs(owner: User, case: Case) -> None:
    team = Organisation.objects.create(name="Appeal Team", kind=Organisation.Kind.AGENCY)
    grant = escalate_to_team(case, team, actor=owner)
    client = api_client(owner)
    [item] = client.get(f"/api/cases/{case.pk}/handovers").json()["items"]
    assert item["id"] == grant.pk
    assert item["team_id"] == team.pk
    assert item["team_name"] == "Appeal Team"
    assert item["state"] == "offered"
    assert item["answered_at"] is None
    assert item["revoked_at"] is None
    revoke(grant, actor=owner)
    [item] = client.get(f"/api/cases/{case.pk}/handovers").json()["items"]
    assert item["state"] == "revoked"
    assert item["revoked_at"] is not None


def test_a_team_reads_only_its_own_hand_overs(owner: User, case: Case) -> None:
    earlier = Organisation.objects.create(name="Earlier Team", kind=Organisation.Kind.AGENCY)
    revoke(escalate_to_team(case, earlier, actor=owner), actor=owner)
    team = Organisation.objects.create(name="Appeal Team", kind=Organisation.Kind.AGENCY)
    specialist = make_user("specialist@team.example", team, "owner")
    grant = accept(escalate_to_team(case, team, actor=owner), actor=specialist, team=team)
    items = api_client(specialist).get(f"/api/cases/{case.pk}/handovers").json()["items"]
    assert [(i["id"], i["team_name"], i["state"]) for i in items] == [
        (grant.pk, "Appeal Team", "active")
    ]
    seller_side = api_client(owner).get(f"/api/cases/{case.pk}/handovers").json()["items"]
    assert [i["team_name"] for i in seller_side] == ["Appeal Team", "Earlier Team"]
