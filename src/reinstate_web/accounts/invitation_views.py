"""The invitation link: who invites you to what, and Join / Decline.

Only the invited address can join: signed in with it, or by creating an account for it on the
link's own sign-up page (which works even when open sign-up is off: the link is the permission).
Every unusable link (unknown, expired, used, withdrawn) gets the same page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reinstate_web.accounts import invitations
from reinstate_web.accounts.forms import InvitedSignUpForm
from reinstate_web.accounts.models import Invitation, User
from reinstate_web.requests import READ_METHODS


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/invitation_gone.html", status=404)


def _signed_in(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _page(
    request: HttpRequest, invitation: Invitation, token: str, status: int = 200
) -> HttpResponse:
    user = _signed_in(request)
    here = reverse("accounts:invitation", kwargs={"token": token})
    context: dict[str, Any] = {
        "invitation": invitation,
        "token": token,
        "signed_in_as": user,
        "is_for_you": user is not None and invitations.is_for(invitation, user),
        "login_url": f"{reverse('accounts:login')}?{urlencode({'next': here})}",
    }
    return render(request, "accounts/invitation.html", context, status=status)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    found = invitations.find(token)
    return _gone(request) if found is None else _page(request, found, token)


@require_POST
def accept(request: HttpRequest, token: str) -> HttpResponse:
    found = invitations.find(token)
    if found is None:
        return _gone(request)
    user = _signed_in(request)
    if user is None:
        here = reverse("accounts:invitation", kwargs={"token": token})
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': here})}")
    try:
        membership = invitations.accept(found, user)
    except invitations.WrongAddressError:
        return _page(request, found, token, status=403)
    except invitations.InvitationError:
        return _gone(request)
    messages.success(
        request,
        _("You joined %(team)s as %(role)s. Its cases are on your dashboard.")
        % {"team": membership.organisation, "role": membership.get_role_display()},
    )
    return redirect("cases:dashboard")


@require_POST
def decline(request: HttpRequest, token: str) -> HttpResponse:
    found = invitations.find(token)
    if found is None:
        return _gone(request)
    try:
        invitations.decline(found, _signed_in(request))
    except invitations.InvitationError:
        return _gone(request)
    messages.success(
        request,
        _("You declined the invitation to %(team)s. Nothing was changed.")
        % {"team": found.organisation},
    )
    return redirect("cases:dashboard" if _signed_in(request) else "accounts:login")


def sign_up(request: HttpRequest, token: str) -> HttpResponse:
    """A new account for the invited address, joining at once."""
    found = invitations.find(token)
    if found is None:
        return _gone(request)
    if _signed_in(request) is not None:
        return redirect("accounts:invitation", token=token)
    has_account = User.objects.filter(email=found.email).exists()
    form = InvitedSignUpForm(request.POST or None, email=found.email)
    if request.method == "POST" and not has_account and form.is_valid():
        try:
            user = invitations.sign_up_and_accept(
                found, name=form.cleaned_data["name"], password=form.cleaned_data["password"]
            )
        except invitations.InvitationError:
            return _gone(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome. You joined %(team)s as %(role)s. Its cases are on your dashboard.")
            % {"team": found.organisation, "role": found.get_role_display()},
        )
        return redirect("cases:dashboard")
    here = reverse("accounts:invitation", kwargs={"token": token})
    context = {
        "invitation": found,
        "form": form,
        "has_account": has_account,
        "login_url": f"{reverse('accounts:login')}?{urlencode({'next': here})}",
    }
    return render(request, "accounts/invitation_signup.html", context)
