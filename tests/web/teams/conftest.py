"""Professional teams for the hand-over tests (fixtures of every test in this folder): the team
a seller hands a case to (a specialist and a viewer), and another team that never gets access."""

from __future__ import annotations

import pytest

from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases.models import Case
from reinstate_web.teams import handover
from reinstate_web.teams.models import CaseGrant
from tests.web.conftest import make_user


@pytest.fixture
def agency(db: None) -> Organisation:
    return Organisation.objects.create(name="Harbour Appeals", kind=Organisation.Kind.AGENCY)


@pytest.fixture
def specialist(agency: Organisation) -> User:
    return make_user("wang@harbour.example", agency, Membership.Role.SPECIALIST)


@pytest.fixture
def agency_viewer(agency: Organisation) -> User:
    return make_user("intern@harbour.example", agency, Membership.Role.VIEWER)


@pytest.fixture
def other_specialist(db: None) -> User:
    other = Organisation.objects.create(name="Other Appeals", kind=Organisation.Kind.AGENCY)
    return make_user("li@other-appeals.example", other, Membership.Role.SPECIALIST)


def hand_over(case: Case, agency: Organisation, seller: User, specialist: User) -> CaseGrant:
    """The seller escalates to the team and the team's specialist accepts."""
    grant = handover.escalate_to_team(case, agency, actor=seller, message="Please help")
    return handover.accept(grant, actor=specialist, team=agency)


@pytest.fixture
def grant(case: Case, agency: Organisation, owner: User, specialist: User) -> CaseGrant:
    return hand_over(case, agency, owner, specialist)
