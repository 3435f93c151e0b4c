"""Three users, as in every access test: the owner of a seller organisation, a member of the same
organisation, and an outsider who belongs to another organisation."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases import services
from reinstate_web.cases.models import Case, SellerAccount
from tests.mail.smtp_sink import smtp_sink, smtp_sink_server  # noqa: F401 - an SMTP server
from tests.web.live_fixtures import amazon  # noqa: F401 - the local server that plays Amazon
from tests.web.llm_fixtures import chat_server, model_on  # noqa: F401 - a local chat model
from tests.web.object_factories import notice_id


@pytest.fixture(autouse=True)
def _media_root(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "uploads"  # type: ignore[attr-defined]


def make_user(email: str, organisation: Organisation, role: str) -> User:
    user = User.objects.create_user(email, "correct horse battery staple")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def organisation(db: None) -> Organisation:
    return Organisation.objects.create(name="Shenzhen Test Trading")


@pytest.fixture
def owner(organisation: Organisation) -> User:
    return make_user("owner@example.com", organisation, Membership.Role.OWNER)


@pytest.fixture
def member(organisation: Organisation) -> User:
    return make_user("member@example.com", organisation, Membership.Role.SPECIALIST)


@pytest.fixture
def viewer(organisation: Organisation) -> User:
    return make_user("viewer@example.com", organisation, Membership.Role.VIEWER)


@pytest.fixture
def outsider(db: None) -> User:
    other = Organisation.objects.create(name="Another Seller Ltd")
    user = make_user("outsider@example.com", other, Membership.Role.OWNER)
    SellerAccount.objects.create(organisation=other, store_name="Other Store")
    return user


@pytest.fixture
def account(organisation: Organisation) -> SellerAccount:
    return SellerAccount.objects.create(
        organisation=organisation, store_name="Test Store", marketplaces=["US"]
    )


@pytest.fixture
def case(account: SellerAccount, owner: User) -> Case:
    case = services.open_case(account, title="Deactivated for ODR", actor=owner)
    services.add_deadline(case, due_at=timezone.now() + timedelta(days=17), label="within 17 days")
    return case


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner: User) -> Client:
    return client_for(owner)


@pytest.fixture
def member_client(member: User) -> Client:
    return client_for(member)


@pytest.fixture
def outsider_client(outsider: User) -> Client:
    return client_for(outsider)


@pytest.fixture
def two_cases(case: Case, owner: User) -> list[Case]:
    """The owner's case and a second one of the same seller account, each with its notice (the
    retention tests: export, deletion)."""
    notice_id(case, owner)
    second = services.open_case(case.account, title="Listing removed 商品", actor=owner)
    notice_id(second, owner)
    return [case, second]
