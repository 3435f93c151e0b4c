"""The e-mailed hand-over link: what the seller asks (store, kind of case, marketplace, deadline,
message; not the case itself), and Accept for one of your teams / Decline.

Only the invited address accepts: signed in with it, or by creating an account (and a team) for
it through the link. Every unusable link (unknown, expired, answered, revoked) gets the same
page, as for team invitations.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reinstate_web.accounts import services as account_services
from reinstate_web.accounts.forms import InvitedSignUpForm
from reinstate_web.accounts.models import Organisation, User
from reinstate_web.requests import READ_METHODS
from reinstate_web.teams import handover
from reinstate_web.teams.forms import AcceptForm
from reinstate_web.teams.models import CaseGrant
from reinstate_web.teams.views import HANDOVER_ERRORS


class TeamSignUpForm(InvitedSignUpForm):
    team_name = forms.CharField(label=gettext_lazy("Your team's name"), max_length=200)


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "teams/handover_gone.html", status=404)


def _signed_in(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _page(
    request: HttpRequest,
    grant: CaseGrant,
    token: str,
    *,
    form: AcceptForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _signed_in(request)
    here = reverse("teams:handover_link", kwargs={"token": token})
    teams = handover.teams_to_accept_for(user) if user else Organisation.objects.none()
    context: dict[str, Any] = {
        "grant": grant,
        "case": grant.case,
        "token": token,
        "signed_in_as": user,
        "is_for_you": user is not None and handover.is_for(grant, user),
        "form": form or AcceptForm(teams=teams),
        "has_team": teams.exists(),
        "login_url": f"{reverse('accounts:login')}?{urlencode({'next': here})}",
    }
    return render(request, "teams/handover_link.html", context, status=status)


def handover_link(request: HttpRequest, token: str) -> HttpResponse:
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    found = handover.find_by_token(token)
    return _gone(request) if found is None else _page(request, found, token)


@require_POST
def handover_accept(request: HttpRequest, token: str) -> HttpResponse:
    found = handover.find_by_token(token)
    if found is None:
        return _gone(request)
    user = _signed_in(request)
    if user is None:
        here = reverse("teams:handover_link", kwargs={"token": token})
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': here})}")
    if not handover.is_for(found, user):
        return _page(request, found, token, status=403)
    form = AcceptForm(request.POST, teams=handover.teams_to_accept_for(user))
    if not form.is_valid():
        return _page(request, found, token, form=form, status=400)
    try:
        grant = handover.accept(found, actor=user, team=form.cleaned_data["team"])
    except handover.HandOverError as exc:
        form.add_error(None, str(HANDOVER_ERRORS[exc.code]))
        return _page(request, found, token, form=form, status=409)
    messages.success(
        request,
        _("%(team)s has the case now. You are its specialist.") % {"team": grant.team},
    )
    return redirect("cases:detail", pk=grant.case_id)


@require_POST
def handover_decline(request: HttpRequest, token: str) -> HttpResponse:
    found = handover.find_by_token(token)
    if found is None:
        return _gone(request)
    handover.decline(found, actor=_signed_in(request))
    messages.success(request, _("You declined the case. The seller sees that you said no."))
    return redirect("cases:dashboard" if _signed_in(request) else "accounts:login")


def handover_signup(request: HttpRequest, token: str) -> HttpResponse:
    """An account and a team for the invited address, which takes the case at once."""
    found = handover.find_by_token(token)
    if found is None:
        return _gone(request)
    if _signed_in(request) is not None:
        return redirect("teams:handover_link", token=token)
    has_account = User.objects.filter(email=found.email).exists()
    form = TeamSignUpForm(request.POST or None, email=found.email)
    if request.method == "POST" and not has_account and form.is_valid():
        with transaction.atomic():
            user, team = account_services.sign_up(
                email=found.email,
                password=form.cleaned_data["password"],
                name=form.cleaned_data["name"],
                organisation=form.cleaned_data["team_name"],
                kind=Organisation.Kind.AGENCY,
            )
            try:
                handover.accept(found, actor=user, team=team)
            except handover.HandOverError:
                transaction.set_rollback(True)
                return _gone(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome. %(team)s has the case now. You are its specialist.") % {"team": team},
        )
        return redirect("cases:detail", pk=found.case_id)
    here = reverse("teams:handover_link", kwargs={"token": token})
    context = {
        "grant": found,
        "case": found.case,
        "form": form,
        "token": token,
        "has_account": has_account,
        "login_url": f"{reverse('accounts:login')}?{urlencode({'next': here})}",
    }
    return render(request, "teams/handover_signup.html", context)
