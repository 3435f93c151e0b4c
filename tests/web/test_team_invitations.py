"""Joining an organisation is an invitation the invited address accepts: nobody is added without
consent, the owner learns nothing about whether an address has an account, the link works once,
for the invited address only, until it expires or is withdrawn."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reinstate_web.accounts import invitations
from reinstate_web.accounts.models import Invitation, Membership, Organisation, TeamEvent, User
from reinstate_web.cases.models import Case
from tests.web.conftest import client_for
from tests.web.invitation_helpers import flash, invite

STRONG = "tea-kettle-harbour-42"


def _dashboard(client: Client) -> str:
    return client.get(reverse("cases:dashboard")).content.decode()


def test_an_invitation_adds_nobody_until_it_is_accepted(
    owner_client: Client, organisation: Organisation, outsider: User, case: Case
) -> None:
    invite(owner_client, organisation, outsider.email)
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()
    outsider_client = client_for(outsider)
    assert case.title not in _dashboard(outsider_client)
    team_page = outsider_client.get(reverse("accounts:team")).content.decode()
    assert organisation.name not in team_page


def test_it_answers_the_same_whether_or_not_the_address_has_an_account(
    owner_client: Client, organisation: Organisation, outsider: User
) -> None:
    answers: list[tuple[int, str, str, str]] = []
    for email in (outsider.email, "nobody-here@example.com"):
        response = owner_client.post(
            reverse("accounts:team_invite", kwargs={"pk": organisation.pk}),
            {"email": email, "role": "viewer"},
        )
        page = flash(owner_client).replace(email, "@")
        # The e-mail too (the invitee's, not the owner's to see) reads the same, link aside.
        letter = str(mail.outbox[-1].body).replace(email, "@").split("http")[0]
        answers.append((response.status_code, response["Location"], page, letter))
    assert answers[0] == answers[1]
    assert "Invitation sent to" in answers[0][2]
    # Both wait on the Team page the same way.
    pending = list(invitations.pending(organisation).values_list("email", "role"))
    assert sorted(pending) == sorted(
        [(outsider.email, "viewer"), ("nobody-here@example.com", "viewer")]
    )


def test_the_invited_user_signs_in_accepts_and_sees_the_cases(
    owner_client: Client, organisation: Organisation, outsider: User, case: Case
) -> None:
    link = invite(owner_client, organisation, outsider.email, role="specialist")
    invitee = Client()
    page = invitee.get(link)
    assert page.status_code == 200
    assert "Sign in to accept" in page.content.decode()
    # Signing in through the link's own "sign in" comes back to the invitation.
    response = invitee.post(
        reverse("accounts:login"),
        {"username": outsider.email, "password": "correct horse battery staple", "next": link},
    )
    assert response["Location"] == link
    assert "Join" in invitee.get(link).content.decode()
    response = invitee.post(
        reverse("accounts:invitation_accept", kwargs={"token": link.split("/")[2]})
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=outsider, organisation=organisation)
    assert membership.role == Membership.Role.SPECIALIST
    assert case.title in _dashboard(invitee)
    event = organisation.events.get(kind=TeamEvent.Kind.JOINED)
    assert (event.actor, event.email, event.role) == (outsider, outsider.email, "specialist")


def test_the_link_works_once(
    owner_client: Client, organisation: Organisation, outsider: User
) -> None:
    link = invite(owner_client, organisation, outsider.email)
    token = link.split("/")[2]
    invitee = client_for(outsider)
    assert (
        invitee.post(reverse("accounts:invitation_accept", kwargs={"token": token})).status_code
        == 302
    )
    Membership.objects.filter(user=outsider, organisation=organisation).delete()
    again = invitee.post(reverse("accounts:invitation_accept", kwargs={"token": token}))
    assert again.status_code == 404
    assert "does not work" in invitee.get(link).content.decode()
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()


def test_only_the_invited_address_can_accept(
    owner_client: Client, organisation: Organisation, outsider: User, case: Case
) -> None:
    link = invite(owner_client, organisation, "wang@example.com")
    token = link.split("/")[2]
    someone_else = client_for(outsider)
    page = someone_else.get(link).content.decode()
    assert "This invitation is for wang@example.com" in page
    assert 'action="/invitations/' + token + '/accept/"' not in page
    response = someone_else.post(reverse("accounts:invitation_accept", kwargs={"token": token}))
    assert response.status_code == 403
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()
    assert case.title not in _dashboard(someone_else)
    # Still usable by the invited address afterwards.
    assert Invitation.objects.get(email="wang@example.com").is_pending


def test_an_anonymous_visitor_must_sign_in_to_accept(
    owner_client: Client, organisation: Organisation, outsider: User
) -> None:
    link = invite(owner_client, organisation, outsider.email)
    response = Client().post(
        reverse("accounts:invitation_accept", kwargs={"token": link.split("/")[2]})
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()


@pytest.mark.parametrize("signup_open", [True, False])
def test_a_new_colleague_signs_up_through_the_link_and_joins(
    owner_client: Client,
    organisation: Organisation,
    case: Case,
    settings: object,
    signup_open: bool,
) -> None:
    settings.SIGNUP_OPEN = signup_open  # type: ignore[attr-defined]
    link = invite(owner_client, organisation, "Li.Na@Example.com", role="viewer")
    newcomer = Client()
    form = newcomer.get(link + "signup/").content.decode()
    assert "li.na@example.com" in form
    response = newcomer.post(link + "signup/", {"name": "Li Na", "password": STRONG})
    assert response.status_code == 302
    user = User.objects.get(email="li.na@example.com")
    assert user.check_password(STRONG)
    assert Membership.objects.get(user=user, organisation=organisation).role == "viewer"
    # Joined someone's team: no organisation of their own was made.
    assert user.memberships.count() == 1
    assert case.title in _dashboard(newcomer)


def test_the_links_sign_up_refuses_a_weak_password_and_keeps_the_name(
    owner_client: Client, organisation: Organisation
) -> None:
    link = invite(owner_client, organisation, "new@example.com")
    response = Client().post(link + "signup/", {"name": "Zhao Lei", "password": "short"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "too short" in html
    assert 'value="Zhao Lei"' in html
    assert not User.objects.filter(email="new@example.com").exists()


def test_the_links_sign_up_makes_no_second_account(
    owner_client: Client, organisation: Organisation, outsider: User
) -> None:
    link = invite(owner_client, organisation, outsider.email)
    page = Client().get(link + "signup/").content.decode()
    assert "Sign in with it to accept" in page
    Client().post(link + "signup/", {"name": "Impostor", "password": STRONG})
    outsider.refresh_from_db()
    assert outsider.check_password("correct horse battery staple")
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()


def test_an_expired_link_does_not_work(
    owner_client: Client, organisation: Organisation, outsider: User
) -> None:
    link = invite(owner_client, organisation, outsider.email)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    invitee = client_for(outsider)
    assert invitee.get(link).status_code == 404
    token = link.split("/")[2]
    assert (
        invitee.post(reverse("accounts:invitation_accept", kwargs={"token": token})).status_code
        == 404
    )
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()
    assert not invitations.pending(organisation).exists()


def test_an_invitation_expires_after_the_documented_days(
    owner_client: Client, organisation: Organisation
) -> None:
    invite(owner_client, organisation, "x@example.com")
    invitation = Invitation.objects.get()
    lasts = invitation.expires_at - invitation.created_at
    assert abs(lasts - timedelta(days=invitations.INVITATION_DAYS)) < timedelta(minutes=1)
    assert f"{invitations.INVITATION_DAYS} days" in mail.outbox[-1].body


def test_an_owner_withdraws_an_invitation(
    owner_client: Client, owner: User, organisation: Organisation, outsider: User
) -> None:
    link = invite(owner_client, organisation, outsider.email)
    invitation = Invitation.objects.get()
    team_page = owner_client.get(reverse("accounts:team")).content.decode()
    assert outsider.email in team_page
    assert "Withdraw" in team_page
    owner_client.post(
        reverse(
            "accounts:team_revoke", kwargs={"pk": organisation.pk, "invitation_id": invitation.pk}
        )
    )
    assert not invitations.pending(organisation).exists()
    assert client_for(outsider).get(link).status_code == 404
    assert organisation.events.filter(kind=TeamEvent.Kind.REVOKED, actor=owner).exists()


def test_a_specialist_cannot_withdraw_an_invitation(
    owner_client: Client, member_client: Client, organisation: Organisation
) -> None:
    invite(owner_client, organisation, "x@example.com")
    invitation = Invitation.objects.get()
    response = member_client.post(
        reverse(
            "accounts:team_revoke", kwargs={"pk": organisation.pk, "invitation_id": invitation.pk}
        )
    )
    assert response.status_code == 403
    assert invitations.pending(organisation).exists()


def test_a_new_invitation_replaces_the_pending_one(
    owner_client: Client, organisation: Organisation, outsider: User
) -> None:
    first = invite(owner_client, organisation, outsider.email, role="owner")
    second = invite(owner_client, organisation, outsider.email, role="viewer")
    invitee = client_for(outsider)
    assert invitee.get(first).status_code == 404
    invitee.post(reverse("accounts:invitation_accept", kwargs={"token": second.split("/")[2]}))
    assert Membership.objects.get(user=outsider, organisation=organisation).role == "viewer"


def test_the_invitee_may_decline_without_an_account(
    owner_client: Client, organisation: Organisation
) -> None:
    link = invite(owner_client, organisation, "x@example.com")
    response = Client().post(
        reverse("accounts:invitation_decline", kwargs={"token": link.split("/")[2]})
    )
    assert response.status_code == 302
    assert Client().get(link).status_code == 404
    assert organisation.events.filter(kind=TeamEvent.Kind.DECLINED, email="x@example.com").exists()


def test_a_member_cannot_be_invited_again(
    owner_client: Client, organisation: Organisation, member: User
) -> None:
    response = owner_client.post(
        reverse("accounts:team_invite", kwargs={"pk": organisation.pk}),
        {"email": member.email.upper(), "role": "owner"},
    )
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert mail.outbox == []
    assert Membership.objects.get(user=member, organisation=organisation).role == "specialist"


def test_it_keeps_nothing_when_the_mail_server_refuses(
    owner_client: Client, organisation: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("reinstate_web.accounts.invitations.send_mail", refuse)
    response = owner_client.post(
        reverse("accounts:team_invite", kwargs={"pk": organisation.pk}),
        {"email": "x@example.com", "role": "viewer"},
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert "could not be sent" in html
    assert 'value="x@example.com"' in html
    assert not Invitation.objects.exists()


def test_the_link_is_not_stored(owner_client: Client, organisation: Organisation) -> None:
    token = invite(owner_client, organisation, "x@example.com").split("/")[2]
    invitation = Invitation.objects.get()
    stored = [str(getattr(invitation, f.attname)) for f in Invitation._meta.concrete_fields]
    assert not any(token in value for value in stored)
    assert invitation.token_digest == invitations.digest(token)


def test_an_unknown_or_absurd_link_gets_the_same_page(db: None) -> None:
    for token in ("nothing-here", "x" * 5000):
        response = Client().get(reverse("accounts:invitation", kwargs={"token": token}))
        assert response.status_code == 404
        assert "does not work" in response.content.decode()


def test_the_team_page_records_who_did_what(
    owner_client: Client, owner: User, organisation: Organisation, outsider: User
) -> None:
    link = invite(owner_client, organisation, outsider.email)
    client_for(outsider).post(
        reverse("accounts:invitation_accept", kwargs={"token": link.split("/")[2]})
    )
    kinds = list(organisation.events.order_by("at", "id").values_list("kind", "email"))
    assert kinds == [("invited", outsider.email), ("joined", outsider.email)]
    page = owner_client.get(reverse("accounts:team")).content.decode()
    assert "Invitation sent" in page
    assert "Joined" in page
