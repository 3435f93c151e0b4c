"""Every API operation on a case, a team or a seller account, walked from the served OpenAPI
description: an outsider's token gets 404 (never the object), a member's token reads, a
viewer's token cannot change anything, a read-only token changes and exports nothing, a team
whose hand-over was revoked reaches nothing of the case, and only an owner exports or deletes.
The walk's tokens carry every scope, so only the object and the role decide."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reinstate_web.accounts.models import Organisation, User
from reinstate_web.api.api import api
from reinstate_web.api.tokens import SCOPES
from reinstate_web.cases.models import Case
from reinstate_web.mailbox.models import MailboxConnection
from reinstate_web.teams import handover
from tests.web.api_helpers import api_client
from tests.web.conftest import make_user
from tests.web.object_factories import FACTORIES, NOTICE


def _operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method in methods
        if any(f"{{{name}}}" in path for name in ("case_id", "team_id", "account_id"))
    ]


OPERATIONS = _operations()
# A seller's data out or gone: the organisation's owners only (cases/access.py).
OWNER_ONLY = {
    ("GET", "/api/accounts/{account_id}/export"),
    ("DELETE", "/api/cases/{case_id}"),
    ("DELETE", "/api/accounts/{account_id}"),
}
# Reads that need a scope besides ``read``.
NOT_FOR_READ_TOKENS = {("GET", "/api/accounts/{account_id}/export")}
# Arguments of API paths besides the case: a real object on the case for each.
API_FACTORIES = {**FACTORIES}


def _draft_number(case: Case, user: User) -> int:
    from reinstate_web.drafting.services import compose_draft

    FACTORIES["notice_id"](case, user)
    return compose_draft(case, user, lang="en").number


API_FACTORIES["number"] = _draft_number


def _handover_id(case: Case, user: User) -> int:
    """The case's live hand-over (offered to a new team when it has none)."""
    live = handover.live_grant(case)
    if live is not None:
        return live.pk
    team = Organisation.objects.create(name="Offered Team", kind=Organisation.Kind.AGENCY)
    return handover.escalate_to_team(case, team, actor=user).pk


API_FACTORIES["handover_id"] = _handover_id
# The case's own organisation, as a team (``grant_id`` is a case offered to it).
API_FACTORIES["team_id"] = lambda case, user: case.account.organisation_id


def _url(path: str, case: Case, owner: User) -> str:
    url = path.replace("{case_id}", str(case.pk))
    url = url.replace("{team_id}", str(case.account.organisation_id))
    if "{account_id}" in url:
        # A connected mailbox to read (never signed in to: the walk makes no connection).
        MailboxConnection.objects.get_or_create(
            account=case.account,
            defaults={"provider": "other", "host": "127.0.0.1", "username": "seller"},
        )
        url = url.replace("{account_id}", str(case.account_id))
    for argument in re.findall(r"\{(\w+)\}", url):
        assert argument in API_FACTORIES, f"add a factory for {{{argument}}} to this test"
        url = url.replace(f"{{{argument}}}", str(API_FACTORIES[argument](case, owner)))
    return url


def _response(client: Client, method: str, url: str) -> Any:
    """The operation with a valid request, so only the object decides the answer."""
    if method == "GET":
        return client.get(url)
    if method == "DELETE":
        return client.delete(url, {"confirm": True}, content_type="application/json")
    if url.endswith("/notices"):
        upload = SimpleUploadedFile("notice.eml", NOTICE)
        return client.post(url, {"file": upload})
    if url.endswith("/files"):
        return client.post(url, {"files": [SimpleUploadedFile("a.txt", b"x")]})
    if url.endswith("/evidence"):
        upload = SimpleUploadedFile("invoice.pdf", b"%PDF-1.4\n")
        return client.post(url, {"document": upload, "proves": "invoices"})
    if url.endswith("/submissions"):
        return client.post(url, {"channel": "account_health_form", "draft": 1})
    if url.endswith("/submissions/email"):
        body = {"channel": "email", "draft": 1, "to": "seller-performance@amazon.com"}
        return client.post(url, body)
    if url.endswith("/follow-up"):
        return client.post(url, {"how": "record"}, content_type="application/json")
    body = {
        "status": "drafting",
        "letter": "We are sorry.",
        "lang": "en",
        "email": "team@appeals.example",
        "consent": True,
        "provider": "other",
        "username": "seller@example.com",
        "password": "not used",
        "host": "127.0.0.1",
        "use_ssl": False,
    }
    if method == "PUT":
        return client.put(url, body, content_type="application/json")
    return client.post(url, body, content_type="application/json")


