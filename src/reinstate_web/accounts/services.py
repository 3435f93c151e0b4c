"""People and teams: sign up with a new organisation, add and change members."""

from __future__ import annotations

from django.db import transaction

from reinstate_web.accounts.models import Membership, Organisation, User


@transaction.atomic
def sign_up(
    *, email: str, password: str, name: str, organisation: str, kind: str
) -> tuple[User, Organisation]:
    """A new user who owns a new organisation (a seller company or an appeal team)."""
    user = User.objects.create_user(email, password, name=name)
    org = Organisation.objects.create(name=organisation, kind=kind)
    Membership.objects.create(user=user, organisation=org, role=Membership.Role.OWNER)
    return user, org


@transaction.atomic
def add_member(
    organisation: Organisation, *, email: str, role: str, name: str = "", password: str = ""
) -> Membership:
    """Add a colleague; an unknown email becomes a new user with the given first password."""
    user = User.objects.filter(email=email.lower()).first()
    if user is None:
        user = User.objects.create_user(email, password or None, name=name)
    return Membership.objects.create(user=user, organisation=organisation, role=role)


class LastOwnerError(Exception):
    """An organisation must keep at least one owner."""


@transaction.atomic
def change_role(membership: Membership, role: str) -> None:
    if membership.role == Membership.Role.OWNER and role != Membership.Role.OWNER:
        _keep_an_owner(membership)
    membership.role = role
    membership.save(update_fields=["role"])


@transaction.atomic
def remove_member(membership: Membership) -> None:
    if membership.role == Membership.Role.OWNER:
        _keep_an_owner(membership)
    membership.delete()


def _keep_an_owner(membership: Membership) -> None:
    owners = Membership.objects.select_for_update().filter(
        organisation=membership.organisation, role=Membership.Role.OWNER
    )
    if owners.exclude(pk=membership.pk).count() == 0:
        raise LastOwnerError
