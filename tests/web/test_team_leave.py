"""Any member may leave an organisation; it is never left without an owner."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from reinstate_web.accounts.models import Membership, Organisation, TeamEvent, User
from reinstate_web.cases import services as case_services
from reinstate_web.cases.models import Case, CaseEvent
from tests.web.conftest import client_for


def _leave(client: Client, organisation: Organisation) -> str:
    """Leave, and the text of the page the user lands on."""
    url = reverse("accounts:team_leave", kwargs={"pk": organisation.pk})
    response = client.post(url)
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_a_member_leaves_and_the_cases_go_from_their_dashboard(
    member: User, member_client: Client, organisation: Organisation, case: Case
) -> None:
    assert case.title in member_client.get(reverse("cases:dashboard")).content.decode()
    confirm = member_client.get(reverse("accounts:team_leave", kwargs={"pk": organisation.pk}))
    assert confirm.status_code == 200
    assert "Leave Shenzhen Test Trading?" in confirm.content.decode()
    page = _leave(member_client, organisation)
    assert "You left Shenzhen Test Trading" in page
    assert not Membership.objects.filter(user=member, organisation=organisation).exists()
    assert case.title not in member_client.get(reverse("cases:dashboard")).content.decode()
    detail = member_client.get(reverse("cases:detail", kwargs={"pk": case.pk}))
    assert detail.status_code == 404
    event = organisation.events.get(kind=TeamEvent.Kind.LEFT)
    assert (event.actor, event.email) == (member, member.email)


def test_a_viewer_may_leave_too(viewer: User, organisation: Organisation, case: Case) -> None:
    _leave(client_for(viewer), organisation)
    assert not Membership.objects.filter(user=viewer, organisation=organisation).exists()


def test_the_last_owner_must_hand_over_first(
    owner: User, owner_client: Client, member: User, organisation: Organisation
) -> None:
    url = reverse("accounts:team_leave", kwargs={"pk": organisation.pk})
    confirm = owner_client.get(url).content.decode()
    assert "You are the only owner of Shenzhen Test Trading" in confirm
    assert "Make another member an owner first" in confirm
    page = _leave(owner_client, organisation)
    assert "You are the only owner of Shenzhen Test Trading" in page
    assert Membership.objects.get(user=owner, organisation=organisation).role == "owner"
    # Hand over, then leave.
    promoted = Membership.objects.get(user=member, organisation=organisation)
    owner_client.post(
        reverse("accounts:team_member", kwargs={"pk": organisation.pk, "member_id": promoted.pk}),
        {"role": "owner"},
    )
    _leave(owner_client, organisation)
    assert not Membership.objects.filter(user=owner, organisation=organisation).exists()
    assert list(organisation.memberships.values_list("user__email", "role")) == [
        (member.email, "owner")
    ]


def test_a_case_assigned_to_the_leaver_goes_back_to_nobody_on_its_timeline(
    member: User, member_client: Client, owner: User, organisation: Organisation, case: Case
) -> None:
    case_services.assign(case, member, actor=owner)
    _leave(member_client, organisation)
    case.refresh_from_db()
    assert case.assignee is None
    latest = case.events.filter(kind=CaseEvent.Kind.NOTE).first()
    assert latest is not None
    assert latest.data == {"assignee": None}
    assert latest.actor == member


def test_leaving_one_organisation_keeps_the_others(
    member: User, member_client: Client, organisation: Organisation
) -> None:
    other = Organisation.objects.create(name="Second Seller")
    Membership.objects.create(user=member, organisation=other, role="viewer")
    _leave(member_client, organisation)
    assert list(member.memberships.values_list("organisation__name", flat=True)) == [
        "Second Seller"
    ]


def test_an_outsider_cannot_make_a_member_leave(
    outsider_client: Client, member: User, organisation: Organisation
) -> None:
    url = reverse("accounts:team_leave", kwargs={"pk": organisation.pk})
    assert outsider_client.post(url).status_code == 404
    assert Membership.objects.filter(user=member, organisation=organisation).exists()


def test_an_owner_removing_a_member_is_recorded(
    owner: User, owner_client: Client, member: User, organisation: Organisation
) -> None:
    membership = Membership.objects.get(user=member, organisation=organisation)
    owner_client.post(
        reverse("accounts:team_member", kwargs={"pk": organisation.pk, "member_id": membership.pk}),
        {"action": "remove"},
    )
    event = organisation.events.get(kind=TeamEvent.Kind.REMOVED)
    assert (event.actor, event.email) == (owner, member.email)
