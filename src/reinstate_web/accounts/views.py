from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reinstate_web.accounts import services
from reinstate_web.accounts.forms import AddMemberForm, ProfileForm, SignInForm, SignUpForm
from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.requests import current_user


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "signup_open": settings.SIGNUP_OPEN}

    def form_valid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        user = form.get_user()
        # A saved language preference wins over the browser's on every new sign-in.
        if isinstance(user, User) and user.language:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        if saved.language:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, saved.language, samesite="Lax")
        return response
    memberships = user.memberships.select_related("organisation")
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships})


def sign_up(request: HttpRequest) -> HttpResponse:
    """A new user with their company or appeal team (when REINSTATE_SIGNUP is on)."""
    if not settings.SIGNUP_OPEN:
        raise Http404
    if request.user.is_authenticated:
        return redirect("cases:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, _organisation = services.sign_up(
            email=data["email"],
            password=data["password"],
            name=data["name"],
            organisation=data["organisation"],
            kind=data["kind"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        welcome = _("Welcome. Add the suspended seller account, then open a case with its notice.")
        messages.success(request, welcome)
        return redirect("cases:account_new")
    return render(request, "accounts/signup.html", {"form": form})


def _organisation_for(user: User, pk: int, *, owner: bool = False) -> Organisation:
    """The organisation if the user belongs to it (404 otherwise); owners only when asked."""
    membership = Membership.objects.filter(user=user, organisation_id=pk).first()
    if membership is None:
        raise Http404
    if owner and membership.role != Membership.Role.OWNER:
        raise PermissionDenied
    return membership.organisation


@login_required
def team(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    teams = []
    for membership in user.memberships.select_related("organisation").order_by(
        "organisation__name"
    ):
        organisation = membership.organisation
        is_owner = membership.role == Membership.Role.OWNER
        teams.append(
            {
                "organisation": organisation,
                "role": membership.get_role_display(),
                "is_owner": is_owner,
                "members": organisation.memberships.select_related("user").order_by("user__email"),
                "form": AddMemberForm(organisation=organisation) if is_owner else None,
            }
        )
    return render(request, "accounts/team.html", {"teams": teams, "roles": Membership.Role.choices})


@login_required
@require_POST
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    organisation = _organisation_for(user, pk, owner=True)
    form = AddMemberForm(request.POST, organisation=organisation)
    if form.is_valid():
        data = form.cleaned_data
        member = services.add_member(
            organisation,
            email=data["email"],
            role=data["role"],
            name=data.get("name", ""),
            password=data.get("password", ""),
        )
        messages.success(
            request,
            _("%(who)s is now a member of %(team)s.") % {"who": member.user, "team": organisation},
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("accounts:team")


@login_required
@require_POST
def team_member(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    """Change a member's role, or remove them (``action=remove``)."""
    user = current_user(request)
    organisation = _organisation_for(user, pk, owner=True)
    membership = get_object_or_404(Membership, pk=member_id, organisation=organisation)
    try:
        if request.POST.get("action") == "remove":
            services.remove_member(membership)
            messages.success(request, _("%(who)s was removed.") % {"who": membership.user})
        else:
            role = request.POST.get("role", "")
            if role not in Membership.Role.values:
                messages.error(request, _("Choose one of the roles offered."))
            else:
                services.change_role(membership, role)
                messages.success(request, _("The role is changed."))
    except services.LastOwnerError:
        messages.error(request, _("A company or team needs at least one owner."))
    return redirect("accounts:team")
