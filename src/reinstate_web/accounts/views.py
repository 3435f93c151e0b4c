from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reinstate_web.accounts import services, throttle
from reinstate_web.accounts.forms import ProfileForm, SignInForm, SignUpForm
from reinstate_web.accounts.models import User
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
    """A new user with their company or appeal team (when REINSTATE_SIGNUP is on); throttled
    per client address and per e-mail address (see :mod:`reinstate_web.accounts.throttle`)."""
    if not settings.SIGNUP_OPEN:
        raise Http404
    if request.user.is_authenticated:
        return redirect("cases:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        email = str(request.POST.get("email", ""))
        if not throttle.signup_allowed(request, email):
            return throttle.lockout_response(request, credentials={"username": email})
        if form.is_valid():
            data = form.cleaned_data
            user, _organisation = services.sign_up(
                email=data["email"],
                password=data["password"],
                name=data["name"],
                organisation=data["organisation"],
                kind=data["kind"],
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            welcome = _(
                "Welcome. Add the suspended seller account, then open a case with its notice."
            )
            messages.success(request, welcome)
            return redirect("cases:account_new")
        if form.has_error("email", code="taken"):
            # The middleware turns this into the pause page when it reaches the limit.
            throttle.signup_refused_existing(request, email)
    return render(request, "accounts/signup.html", {"form": form})
