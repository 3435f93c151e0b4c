"""``Case.holder``, the organisation the access rule and the team workspace read: the team of
the case's active hand-over, else the organisation owning the seller account. It must be right
after every change of the hand-over or of the account's owner, in the same transaction (a
revoked team loses the case at once), and a migration fills it for existing cases."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases import services
from reinstate_web.cases.access import cases_for, cases_of, get_case_for_user
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.teams import handover, queue
from reinstate_web.teams.models import CaseGrant
from tests.web.conftest import client_for
from tests.web.teams.conftest import hand_over

pytestmark = pytest.mark.backends


def _holder(case: Case) -> int | None:
    return Case.objects.filter(pk=case.pk).values_list("holder_id", flat=True).get()


def _reaches(user: User, case: Case) -> bool:
    seen = cases_for(user).filter(pk=case.pk).exists()
    page = client_for(user).get(reverse("cases:detail", kwargs={"pk": case.pk})).status_code
    assert page == (200 if seen else 404)
    return seen


def test_a_new_case_is_held_by_the_seller_organisation(case: Case, owner: User) -> None:
    assert _holder(case) == case.account.organisation_id
    assert case.holder_id == case.account.organisation_id
    assert list(cases_of(case.account.organisation)) == [case]


def test_a_case_opened_under_a_teams_own_seller_is_in_its_queue(agency: Organisation) -> None:
    account = SellerAccount.objects.create(organisation=agency, store_name="Team's seller")
    case = services.open_case(account, title="Own", actor=None)
    assert _holder(case) == agency.pk
    assert set(queue.base(agency)) == {case}


def test_offer_accept_revoke_move_the_holder_and_access_with_it(
    case: Case, agency: Organisation, owner: User, specialist: User, other_specialist: User
) -> None:
    seller = case.account.organisation
    offered = handover.escalate_to_team(case, agency, actor=owner)
    assert _holder(case) == seller.pk  # an offer gives nothing
    assert not _reaches(specialist, case)
    assert case not in cases_of(agency)

    accepted = handover.accept(offered, actor=specialist, team=agency)
    assert _holder(case) == agency.pk
    assert accepted.case.holder_id == agency.pk
    assert _reaches(specialist, case)
    assert _reaches(owner, case)  # the seller keeps the case while the team holds it
    assert list(cases_of(agency)) == [case]
    assert case not in cases_of(seller)  # the team works on it now
    assert not _reaches(other_specialist, case)

    stale = Case.objects.get(pk=case.pk)  # read while the team held it
    handover.revoke(accepted, actor=owner)
    assert _holder(case) == seller.pk
    assert not _reaches(specialist, case)  # at once
    assert case not in cases_of(agency)
    # A copy read before the revocation and saved afterwards does not give the case back.
    stale.title = "Renamed"
    stale.save()
    assert _holder(case) == seller.pk
    assert not _reaches(specialist, case)
    assert _reaches(owner, case)


def test_a_declined_offer_leaves_the_case_with_the_seller(
    case: Case, agency: Organisation, owner: User, specialist: User
) -> None:
    offered = handover.escalate_to_team(case, agency, actor=owner)
    handover.decline(offered, actor=specialist)
    assert _holder(case) == case.account.organisation_id
    assert not _reaches(specialist, case)


def test_an_emailed_offer_is_held_by_the_team_that_accepts_it(
    case: Case, agency: Organisation, owner: User
) -> None:
    invited = User.objects.create_user("boss@harbour.example", None)
    Membership.objects.create(user=invited, organisation=agency, role=Membership.Role.OWNER)
    grant = handover.escalate_by_email(
        case, email="boss@harbour.example", actor=owner, link_for=lambda token: f"/h/{token}/"
    )
    assert len(mail.outbox) == 1
    assert _holder(case) == case.account.organisation_id
    handover.accept(grant, actor=invited, team=agency)
    assert _holder(case) == agency.pk
    assert _reaches(invited, case)


def test_a_second_team_after_a_revocation_holds_it_and_the_first_does_not(
    case: Case, agency: Organisation, owner: User, specialist: User, other_specialist: User
) -> None:
    handover.revoke(hand_over(case, agency, owner, specialist), actor=owner)
    other = other_specialist.memberships.get().organisation
    hand_over(case, other, owner, other_specialist)
    assert _holder(case) == other.pk
    assert _reaches(other_specialist, case)
    assert not _reaches(specialist, case)


def test_a_member_who_leaves_the_team_loses_its_cases(
    case: Case, agency: Organisation, owner: User, specialist: User
) -> None:
    hand_over(case, agency, owner, specialist)
    assert _reaches(specialist, case)
    Membership.objects.filter(user=specialist, organisation=agency).delete()
    assert not _reaches(specialist, case)
    assert _holder(case) == agency.pk  # the team still holds it


def test_an_account_moved_to_another_organisation_takes_its_cases(
    case: Case, owner: User, agency: Organisation, specialist: User
) -> None:
    account = case.account
    account.organisation = agency
    account.save()
    assert _holder(case) == agency.pk
    assert _reaches(specialist, case)
    assert not _reaches(owner, case)
    assert list(cases_of(agency)) == [case]


def test_an_account_moved_keeps_a_handed_over_case_with_its_team(
    case: Case, agency: Organisation, owner: User, specialist: User, other_specialist: User
) -> None:
    hand_over(case, agency, owner, specialist)
    other = other_specialist.memberships.get().organisation
    account = case.account
    account.organisation = other
    account.save()
    assert _holder(case) == agency.pk  # the hand-over still stands
    assert _reaches(specialist, case)
    assert _reaches(other_specialist, case)  # the new owner
    assert not _reaches(owner, case)


def test_a_deleted_team_gives_its_cases_back_to_the_seller(
    case: Case, agency: Organisation, owner: User, specialist: User
) -> None:
    hand_over(case, agency, owner, specialist)
    agency.delete()
    assert not CaseGrant.objects.filter(case=case).exists()
    assert _holder(case) == case.account.organisation_id
    assert get_case_for_user(owner, case.pk) == case
    assert list(cases_of(case.account.organisation)) == [case]


def test_the_migration_fills_the_holder_of_existing_cases(
    case: Case, agency: Organisation, owner: User, specialist: User, other_specialist: User
) -> None:
    handed = case
    hand_over(handed, agency, owner, specialist)
    kept = services.open_case(case.account, title="Kept", actor=owner)
    revoked = services.open_case(case.account, title="Revoked", actor=owner)
    handover.revoke(hand_over(revoked, agency, owner, specialist), actor=owner)
    Case.objects.update(holder=None)
    migration = importlib.import_module("reinstate_web.cases.migrations.0007_case_holder")
    migration.fill(apps, None)
    assert _holder(handed) == agency.pk
    assert _holder(kept) == _holder(revoked) == case.account.organisation_id
    assert set(cases_of(agency)) == {handed}


def test_saving_a_case_read_in_part_writes_what_was_read_only(
    case: Case, agency: Organisation, owner: User, specialist: User
) -> None:
    hand_over(case, agency, owner, specialist)
    partial = Case.objects.only("pk", "title").get(pk=case.pk)
    partial.title = "Renamed"
    partial.save()
    case.refresh_from_db()
    assert case.title == "Renamed"
    assert case.holder_id == agency.pk
    assert case.status == "escalated"
