"""Isolation of handed-over cases, on every page that names a case (the URLconf is walked, so a
new page is covered without editing this file): a team without access, a specialist of another
team and a revoked team get 404 everywhere; a team viewer reads and is refused every change;
the team reaches the seller's account pages not at all."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reinstate_web.accounts.models import Organisation, User
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.cases.models import Case, CaseEvent, Deadline
from reinstate_web.drafting.models import AnswerSet, Draft
from reinstate_web.notices.models import Notice
from reinstate_web.teams import handover
from reinstate_web.teams.models import CaseGrant, InternalNote, SellerQuestion
from tests.web.conftest import client_for
from tests.web.test_access import OBJECT_PAGES, _kwargs

# Pages about a case (``pk`` is the case), as opposed to a seller account's or an organisation's.
CASE_PAGES = [
    (name, pattern)
    for name, pattern in OBJECT_PAGES
    if ":account" not in name and not name.startswith(("accounts:team", "teams:team"))
]
ACCOUNT_PAGES = [(n, p) for n, p in OBJECT_PAGES if ":account" in n]
# POST pages that change nothing (the letter check scores what is typed and keeps nothing).
READ_ONLY_POSTS = {"drafting:check"}
# What a refused change must leave as it was.
COUNTED = (
    CaseEvent,
    Draft,
    AnswerSet,
    Notice,
    Deadline,
    DataFile,
    AnalysisRun,
    CaseGrant,
    InternalNote,
    SellerQuestion,
)


def _counts(case: Case) -> dict[str, int]:
    found = {m.__name__: m.objects.filter(case=case).count() for m in COUNTED}
    case.refresh_from_db()
    found["status"] = hash(case.status)
    found["assignee"] = case.assignee_id or 0
    return found


def _url(name: str, pattern: str, case: Case, owner: User) -> str:
    return reverse(name, kwargs=_kwargs(name, pattern, case, owner))


def test_it_finds_the_new_pages_among_the_case_pages() -> None:
    names = {name for name, _ in CASE_PAGES}
    assert {
        "teams:case_handover",
        "teams:case_note",
        "teams:case_export",
        "teams:case_audit",
    } <= names
    assert {"notices:detail", "drafting:version", "cases:detail"} <= names


def _refused_everywhere(client: Client, case: Case, owner: User) -> None:
    for name, pattern in CASE_PAGES:
        url = _url(name, pattern, case, owner)
        assert client.get(url).status_code in (404, 405), name
        assert client.post(url).status_code == 404, name


@pytest.mark.parametrize("state", ["offered", "declined", "revoked"])
def test_a_team_without_an_active_hand_over_gets_404_on_every_case_page(
    case: Case, agency: Organisation, owner: User, specialist: User, state: str
) -> None:
    CaseGrant.objects.create(case=case, team=agency, state=state, created_by=owner)
    _refused_everywhere(client_for(specialist), case, owner)


def test_a_specialist_of_another_team_gets_404_on_every_case_page(
    case: Case, grant: CaseGrant, owner: User, other_specialist: User
) -> None:
    _refused_everywhere(client_for(other_specialist), case, owner)


def test_a_revoked_team_gets_404_on_every_case_page(
    case: Case, grant: CaseGrant, owner: User, specialist: User
) -> None:
    team = client_for(specialist)
    assert team.get(reverse("cases:detail", kwargs={"pk": case.pk})).status_code == 200
    handover.revoke(grant, actor=owner)
    _refused_everywhere(team, case, owner)


@pytest.mark.parametrize(("name", "pattern"), CASE_PAGES)
def test_a_team_viewer_is_refused_every_change(
    case: Case, grant: CaseGrant, owner: User, agency_viewer: User, name: str, pattern: str
) -> None:
    """An action (a page that answers GET with 405) refuses the viewer with 403; a page that
    shows something answers a POST as it answers a GET. Neither changes anything."""
    url = _url(name, pattern, case, owner)
    viewer = client_for(agency_viewer)
    is_action = viewer.get(url).status_code == 405
    before = _counts(case)
    response = viewer.post(url, {"status": "drafting", "text": "x", "specialist": ""})
    if is_action and name not in READ_ONLY_POSTS:
        assert response.status_code == 403, (name, response.status_code)
    assert _counts(case) == before, name


@pytest.mark.parametrize(("name", "pattern"), CASE_PAGES)
def test_the_team_specialist_opens_every_page_of_the_case(
    case: Case, grant: CaseGrant, owner: User, specialist: User, name: str, pattern: str
) -> None:
    status = client_for(specialist).get(_url(name, pattern, case, owner)).status_code
    # Seller-only pages (hand it on, answer questions, the audit log, deleting the case) refuse
    # with 403.
    seller_only = {"teams:case_handover", "teams:case_audit", "cases:delete"}
    assert status in ((403,) if name in seller_only else (200, 405)), (name, status)


@pytest.mark.parametrize(("name", "pattern"), ACCOUNT_PAGES)
def test_the_team_never_reaches_the_sellers_account_pages(
    case: Case, grant: CaseGrant, owner: User, specialist: User, name: str, pattern: str
) -> None:
    client = client_for(specialist)
    url = _url(name, pattern, case, owner)
    assert client.get(url).status_code in (404, 405)
    assert client.post(url).status_code == 404
