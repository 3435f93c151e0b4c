"""The audit log of a case: every change with who made it, when and from where (client address
and browser), for the seller's organisation; a team reaching the case does not see it."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from reinstate_web.accounts.models import User
from reinstate_web.cases import services
from reinstate_web.cases.models import Case, CaseEvent
from reinstate_web.teams.models import CaseGrant
from tests.web.conftest import client_for

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"


def test_a_change_made_in_the_browser_records_its_address_and_browser(
    case: Case, owner: User
) -> None:
    client = Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.7")
    client.force_login(owner)
    client.post(reverse("cases:status", kwargs={"pk": case.pk}), {"status": "drafting"})
    event = case.events.get(kind=CaseEvent.Kind.STATUS)
    assert event.actor == owner
    assert event.ip == "203.0.113.7"
    assert event.user_agent == BROWSER


def test_a_change_made_by_a_job_has_no_address(case: Case) -> None:
    event = services.record(case, CaseEvent.Kind.NOTE, None, note="from a job")
    assert event.ip is None
    assert event.user_agent == ""


def test_the_audit_log_lists_every_change_for_the_sellers_people(
    case: Case, owner: User, viewer: User
) -> None:
    client = Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.20")
    client.force_login(owner)
    client.post(reverse("cases:status", kwargs={"pk": case.pk}), {"status": "drafting"})
    for reader in (client, client_for(viewer)):
        page = reader.get(reverse("teams:case_audit", kwargs={"pk": case.pk})).content.decode()
        assert "198.51.100.20" in page
        assert "Chrome/131.0" in page
        assert "Case opened" in page
        assert "Status changed" in page
        assert "job or command" in page  # the deadline of the fixture was set without a request


def test_the_team_reaching_the_case_does_not_see_the_audit_log(
    case: Case, grant: CaseGrant, specialist: User
) -> None:
    team = client_for(specialist)
    assert team.get(reverse("teams:case_audit", kwargs={"pk": case.pk})).status_code == 403
    assert (
        "Audit log"
        not in team.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    )


def test_the_hand_over_is_on_the_audit_log_with_the_team(
    case: Case, grant: CaseGrant, owner_client: Client
) -> None:
    page = owner_client.get(reverse("teams:case_audit", kwargs={"pk": case.pk})).content.decode()
    assert "Hand-over to a team" in page
    assert "Team access changed" in page
    assert "Harbour Appeals" in page
