"""A seller's data out or gone through the API: the account export (the site's ZIP of case
bundles, streamed), deleting a case or a seller account with its files (owners only, the
``export`` and ``delete`` scopes, an explicit confirmation), read back from the database, the
disk and the audit log's DeletionRecord."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from reinstate_web.accounts.models import Organisation, User
from reinstate_web.cases.models import Case, CaseEvent, DeletionRecord, SellerAccount
from reinstate_web.mailbox.models import MailboxConnection
from reinstate_web.notices.models import Notice
from reinstate_web.teams import bundles, handover
from tests.web.api_helpers import api_client
from tests.web.conftest import make_user

OnCommit = Callable[..., Any]
ALL = ("read", "write", "export", "delete")


@pytest.fixture(autouse=True)
def _fresh_rate_window() -> None:
    cache.clear()


def _folder(case_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "cases" / str(case_id)


def _delete(client: Client, url: str, confirm: object = True) -> Any:
    return client.delete(url, {"confirm": confirm}, content_type="application/json")


def test_it_streams_the_accounts_export_as_the_site_makes_it(
    two_cases: list[Case], owner: User
) -> None:
    account = two_cases[0].account
    response = api_client(owner, ALL).get(f"/api/accounts/{account.pk}/export")
    assert response.status_code == 200
    assert response.streaming  # a FileResponse: sent in blocks, never held whole
    assert response["Content-Type"] == "application/zip"
    assert f'filename="reinstate-account-{account.pk}-' in response["Content-Disposition"]
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert int(response["Content-Length"]) == len(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        summary = json.loads(archive.read("account.json"))
        assert summary["format"] == "reinstate-account-export"
        assert summary["account"]["store_name"] == "Test Store"
        assert [c["id"] for c in summary["cases"]] == [c.pk for c in two_cases]
        for entry in summary["cases"]:
            bundle = bundles.verify(io.BytesIO(archive.read(entry["bundle"])))
            assert bundle.manifest.counts()["notices"] == 1
            assert all(f.verified for f in bundle.manifest.files)


def test_exporting_needs_the_export_scope(case: Case, owner: User) -> None:
    for scopes in (["read"], ["read", "write"], ["read", "write", "delete"]):
        response = api_client(owner, scopes).get(f"/api/accounts/{case.account_id}/export")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "scope_missing"
        assert "'export'" in response.json()["error"]["message"]
    # Reading is still needed: export alone is a GET without the read scope.
    response = api_client(owner, ["export"]).get(f"/api/accounts/{case.account_id}/export")
    assert response.json()["error"]["code"] == "scope_missing"
    assert (
        api_client(owner, ["read", "export"])
        .get(f"/api/accounts/{case.account_id}/export")
        .status_code
        == 200
    )


def test_it_deletes_a_case_with_its_files_and_keeps_the_audit_record(
    two_cases: list[Case], owner: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    case, other = two_cases
    client = api_client(owner, ALL)
    assert any(_folder(case.pk).rglob("*.eml"))
    refused = _delete(client, f"/api/cases/{case.pk}", confirm=False)
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "confirmation_required"
    missing = client.delete(f"/api/cases/{case.pk}", {}, content_type="application/json")
    assert missing.status_code == 422
    assert Case.objects.filter(pk=case.pk).exists()
    assert any(_folder(case.pk).rglob("*.eml"))

    with django_capture_on_commit_callbacks(execute=True):
        response = _delete(client, f"/api/cases/{case.pk}")
    assert response.status_code == 200
    body = response.json()
    assert (body["kind"], body["object_id"], body["cases"], body["files"]) == (
        "case",
        case.pk,
        1,
        1,
    )
    assert body["bytes"] > 0
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Notice.objects.filter(case_id=case.pk).exists()
    assert not CaseEvent.objects.filter(case_id=case.pk).exists()
    assert not _folder(case.pk).exists()
    assert any(_folder(other.pk).rglob("*.eml"))  # the other case keeps its files
    record = DeletionRecord.objects.get()
    assert (record.kind, record.object_id, record.actor, record.actor_email) == (
        "case",
        case.pk,
        owner,
        owner.email,
    )
    kept = json.dumps({f.name: str(getattr(record, f.name)) for f in record._meta.fields})
    assert case.title not in kept
    assert "Test Store" not in kept
    # Gone is gone: the case answers as one that never existed.
    assert client.get(f"/api/cases/{case.pk}").status_code == 404
    assert _delete(client, f"/api/cases/{case.pk}").status_code == 404


def test_it_deletes_a_seller_account_with_every_case_and_file(
    two_cases: list[Case], owner: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    account = two_cases[0].account
    MailboxConnection.objects.create(
        account=account, provider="other", host="127.0.0.1", username="seller"
    )
    client = api_client(owner, ALL)
    assert _delete(client, f"/api/accounts/{account.pk}", confirm=False).status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        response = _delete(client, f"/api/accounts/{account.pk}")
    assert response.status_code == 200
    assert response.json()["kind"] == "account"
    assert (response.json()["cases"], response.json()["files"]) == (2, 2)
    assert not SellerAccount.objects.filter(pk=account.pk).exists()
    assert not Case.objects.filter(pk__in=[c.pk for c in two_cases]).exists()
    assert not MailboxConnection.objects.filter(account_id=account.pk).exists()
    assert not any(_folder(c.pk).exists() for c in two_cases)
    record = DeletionRecord.objects.get()
    assert (record.kind, record.object_id, record.cases, record.files) == (
        "account",
        account.pk,
        2,
        2,
    )
    assert [a["id"] for a in client.get("/api/accounts").json()] == []
    assert client.get(f"/api/accounts/{account.pk}/export").status_code == 404


def test_deleting_needs_the_write_and_delete_scopes(case: Case, owner: User) -> None:
    for scopes, missing in ((["read"], "write"), (["read", "write"], "delete")):
        client = api_client(owner, scopes)
        for url in (f"/api/cases/{case.pk}", f"/api/accounts/{case.account_id}"):
            response = _delete(client, url)
            assert response.status_code == 403
            assert response.json()["error"]["message"].endswith(f"{missing!r} scope.")
    assert Case.objects.filter(pk=case.pk).exists()
    assert not DeletionRecord.objects.exists()


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_only_an_owner_exports_or_deletes(
    role: str, case: Case, request: pytest.FixtureRequest
) -> None:
    client = api_client(request.getfixturevalue(role), ALL)
    assert client.get(f"/api/accounts/{case.account_id}/export").status_code == 403
    for url in (f"/api/cases/{case.pk}", f"/api/accounts/{case.account_id}"):
        response = _delete(client, url)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    assert Case.objects.filter(pk=case.pk).exists()
    assert not DeletionRecord.objects.exists()


def test_a_team_working_on_the_case_cannot_delete_it(case: Case, owner: User) -> None:
    team = Organisation.objects.create(name="Appeal Team", kind=Organisation.Kind.AGENCY)
    specialist = make_user("owner@team.example", team, "owner")
    handover.accept(handover.escalate_to_team(case, team, actor=owner), actor=specialist, team=team)
    client = api_client(specialist, ALL)
    assert client.get(f"/api/cases/{case.pk}").status_code == 200
    assert _delete(client, f"/api/cases/{case.pk}").status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()
