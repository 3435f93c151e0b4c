"""A new user signs up with their company or appeal team; owners add and manage colleagues."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases.models import Case

STRONG = "tea-kettle-harbour-42"


def test_a_new_user_signs_up_and_can_open_a_case_right_away(db: None) -> None:
    client = Client()
    assert "Create your account" in client.get(reverse("accounts:login")).content.decode()
    response = client.post(
        reverse("accounts:signup"),
        {
            "name": "Chen Jing",
            "email": "Chen@Example.com",
            "password": STRONG,
            "organisation": "Harbour Appeals",
            "kind": "agency",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="chen@example.com")
    membership = user.memberships.get()
    assert membership.role == Membership.Role.OWNER
    assert membership.organisation.kind == Organisation.Kind.AGENCY
    # Signed in, they add the seller account, then a case on it.
    client.post(
        reverse("cases:account_new"),
        {
            "organisation": membership.organisation_id,
            "store_name": "Client Store",
            "marketplaces": ["US"],
        },
    )
    account = membership.organisation.seller_accounts.get()
    client.post(reverse("cases:new"), {"account": account.pk, "title": "Listing removed"})
    assert Case.objects.filter(account=account, title="Listing removed").exists()


@pytest.mark.parametrize(
    ("password", "field_error"),
    [("short", "too short"), ("1234567890123", "entirely numeric"), ("password123", "too common")],
)
def test_it_refuses_weak_passwords(db: None, password: str, field_error: str) -> None:
    response = Client().post(
        reverse("accounts:signup"),
        {
            "name": "A",
            "email": "a@example.com",
            "password": password,
            "organisation": "X",
            "kind": "seller",
        },
    )
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert not User.objects.exists()


def test_it_refuses_a_second_account_for_the_same_email(owner: User) -> None:
    response = Client().post(
        reverse("accounts:signup"),
        {
            "name": "A",
            "email": owner.email.upper(),
            "password": STRONG,
            "organisation": "X",
            "kind": "seller",
        },
    )
    assert "already a user" in response.content.decode()


def test_sign_up_can_be_closed(db: None, settings: object) -> None:
    settings.SIGNUP_OPEN = False  # type: ignore[attr-defined]
    client = Client()
    assert client.get(reverse("accounts:signup")).status_code == 404
    assert "Create your account" not in client.get(reverse("accounts:login")).content.decode()


def test_it_no_longer_adds_anyone_without_their_consent(
    owner_client: Client, organisation: Organisation, outsider: User
) -> None:
    """The old 'add member' endpoint is gone: an owner can only invite."""
    response = owner_client.post(
        f"/team/{organisation.pk}/members/add/",
        {"email": outsider.email, "role": "specialist", "password": STRONG},
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()


def test_a_specialist_cannot_invite(member_client: Client, organisation: Organisation) -> None:
    response = member_client.post(
        reverse("accounts:team_invite", kwargs={"pk": organisation.pk}),
        {"email": "x@example.com", "role": "owner"},
    )
    assert response.status_code == 403
    assert not organisation.invitations.exists()
    assert mail.outbox == []


def test_the_last_owner_cannot_leave_or_be_demoted(
    owner_client: Client, owner: User, organisation: Organisation
) -> None:
    membership = Membership.objects.get(user=owner, organisation=organisation)
    url = reverse(
        "accounts:team_member", kwargs={"pk": organisation.pk, "member_id": membership.pk}
    )
    owner_client.post(url, {"role": "viewer"})
    owner_client.post(url, {"action": "remove"})
    membership.refresh_from_db()
    assert membership.role == Membership.Role.OWNER
    page = owner_client.get(reverse("accounts:team")).content.decode()
    assert "at least one owner" in page


def test_an_owner_changes_a_role_and_removes_a_member(
    owner_client: Client, member: User, organisation: Organisation
) -> None:
    membership = Membership.objects.get(user=member, organisation=organisation)
    url = reverse(
        "accounts:team_member", kwargs={"pk": organisation.pk, "member_id": membership.pk}
    )
    owner_client.post(url, {"role": "viewer"})
    membership.refresh_from_db()
    assert membership.role == Membership.Role.VIEWER
    owner_client.post(url, {"action": "remove"})
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_adduser_command_creates_the_team_and_its_owner(db: None, monkeypatch: object) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(STRONG + "\n"))  # type: ignore[attr-defined]
    out = io.StringIO()
    call_command(
        "adduser", "li@example.com", organisation="Brightway", password_stdin=True, stdout=out
    )
    assert "owner" in out.getvalue()
    user = User.objects.get(email="li@example.com")
    assert user.check_password(STRONG)
    with pytest.raises(CommandError, match="already a member"):
        call_command("adduser", "li@example.com", organisation="Brightway", password_stdin=True)
