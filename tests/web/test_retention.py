"""A seller's data out or gone: the account-wide export (one ZIP of case bundles), deleting a
case or a seller account with its files, owners only, and what the audit log keeps."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case, CaseEvent, DeletionRecord, SellerAccount
from reinstate_web.notices.models import Notice
from reinstate_web.teams import bundles
from tests.web.conftest import client_for

OnCommit = Callable[..., Any]


def _folder(case: Case) -> Path:
    return Path(settings.MEDIA_ROOT) / "cases" / str(case.pk)


def test_it_exports_every_case_of_the_account_as_bundles_in_one_zip(
    two_cases: list[Case], owner_client: Client
) -> None:
    account = two_cases[0].account
    response = owner_client.get(reverse("cases:account_export", kwargs={"pk": account.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"reinstate-account-{account.pk}-" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        summary = json.loads(archive.read("account.json"))
        assert summary["account"]["store_name"] == "Test Store"
        assert [c["id"] for c in summary["cases"]] == [c.pk for c in two_cases]
        for entry in summary["cases"]:
            bundle = bundles.verify(io.BytesIO(archive.read(entry["bundle"])))
            assert bundle.manifest.counts()["notices"] == 1
            assert all(f.verified for f in bundle.manifest.files)


def test_it_deletes_a_case_with_its_files_after_confirmation(
    two_cases: list[Case],
    owner: User,
    owner_client: Client,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    case, other = two_cases
    url = reverse("cases:delete", kwargs={"pk": case.pk})
    page = owner_client.get(url)
    assert page.status_code == 200
    assert "1 file" in page.content.decode()
    assert owner_client.post(url, {}).status_code == 400  # not confirmed: nothing happens
    assert Case.objects.filter(pk=case.pk).exists()
    assert any(_folder(case).rglob("*.eml"))

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Notice.objects.filter(case_id=case.pk).exists()
    assert not CaseEvent.objects.filter(case_id=case.pk).exists()
    assert not _folder(case).exists()
    assert any(_folder(other).rglob("*.eml"))  # the other case keeps its files
    record = DeletionRecord.objects.get()
    assert (record.kind, record.object_id, record.actor, record.files) == (
        "case",
        case.pk,
        owner,
        1,
    )
    assert record.actor_email == owner.email
    assert case.title not in json.dumps(
        {f.name: str(getattr(record, f.name)) for f in record._meta.fields}
    )


def test_it_deletes_a_seller_account_with_every_case_and_file(
    two_cases: list[Case],
    owner_client: Client,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    account = two_cases[0].account
    url = reverse("cases:account_delete", kwargs={"pk": account.pk})
    assert "2 cases" in owner_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert not SellerAccount.objects.filter(pk=account.pk).exists()
    assert not Case.objects.filter(pk__in=[c.pk for c in two_cases]).exists()
    assert not any(_folder(c).exists() for c in two_cases)
    record = DeletionRecord.objects.get()
    assert (record.kind, record.cases, record.files) == ("account", 2, 2)


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_only_an_owner_exports_or_deletes(
    role: str, two_cases: list[Case], request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(role))
    case = two_cases[0]
    for name, pk in (
        ("cases:delete", case.pk),
        ("cases:account_delete", case.account_id),
        ("cases:account_export", case.account_id),
    ):
        url = reverse(name, kwargs={"pk": pk})
        assert client.get(url).status_code == 403
        assert client.post(url, {"confirm": "on"}).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()
    assert not DeletionRecord.objects.exists()


def test_the_owner_sees_the_actions_and_a_specialist_does_not(
    case: Case, owner_client: Client, member_client: Client
) -> None:
    delete = reverse("cases:delete", kwargs={"pk": case.pk})
    export = reverse("cases:account_export", kwargs={"pk": case.account_id})
    case_url = reverse("cases:detail", kwargs={"pk": case.pk})
    account_url = reverse("cases:account", kwargs={"pk": case.account_id})
    assert delete in owner_client.get(case_url).content.decode()
    assert export in owner_client.get(account_url).content.decode()
    assert delete not in member_client.get(case_url).content.decode()
    assert export not in member_client.get(account_url).content.decode()
