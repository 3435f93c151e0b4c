"""The team workspace: the queue across the team's sellers (its own and those handed to it),
filtered and sorted; deadlines and waiting at a glance; workload per specialist; outcome
statistics; bulk assign and export."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reinstate.bundle import read_bundle
from reinstate.workflow import Status
from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases import services
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.teams import queue
from reinstate_web.teams.models import CaseGrant
from tests.web.conftest import client_for, make_user
from tests.web.teams.conftest import hand_over


@pytest.fixture
def colleague(agency: Organisation) -> User:
    return make_user("zhao@harbour.example", agency, Membership.Role.SPECIALIST)


def _own_case(
    agency: Organisation,
    title: str,
    *,
    category: str = "",
    marketplace: str = "",
    days: int | None = None,
    status: str = "",
) -> Case:
    account, _ = SellerAccount.objects.get_or_create(
        organisation=agency, store_name="Team's Own Seller"
    )
    case = services.open_case(account, title=title, actor=None, category=category)
    fields = {"marketplace": marketplace}
    if status:
        fields["status"] = status
    Case.objects.filter(pk=case.pk).update(**fields)
    if days is not None:
        services.add_deadline(case, due_at=timezone.now() + timedelta(days=days))
    case.refresh_from_db()
    return case


def _page(client: Client, agency: Organisation, **query: str) -> str:
    response = client.get(reverse("teams:team_workspace", kwargs={"pk": agency.pk}), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_queue_holds_the_teams_own_cases_and_those_handed_to_it(
    case: Case, grant: CaseGrant, agency: Organisation, specialist: User, other_specialist: User
) -> None:
    own = _own_case(agency, "Own seller's case")
    page = _page(client_for(specialist), agency)
    assert "Own seller&#x27;s case" in page or "Own seller's case" in page
    assert "Deactivated for ODR" in page
    assert "handed over" in page
    # Another team sees neither; a non-member gets 404.
    other = client_for(other_specialist)
    assert other.get(reverse("teams:team_workspace", kwargs={"pk": agency.pk})).status_code == 404
    assert set(queue.base(agency)) == {case, own}


def test_it_filters_by_status_category_marketplace_and_specialist(
    agency: Organisation, specialist: User, colleague: User
) -> None:
    a = _own_case(agency, "Case Alpha", category="inauthentic", marketplace="US")
    b = _own_case(
        agency, "Case Bravo", category="performance_odr", marketplace="UK", status="drafting"
    )
    services.assign(b, colleague, actor=None)
    client = client_for(specialist)
    assert "Case Bravo" not in _page(client, agency, category="inauthentic")
    assert "Case Alpha" not in _page(client, agency, marketplace="UK")
    assert "Case Alpha" not in _page(client, agency, status="drafting")
    only_b = _page(client, agency, assignee=str(colleague.pk))
    assert "Case Bravo" in only_b
    assert "Case Alpha" not in only_b
    unassigned = _page(client, agency, assignee="none")
    assert "Case Alpha" in unassigned
    assert "Case Bravo" not in unassigned
    assert a.pk != b.pk


def test_it_sorts_by_deadline_first_and_by_the_other_columns(
    agency: Organisation, specialist: User
) -> None:
    late = _own_case(agency, "Due later", days=20, category="pricing")
    soon = _own_case(agency, "Due soon", days=2, category="verification")
    none = _own_case(agency, "No deadline", category="condition")
    order = [c.pk for c in queue.queue(agency, queue.Filters()).object_list]
    assert order == [soon.pk, late.pk, none.pk]
    by_category = [c.pk for c in queue.queue(agency, queue.Filters(sort="category")).object_list]
    assert by_category == [none.pk, late.pk, soon.pk]
    page = _page(client_for(specialist), agency)
    assert page.index("Due soon") < page.index("Due later") < page.index("No deadline")


def test_closed_cases_leave_the_queue_unless_asked_for(
    agency: Organisation, specialist: User
) -> None:
    _own_case(agency, "Back to selling", status=Status.REINSTATED.value)
    client = client_for(specialist)
    assert "Back to selling" not in _page(client, agency)
    assert "Back to selling" in _page(client, agency, closed="1")


def test_it_shows_the_waiting_time_for_amazon(agency: Organisation, specialist: User) -> None:
    case = _own_case(agency, "Submitted case", status=Status.REVIEW.value)
    services.change_status(case, Status.SUBMITTED, actor=None)
    Case.objects.filter(pk=case.pk).update(submitted_at=timezone.now() - timedelta(days=4))
    assert "for Amazon, 4 days" in _page(client_for(specialist), agency)


def test_workload_per_specialist(agency: Organisation, specialist: User, colleague: User) -> None:
    overdue = _own_case(agency, "Overdue", days=-1)
    soon = _own_case(agency, "Soon", days=1)
    later = _own_case(agency, "Later", days=10)
    for case in (overdue, soon):
        services.assign(case, specialist, actor=None)
    services.assign(later, colleague, actor=None)
    rows = {w.user.email if w.user else w.role: w for w in queue.workload(agency)}
    assert rows[specialist.email].open == 2
    assert rows[specialist.email].overdue == 1
    assert rows[specialist.email].due_soon == 1
    assert rows[colleague.email].open == 1
    assert rows[colleague.email].overdue == 0
    page = _page(client_for(specialist), agency)
    assert "Workload" in page
    assert colleague.email in page


def test_outcome_statistics_by_category(agency: Organisation) -> None:
    now = timezone.now()
    for title, status, days in (
        ("won 1", Status.REINSTATED, 2),
        ("won 2", Status.REINSTATED, 4),
        ("lost", Status.DENIED, 6),
        ("asked", Status.MORE_INFO_REQUESTED, 3),
    ):
        case = _own_case(agency, title, category="inauthentic", status=status.value)
        Case.objects.filter(pk=case.pk).update(
            submitted_at=now - timedelta(days=days), answered_at=now
        )
    _own_case(agency, "open", category="pricing")
    found = {o.category: o for o in queue.outcomes(agency)}
    inauthentic = found["inauthentic"]
    assert inauthentic.cases == 4
    assert (inauthentic.reinstated, inauthentic.denied, inauthentic.more_info) == (2, 1, 1)
    assert inauthentic.rate == pytest.approx(2 / 3)
    assert inauthentic.answer_days == pytest.approx((2 + 4 + 6 + 3) / 4)
    assert found["pricing"].rate is None
    assert found["pricing"].answer_days is None


def test_bulk_assign_reaches_only_the_teams_cases(
    case: Case, agency: Organisation, specialist: User, colleague: User, outsider: User
) -> None:
    mine = [_own_case(agency, f"Bulk {i}") for i in range(3)]
    client = client_for(specialist)
    url = reverse("teams:team_bulk", kwargs={"pk": agency.pk})
    # ``case`` is another seller's and not handed to the team: ticking it changes nothing.
    response = client.post(
        url,
        {"action": "assign", "specialist": colleague.pk, "cases": [c.pk for c in mine] + [case.pk]},
    )
    assert response.status_code == 302
    assert all(Case.objects.get(pk=c.pk).assignee == colleague for c in mine)
    case.refresh_from_db()
    assert case.assignee != colleague
    # Only the team's own owners and specialists can be assigned.
    client.post(url, {"action": "assign", "specialist": outsider.pk, "cases": [mine[0].pk]})
    assert Case.objects.get(pk=mine[0].pk).assignee == colleague


def test_bulk_export_gives_one_verified_bundle_per_case(
    agency: Organisation, specialist: User
) -> None:
    mine = [_own_case(agency, f"Export {i}") for i in range(2)]
    response = client_for(specialist).post(
        reverse("teams:team_bulk", kwargs={"pk": agency.pk}),
        {"action": "export", "cases": [c.pk for c in mine]},
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = sorted(zf.namelist())
        assert names == sorted(f"reinstate-case-{c.pk}.zip" for c in mine)
        for name in names:
            assert (
                read_bundle(io.BytesIO(zf.read(name))).manifest.case["title"].startswith("Export")
            )


def test_a_viewer_sees_the_queue_but_no_bulk_action(
    agency: Organisation, agency_viewer: User
) -> None:
    case = _own_case(agency, "Read only")
    client = client_for(agency_viewer)
    page = _page(client, agency)
    assert "Read only" in page
    assert 'name="cases"' not in page
    response = client.post(
        reverse("teams:team_bulk", kwargs={"pk": agency.pk}),
        {"action": "assign", "cases": [case.pk]},
    )
    assert response.status_code == 403


def test_the_queue_pages_fifty_cases_at_a_time(agency: Organisation, specialist: User) -> None:
    for i in range(queue.PAGE_SIZE + 3):
        _own_case(agency, f"Bulk case {i:03d}")
    client = client_for(specialist)
    first = _page(client, agency)
    assert first.count('name="cases"') == queue.PAGE_SIZE
    second = _page(client, agency, page="2")
    assert second.count('name="cases"') == 3


def test_the_workspace_link_goes_to_the_only_organisation(owner_client: Client, case: Case) -> None:
    response = owner_client.get(reverse("teams:workspaces"))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "teams:team_workspace", kwargs={"pk": case.account.organisation_id}
    )


def test_hand_over_then_the_request_leaves_the_requests_list(
    case: Case, agency: Organisation, owner: User, specialist: User
) -> None:
    hand_over(case, agency, owner, specialist)
    assert "Sellers asking for your help" not in _page(client_for(specialist), agency)


def _queries(client: Client, agency: Organisation, **query: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _page(client, agency, **query)
    return len(captured)


def test_the_queue_asks_the_database_as_often_for_forty_cases_as_for_three(
    case: Case, owner: User, agency: Organisation, specialist: User, colleague: User
) -> None:
    """Each row's seller, specialist, title (its notice), deadline and waiting time come with
    the page's few queries, never one query per case."""
    client = client_for(specialist)
    hand_over(case, agency, owner, specialist)
    for i in range(2):
        services.assign(_own_case(agency, f"Few {i}", days=i + 1), colleague, actor=None)
    _page(client, agency)  # sessions and caches settled
    few = _queries(client, agency)
    few_filtered = _queries(client, agency, status="diagnosing", sort="seller")
    for i in range(37):
        made = _own_case(agency, f"Many {i}", days=i % 9, category="inauthentic")
        services.assign(made, colleague if i % 2 else specialist, actor=None)
    many = _queries(client, agency)
    assert _page(client, agency).count('name="cases"') == 40
    assert many == few
    assert _queries(client, agency, status="diagnosing", sort="seller") == few_filtered


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"closed": "1"},
        {"category": "inauthentic"},
        {"assignee": "none"},
        {"assignee": "mine"},
        {"status": "reinstated"},
        {"marketplace": "US", "closed": "1"},
    ],
)
def test_the_queue_count_from_the_figures_is_the_databases(
    agency: Organisation, specialist: User, query: dict[str, str]
) -> None:
    for i, (category, status) in enumerate(
        [("inauthentic", ""), ("inauthentic", "reinstated"), ("pricing", ""), ("", "denied")]
    ):
        made = _own_case(agency, f"Counted {i}", category=category, status=status)
        if i % 2:
            services.assign(made, specialist, actor=None)
    if query.get("assignee") == "mine":
        query = {"assignee": str(specialist.pk)}
    filters = queue.Filters.from_query(query)
    found = queue.queue(agency, filters, queue.figures(agency))
    asked = queue.queue(agency, filters)
    assert found.paginator.count == asked.paginator.count
    assert [c.pk for c in found.object_list] == [c.pk for c in asked.object_list]