def _call(client: Client, method: str, url: str) -> int:
    return int(_response(client, method, url).status_code)


@pytest.fixture(autouse=True)
def _fresh_rate_window() -> None:
    cache.clear()


def test_it_walks_every_case_operation() -> None:
    assert {("GET", "/api/cases/{case_id}"), ("POST", "/api/cases/{case_id}/notices")} <= set(
        OPERATIONS
    )
    read_only = ("evidence", "submissions", "mailbox-messages", "handovers")
    assert {("GET", f"/api/cases/{{case_id}}/{name}") for name in read_only} <= set(OPERATIONS)
    writes = {
        ("POST", "/api/cases/{case_id}/evidence"),
        ("POST", "/api/cases/{case_id}/submissions"),
        ("POST", "/api/cases/{case_id}/submissions/email"),
        ("POST", "/api/cases/{case_id}/handovers"),
        ("POST", "/api/cases/{case_id}/handovers/{handover_id}/revoke"),
        ("GET", "/api/teams/{team_id}/requests"),
        ("POST", "/api/teams/{team_id}/requests/{grant_id}/accept"),
        ("POST", "/api/teams/{team_id}/requests/{grant_id}/decline"),
        ("GET", "/api/accounts/{account_id}/mailbox"),
        ("PUT", "/api/accounts/{account_id}/mailbox"),
        ("POST", "/api/accounts/{account_id}/mailbox/check"),
        ("DELETE", "/api/accounts/{account_id}/mailbox"),
        ("GET", "/api/cases/{case_id}/follow-up"),
        ("POST", "/api/cases/{case_id}/follow-up"),
        *OWNER_ONLY,
    }
    assert writes <= set(OPERATIONS)
    assert len(OPERATIONS) >= 33


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_it_gives_an_outsider_404_on_every_api_operation(
    method: str, path: str, case: Case, owner: User, outsider: User
) -> None:
    url = _url(path, case, owner)
    client = api_client(outsider, SCOPES)
    assert _call(client, method, url) == 404
    # The same answer as for a case (team, account) that does not exist: nothing leaks.
    made_up = re.sub(r"^/api/(cases|teams|accounts)/\d+", r"/api/\1/987654", url)
    assert made_up != url
    assert _call(client, method, made_up) == 404


@pytest.mark.parametrize(("method", "path"), [op for op in OPERATIONS if "{case_id}" in op[1]])
def test_a_team_whose_hand_over_was_revoked_reaches_nothing(
    method: str, path: str, case: Case, owner: User
) -> None:
    team = Organisation.objects.create(name="Former Team", kind=Organisation.Kind.AGENCY)
    specialist = make_user("former@team.example", team, "owner")
    grant = handover.escalate_to_team(case, team, actor=owner)
    handover.accept(grant, actor=specialist, team=team)
    client = api_client(specialist, SCOPES)
    assert client.get(f"/api/cases/{case.pk}").status_code == 200
    handover.revoke(grant, actor=owner)
    assert _call(client, method, _url(path, case, owner)) == 404


@pytest.mark.parametrize(
    ("method", "path"), [op for op in OPERATIONS if op[0] == "GET" and op not in OWNER_ONLY]
)
def test_a_member_reads_every_api_object(
    method: str, path: str, case: Case, owner: User, member: User
) -> None:
    assert _call(api_client(member, SCOPES), method, _url(path, case, owner)) == 200


@pytest.mark.parametrize(("method", "path"), sorted(OWNER_ONLY))
def test_only_an_owner_exports_or_deletes_through_the_api(
    method: str, path: str, case: Case, owner: User, member: User
) -> None:
    url = _url(path, case, owner)
    assert _call(api_client(member, SCOPES), method, url) == 403  # a specialist
    assert _call(api_client(owner, SCOPES), method, url) == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [op for op in OPERATIONS if op[0] != "GET" and not op[1].endswith("/{number}/check")],
)
def test_a_viewer_changes_nothing_through_the_api(
    method: str, path: str, case: Case, owner: User, viewer: User
) -> None:
    assert _call(api_client(viewer, SCOPES), method, _url(path, case, owner)) == 403


@pytest.mark.parametrize(
    ("method", "path"),
    [op for op in OPERATIONS if op[0] != "GET" or op in NOT_FOR_READ_TOKENS],
)
def test_a_read_only_token_changes_nothing(method: str, path: str, case: Case, owner: User) -> None:
    client = api_client(owner, scopes=["read"])
    response = _response(client, method, _url(path, case, owner))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "scope_missing"
