"""The hand-over: the seller escalates a case to a team (chosen, or invited by e-mail), the team
sees it only once one of its members accepts, works on it (notes only it sees, questions to the
seller, versions it shares), and the seller revokes access."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from reinstate.workflow import Status
from reinstate_web.accounts.models import Organisation, User
from reinstate_web.cases.access import acting_team, can_edit, cases_for, get_case_for_user
from reinstate_web.cases.models import Case, CaseEvent
from reinstate_web.drafting.models import Draft
from reinstate_web.teams import handover
from reinstate_web.teams.models import CaseGrant, InternalNote, SellerQuestion
from tests.web.conftest import client_for
from tests.web.drafting_helpers import compose, make_inauthentic
from tests.web.teams.conftest import hand_over

LINK = re.compile(r"https?://\S+/handover/[A-Za-z0-9_-]+/")


def _case_url(case: Case) -> str:
    return reverse("cases:detail", kwargs={"pk": case.pk})


def test_a_team_sees_nothing_until_it_accepts(
    case: Case, agency: Organisation, owner: User, specialist: User
) -> None:
    offered = handover.escalate_to_team(case, agency, actor=owner)
    assert offered.state == CaseGrant.State.OFFERED
    team = client_for(specialist)
    assert team.get(_case_url(case)).status_code == 404
    assert case not in cases_for(specialist)
    # The request is on the team's workspace, with what the seller agreed to show.
    page = team.get(reverse("teams:team_workspace", kwargs={"pk": agency.pk})).content.decode()
    assert "Test Store" in page
    assert "Sellers asking for your help" in page
    case.refresh_from_db()
    assert case.status == Status.ESCALATED.value


def test_a_team_member_accepts_from_the_workspace_and_reaches_the_whole_case(
    case: Case, agency: Organisation, owner: User, specialist: User
) -> None:
    offered = handover.escalate_to_team(case, agency, actor=owner)
    team = client_for(specialist)
    url = reverse("teams:team_request_accept", kwargs={"pk": agency.pk, "grant_id": offered.pk})
    response = team.post(url)
    assert response.status_code == 302
    assert response["Location"] == _case_url(case)
    assert team.get(_case_url(case)).status_code == 200
    case.refresh_from_db()
    assert case.assignee == specialist
    assert acting_team(specialist, case) == agency
    assert can_edit(specialist, case)
    kinds = list(case.events.values_list("kind", flat=True))
    assert CaseEvent.Kind.HANDOVER in kinds
    assert CaseEvent.Kind.ACCESS in kinds


def test_the_seller_hands_over_from_the_case_page_with_consent(
    case: Case, agency: Organisation, owner: User, specialist: User, owner_client: Client
) -> None:
    hand_over(case, agency, owner, specialist)  # the seller works with this team already
    handover.revoke(handover.live_grant(case) or CaseGrant(), actor=owner)
    url = reverse("teams:case_handover", kwargs={"pk": case.pk})
    page = owner_client.get(url).content.decode()
    assert "Harbour Appeals" in page  # offered among the teams the seller works with
    refused = owner_client.post(url, {"team": agency.pk})
    assert refused.status_code == 400  # no consent given
    assert handover.live_grant(case) is None
    done = owner_client.post(url, {"team": agency.pk, "consent": "on", "message": "Denied twice"})
    assert done.status_code == 302
    grant = handover.live_grant(case)
    assert grant is not None
    assert grant.team == agency
    assert grant.message == "Denied twice"


def test_a_team_invited_by_email_accepts_through_the_link_only_with_that_address(
    case: Case,
    agency: Organisation,
    owner: User,
    owner_client: Client,
    specialist: User,
    other_specialist: User,
) -> None:
    url = reverse("teams:case_handover", kwargs={"pk": case.pk})
    response = owner_client.post(url, {"email": "Wang@Harbour.example", "consent": "on"})
    assert response.status_code == 302
    [letter] = mail.outbox
    assert letter.to == ["wang@harbour.example"]
    found = LINK.search(str(letter.body))
    assert found
    link = found.group(0)
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Someone else, signed in, cannot accept it.
    stranger = client_for(other_specialist)
    assert "you are signed in as" in stranger.get(link).content.decode()
    accept = reverse("teams:handover_accept", kwargs={"token": token})
    other_team = Organisation.objects.get(name="Other Appeals")
    assert stranger.post(accept, {"team": other_team.pk}).status_code == 403
    # The invited address accepts for its team.
    team = client_for(specialist)
    page = team.get(link).content.decode()
    assert "Test Store" in page
    assert "Accept the case" in page
    assert team.post(accept, {"team": agency.pk}).status_code == 302
    assert get_case_for_user(specialist, case.pk) == case
    # The link worked once.
    assert team.get(link).status_code == 404


def test_a_new_team_signs_up_through_the_link_and_takes_the_case(
    case: Case, owner: User, owner_client: Client
) -> None:
    owner_client.post(
        reverse("teams:case_handover", kwargs={"pk": case.pk}),
        {"email": "boss@new-team.example", "consent": "on"},
    )
    found = LINK.search(str(mail.outbox[-1].body))
    assert found
    token = found.group(0).rstrip("/").rsplit("/", 1)[1]
    visitor = Client()
    response = visitor.post(
        reverse("teams:handover_signup", kwargs={"token": token}),
        {"name": "Boss", "password": "long enough pass phrase 42", "team_name": "New Team"},
    )
    assert response.status_code == 302
    boss = User.objects.get(email="boss@new-team.example")
    team = acting_team(boss, case)
    assert team is not None
    assert team.name == "New Team"
    assert team.kind == "agency"


def test_a_team_viewer_reads_but_cannot_change_anything(
    case: Case, grant: CaseGrant, agency_viewer: User
) -> None:
    viewer = client_for(agency_viewer)
    assert viewer.get(_case_url(case)).status_code == 200
    assert (
        viewer.post(
            reverse("cases:status", kwargs={"pk": case.pk}), {"status": "drafting"}
        ).status_code
        == 403
    )
    assert (
        viewer.post(reverse("teams:case_note", kwargs={"pk": case.pk}), {"text": "x"}).status_code
        == 403
    )
    assert not InternalNote.objects.exists()


def test_internal_notes_stay_inside_the_team(
    case: Case, grant: CaseGrant, specialist: User, owner_client: Client, member_client: Client
) -> None:
    team = client_for(specialist)
    team.post(
        reverse("teams:case_note", kwargs={"pk": case.pk}),
        {"text": "Supplier invoices look edited"},
    )
    assert "Supplier invoices look edited" in team.get(_case_url(case)).content.decode()
    for seller in (owner_client, member_client):
        page = seller.get(_case_url(case)).content.decode()
        assert "Supplier invoices look edited" not in page
        audit = seller.get(reverse("teams:case_audit", kwargs={"pk": case.pk})).content.decode()
        assert "Supplier invoices look edited" not in audit
    # The seller cannot write one either.
    assert (
        owner_client.post(
            reverse("teams:case_note", kwargs={"pk": case.pk}), {"text": "x"}
        ).status_code
        == 403
    )


def test_the_team_asks_and_the_seller_answers(
    case: Case, grant: CaseGrant, specialist: User, owner_client: Client
) -> None:
    team = client_for(specialist)
    team.post(
        reverse("teams:case_ask", kwargs={"pk": case.pk}),
        {"text": "Which supplier sent the May stock?"},
    )
    page = owner_client.get(_case_url(case)).content.decode()
    assert "Which supplier sent the May stock?" in page
    question = SellerQuestion.objects.get()
    owner_client.post(
        reverse("teams:case_answer", kwargs={"pk": case.pk, "question_id": question.pk}),
        {"text": "Yiwu Jiali Trading"},
    )
    question.refresh_from_db()
    assert question.answer == "Yiwu Jiali Trading"
    assert question.answered_at
    assert "Yiwu Jiali Trading" in team.get(_case_url(case)).content.decode()
    # The team cannot answer its own question as if it were the seller.
    assert (
        team.post(
            reverse("teams:case_answer", kwargs={"pk": case.pk, "question_id": question.pk}),
            {"text": "x"},
        ).status_code
        == 403
    )


def test_the_seller_sees_only_the_versions_the_team_shares(
    case: Case, grant: CaseGrant, specialist: User, owner: User, owner_client: Client
) -> None:
    make_inauthentic(case)
    compose(owner_client, case)  # the seller's own version 1
    seller_version = Draft.objects.get(case=case, number=1)
    team = client_for(specialist)
    revised = seller_version.letter.replace(
        "Root cause\n", "Root cause\nOur team traced every complaint to the May shipment.\n", 1
    )
    team.post(reverse("drafting:save", kwargs={"pk": case.pk}), {"n": "1", "letter": revised})
    team_version = Draft.objects.get(case=case, number=2)
    assert team_version.team == grant.team
    secret = "traced every complaint to the May shipment"
    assert secret in team.get(_case_url(case)).content.decode()
    assert secret not in owner_client.get(_case_url(case)).content.decode()
    version = reverse("drafting:version", kwargs={"pk": case.pk}) + "?n=2"
    assert secret not in owner_client.get(version).content.decode()
    assert "Share version 2 with the seller" in team.get(_case_url(case)).content.decode()
    team.post(reverse("teams:case_share", kwargs={"pk": case.pk}))
    shared = Draft.objects.get(case=case, number=3)
    assert shared.origin == Draft.Origin.SHARED
    assert shared.team is None
    assert shared.parent == team_version
    assert shared.letter == team_version.letter
    assert secret in owner_client.get(_case_url(case)).content.decode()
    assert case.events.filter(kind=CaseEvent.Kind.SHARED).exists()
    assert "Share version" not in team.get(_case_url(case)).content.decode()


def test_revoking_access_shuts_the_team_out_and_unassigns_its_specialist(
    case: Case, grant: CaseGrant, specialist: User, owner_client: Client
) -> None:
    team = client_for(specialist)
    assert team.get(_case_url(case)).status_code == 200
    response = owner_client.post(reverse("teams:case_revoke", kwargs={"pk": case.pk}))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.state == CaseGrant.State.REVOKED
    assert grant.revoked_at
    assert team.get(_case_url(case)).status_code == 404
    assert case not in cases_for(specialist)
    case.refresh_from_db()
    assert case.assignee is None
    # The team cannot revoke or re-grant itself.
    assert team.post(reverse("teams:case_revoke", kwargs={"pk": case.pk})).status_code == 404


def test_the_team_cannot_revoke_its_own_access_or_hand_the_case_on(
    case: Case, grant: CaseGrant, specialist: User
) -> None:
    team = client_for(specialist)
    assert team.post(reverse("teams:case_revoke", kwargs={"pk": case.pk})).status_code == 403
    assert team.get(reverse("teams:case_handover", kwargs={"pk": case.pk})).status_code == 403


def test_one_team_at_a_time(case: Case, grant: CaseGrant, owner: User) -> None:
    other = Organisation.objects.create(name="Second Opinion Ltd", kind="agency")
    with pytest.raises(handover.HandOverError) as refused:
        handover.escalate_to_team(case, other, actor=owner)
    assert refused.value.code == "already"


def test_a_reinstated_case_is_not_handed_over(
    case: Case, agency: Organisation, owner: User
) -> None:
    Case.objects.filter(pk=case.pk).update(status=Status.REINSTATED.value)
    case.refresh_from_db()
    with pytest.raises(handover.HandOverError):
        handover.escalate_to_team(case, agency, actor=owner)


def test_a_team_declines_and_the_seller_sees_it(
    case: Case, agency: Organisation, owner: User, specialist: User, owner_client: Client
) -> None:
    offered = handover.escalate_to_team(case, agency, actor=owner)
    client_for(specialist).post(
        reverse("teams:team_request_decline", kwargs={"pk": agency.pk, "grant_id": offered.pk})
    )
    offered.refresh_from_db()
    assert offered.state == CaseGrant.State.DECLINED
    assert "Declined by the team" in owner_client.get(_case_url(case)).content.decode()
    assert handover.live_grant(case) is None
