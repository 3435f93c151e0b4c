"""The Team page: members and their roles, invitations (owners), and leaving."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reinstate_web.accounts import invitations, services
from reinstate_web.accounts.forms import InviteForm
from reinstate_web.accounts.models import Invitation, Membership, Organisation, User
from reinstate_web.requests import READ_METHODS, current_user

# How much of the organisation's audit trail the Team page shows its owners.
RECENT_EVENTS = 12


def _membership(user: User, pk: int, *, owner: bool = False) -> Membership:
    """The user's membership of the organisation (404 for anyone else); owners only when asked."""
    membership = (
        Membership.objects.select_related("organisation").filter(user=user, organisation_id=pk)
    ).first()
    if membership is None:
        raise Http404
    if owner and membership.role != Membership.Role.OWNER:
        raise PermissionDenied
    return membership


def _mail_stays_here() -> bool:
    """No mail server is set: invitations are written as files on the server."""
    return str(settings.EMAIL_BACKEND).endswith("filebased.EmailBackend")


def _team_context(user: User, forms: dict[int, InviteForm] | None = None) -> dict[str, Any]:
    teams = []
    for membership in user.memberships.select_related("organisation").order_by(
        "organisation__name"
    ):
        organisation = membership.organisation
        is_owner = membership.role == Membership.Role.OWNER
        team: dict[str, Any] = {
            "organisation": organisation,
            "role": membership.get_role_display(),
            "is_owner": is_owner,
            "members": organisation.memberships.select_related("user").order_by("user__email"),
        }
        if is_owner:
            given = (forms or {}).get(organisation.pk)
            team["form"] = given or InviteForm(organisation=organisation)
            team["invitations"] = invitations.pending(organisation)
            team["events"] = organisation.events.select_related("actor")[:RECENT_EVENTS]
        teams.append(team)
    return {
        "teams": teams,
        "roles": Membership.Role.choices,
        "invitation_days": invitations.INVITATION_DAYS,
        "mail_stays_here": _mail_stays_here(),
        "outbox": settings.EMAIL_FILE_PATH if _mail_stays_here() else "",
    }


@login_required
def team(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/team.html", _team_context(current_user(request)))


@login_required
@require_POST
def team_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """An owner invites an address. The answer is the same whether or not it has an account."""
    user = current_user(request)
    organisation = _membership(user, pk, owner=True).organisation
    form = InviteForm(request.POST, organisation=organisation)
    if not form.is_valid():
        context = _team_context(user, {organisation.pk: form})
        return render(request, "accounts/team.html", context, status=400)
    email, role = form.cleaned_data["email"], form.cleaned_data["role"]
    try:
        invitations.invite(
            organisation,
            email=email,
            role=role,
            invited_by=user,
            link_for=lambda token: request.build_absolute_uri(
                reverse("accounts:invitation", kwargs={"token": token})
            ),
        )
    except invitations.NotSentError:
        form.add_error(
            None, _("The invitation could not be sent: the mail server did not answer. Try again.")
        )
        context = _team_context(user, {organisation.pk: form})
        return render(request, "accounts/team.html", context, status=503)
    messages.success(
        request,
        _(
            "Invitation sent to %(email)s. They join %(team)s when they open the link, sign in "
            "or create their account with that address, and accept."
        )
        % {"email": email, "team": organisation},
    )
    return redirect("accounts:team")


@login_required
@require_POST
def team_revoke(request: HttpRequest, pk: int, invitation_id: int) -> HttpResponse:
    user = current_user(request)
    organisation = _membership(user, pk, owner=True).organisation
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)
    try:
        invitations.revoke(invitation, user)
    except invitations.InvitationError:
        messages.error(request, _("This invitation was already answered, withdrawn or expired."))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn: its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("accounts:team")


@login_required
@require_POST
def team_member(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    """Change a member's role, or remove them (``action=remove``)."""
    user = current_user(request)
    organisation = _membership(user, pk, owner=True).organisation
    membership = get_object_or_404(Membership, pk=member_id, organisation=organisation)
    try:
        if request.POST.get("action") == "remove":
            services.remove_member(membership, actor=user)
            messages.success(request, _("%(who)s was removed.") % {"who": membership.user})
        else:
            role = request.POST.get("role", "")
            if role not in Membership.Role.values:
                messages.error(request, _("Choose one of the roles offered."))
            else:
                services.change_role(membership, role, actor=user)
                messages.success(request, _("The role is changed."))
    except services.LastOwnerError:
        messages.error(request, _("A company or team needs at least one owner."))
    return redirect("accounts:team")


@login_required
def team_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Any member leaves (asked to confirm first); the last owner hands over first."""
    membership = _membership(current_user(request), pk)
    organisation: Organisation = membership.organisation
    if request.method in READ_METHODS:
        last_owner = (
            membership.role == Membership.Role.OWNER
            and not organisation.memberships.filter(role=Membership.Role.OWNER)
            .exclude(pk=membership.pk)
            .exists()
        )
        context = {"organisation": organisation, "membership": membership, "last_owner": last_owner}
        return render(request, "accounts/leave.html", context)
    if request.method != "POST":
        return HttpResponseNotAllowed([*READ_METHODS, "POST"])
    try:
        services.leave(membership)
    except services.LastOwnerError:
        messages.error(request, _last_owner_message(organisation))
        return redirect("accounts:team")
    messages.success(
        request,
        _("You left %(team)s. Its cases are no longer on your dashboard.") % {"team": organisation},
    )
    return redirect("accounts:team")


def _last_owner_message(organisation: Organisation) -> str:
    return _(
        "You are the only owner of %(team)s, so you cannot leave yet. Make another member an "
        "owner first (invite one if needed), then leave."
    ) % {"team": organisation}
