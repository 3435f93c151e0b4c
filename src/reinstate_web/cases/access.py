"""The one place that decides who sees what.

Every view, API endpoint and job that looks up an account or a case by id goes through these
helpers. Someone outside the organisation gets a 404 (not a 403: we do not confirm that the
object exists); a viewer who tries to change something gets a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases.models import Case, SellerAccount

EDIT_ROLES = (Membership.Role.OWNER, Membership.Role.SPECIALIST)


def organisations_for(user: User, *, edit: bool = False) -> QuerySet[Organisation]:
    memberships = Membership.objects.filter(user=user)
    if edit:
        memberships = memberships.filter(role__in=EDIT_ROLES)
    return Organisation.objects.filter(id__in=memberships.values("organisation_id"))


def accounts_for(user: User) -> QuerySet[SellerAccount]:
    return SellerAccount.objects.filter(organisation__in=organisations_for(user))


def cases_for(user: User) -> QuerySet[Case]:
    return Case.objects.filter(account__organisation__in=organisations_for(user))


def _role(user: User, organisation_id: int) -> str | None:
    return (
        Membership.objects.filter(user=user, organisation_id=organisation_id)
        .values_list("role", flat=True)
        .first()
    )


def get_account_for_user(user: User, pk: int, *, edit: bool = False) -> SellerAccount:
    account = accounts_for(user).select_related("organisation").filter(pk=pk).first()
    if account is None:
        raise Http404
    if edit and _role(user, account.organisation_id) not in EDIT_ROLES:
        raise PermissionDenied
    return account


def get_case_for_user(user: User, pk: int, *, edit: bool = False) -> Case:
    case = (
        cases_for(user)
        .select_related("account", "account__organisation", "assignee")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    if edit and _role(user, case.account.organisation_id) not in EDIT_ROLES:
        raise PermissionDenied
    return case


def can_edit(user: User, case: Case) -> bool:
    return _role(user, case.account.organisation_id) in EDIT_ROLES
