"""People and teams: sign up with a new organisation, change roles, remove and leave.

Joining someone else's organisation goes through an invitation the invitee accepts
(:mod:`reinstate_web.accounts.invitations`); only the server's administrator adds people
directly, from the command line (``adduser``). Every change is written to the organisation's
audit trail (:class:`~reinstate_web.accounts.models.TeamEvent`).
"""

from __future__ import annotations

from django.db import transaction

from reinstate_web.accounts.models import Membership, Organisation, TeamEvent, User


def record(
    organisation: Organisation, kind: str, actor: User | None, *, email: str = "", role: str = ""
) -> TeamEvent:
    return TeamEvent.objects.create(
        organisation=organisation, kind=kind, actor=actor, email=email, role=role
    )


@transaction.atomic
def sign_up(
    *, email: str, password: str, name: str, organisation: str, kind: str
) -> tuple[User, Organisation]:
    """A new user who owns a new organisation (a seller company or an appeal team)."""
    user = User.objects.create_user(email, password, name=name)
    org = Organisation.objects.create(name=organisation, kind=kind)
    Membership.objects.create(user=user, organisation=org, role=Membership.Role.OWNER)
    record(org, TeamEvent.Kind.JOINED, user, email=user.email, role=Membership.Role.OWNER)
    return user, org


@transaction.atomic
def add_member(
    organisation: Organisation, *, email: str, role: str, name: str = "", password: str = ""
) -> Membership:
    """The server's administrator adds someone directly (``adduser`` on the command line only:
    on the web, people join through an invitation they accept)."""
    user = User.objects.filter(email=email.lower()).first()
    if user is None:
        user = User.objects.create_user(email, password or None, name=name)
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    record(organisation, TeamEvent.Kind.ADDED, None, email=user.email, role=role)
    return membership


class LastOwnerError(Exception):
    """An organisation must keep at least one owner."""


@transaction.atomic
def change_role(membership: Membership, role: str, *, actor: User | None = None) -> None:
    if membership.role == Membership.Role.OWNER and role != Membership.Role.OWNER:
        _keep_an_owner(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        membership.organisation, TeamEvent.Kind.ROLE, actor, email=membership.user.email, role=role
    )


@transaction.atomic
def remove_member(membership: Membership, *, actor: User | None = None) -> None:
    """An owner removes a member (or the member leaves, when ``actor`` is that member)."""
    if membership.role == Membership.Role.OWNER:
        _keep_an_owner(membership)
    organisation, user = membership.organisation, membership.user
    membership.delete()
    kind = TeamEvent.Kind.LEFT if actor == user else TeamEvent.Kind.REMOVED
    record(organisation, kind, actor, email=user.email, role=membership.role)
    _unassign(organisation, user, actor=actor)


def leave(membership: Membership) -> None:
    """The member leaves; the last owner must make someone else owner first."""
    remove_member(membership, actor=membership.user)


def _keep_an_owner(membership: Membership) -> None:
    owners = Membership.objects.select_for_update().filter(
        organisation=membership.organisation, role=Membership.Role.OWNER
    )
    if owners.exclude(pk=membership.pk).count() == 0:
        raise LastOwnerError


def _unassign(organisation: Organisation, user: User, *, actor: User | None) -> None:
    """Cases assigned to someone who is no longer a member go back to nobody (each case's
    timeline says so), so no case waits on a person who cannot open it."""
    from reinstate_web.cases import services as case_services
    from reinstate_web.cases.models import Case

    for case in Case.objects.filter(account__organisation=organisation, assignee=user):
        case_services.assign(case, None, actor=actor)
