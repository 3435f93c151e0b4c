"""Every API operation, walked from the served OpenAPI description: an outsider's token gets
404 (never the object), a member's token reads, a viewer's token cannot change anything."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reinstate_web.accounts.models import User
from reinstate_web.api.api import api
from reinstate_web.cases.models import Case
from tests.web.api_helpers import api_client
from tests.web.object_factories import FACTORIES, NOTICE


def _operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method in methods
        if "{case_id}" in path
    ]


OPERATIONS = _operations()
# Arguments of API paths besides the case: a real object on the case for each.
API_FACTORIES = {**FACTORIES}


def _draft_number(case: Case, user: User) -> int:
    from reinstate_web.drafting.services import compose_draft

    FACTORIES["notice_id"](case, user)
    return compose_draft(case, user, lang="en").number


API_FACTORIES["number"] = _draft_number


def _url(path: str, case: Case, owner: User) -> str:
    url = path.replace("{case_id}", str(case.pk))
    for argument in re.findall(r"\{(\w+)\}", url):
        assert argument in API_FACTORIES, f"add a factory for {{{argument}}} to this test"
        url = url.replace(f"{{{argument}}}", str(API_FACTORIES[argument](case, owner)))
    return url


def _call(client: Client, method: str, url: str) -> int:
    """The operation with a valid request, so only the object decides the answer."""
    if method == "GET":
        return client.get(url).status_code
    if url.endswith("/notices"):
        upload = SimpleUploadedFile("notice.eml", NOTICE)
        return client.post(url, {"file": upload}).status_code
    if url.endswith("/files"):
        return client.post(url, {"files": [SimpleUploadedFile("a.txt", b"x")]}).status_code
    body = {"status": "drafting", "letter": "We are sorry.", "lang": "en"}
    return client.post(url, body, content_type="application/json").status_code


@pytest.fixture(autouse=True)
def _fresh_rate_window() -> None:
    cache.clear()


def test_it_walks_every_case_operation() -> None:
    assert {("GET", "/api/cases/{case_id}"), ("POST", "/api/cases/{case_id}/notices")} <= set(
        OPERATIONS
    )
    read_only = ("evidence", "submissions", "mailbox-messages", "handovers")
    assert {("GET", f"/api/cases/{{case_id}}/{name}") for name in read_only} <= set(OPERATIONS)
    assert len(OPERATIONS) >= 16


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_it_gives_an_outsider_404_on_every_api_operation(
    method: str, path: str, case: Case, owner: User, outsider: User
) -> None:
    url = _url(path, case, owner)
    client = api_client(outsider)
    assert _call(client, method, url) == 404
    # The same answer as for a case that does not exist: nothing leaks.
    assert _call(client, method, url.replace(f"/cases/{case.pk}", "/cases/987654")) == 404


@pytest.mark.parametrize(("method", "path"), [op for op in OPERATIONS if op[0] == "GET"])
def test_a_member_reads_every_api_object(
    method: str, path: str, case: Case, owner: User, member: User
) -> None:
    assert _call(api_client(member), method, _url(path, case, owner)) == 200


@pytest.mark.parametrize(
    ("method", "path"), [op for op in OPERATIONS if op[0] == "POST" and "/check" not in op[1]]
)
def test_a_viewer_changes_nothing_through_the_api(
    method: str, path: str, case: Case, owner: User, viewer: User
) -> None:
    assert _call(api_client(viewer), method, _url(path, case, owner)) == 403
