"""Sign-in and sign-up throttling, with django-axes keeping the count.

- Sign-in: axes counts wrong passwords per account (the e-mail address, case-insensitive) and
  per client address; at ``AXES_FAILURE_LIMIT`` within ``AXES_COOLOFF_TIME`` that account, and
  that address, are paused until the cool-off has passed since the last counted attempt
  (attempts while paused are refused without being counted, so the pause ends by itself).
- Sign-up: a sign-up naming an address that already has an account counts as a failed attempt
  for that account and client address (it is what someone probing for accounts does), and one
  client address creates at most ``AXES_FAILURE_LIMIT`` accounts per cool-off (axes' log of
  successful sign-ins, written when a new account is signed in, is the count).

Every refusal is the sign-in or sign-up page again, with what the user typed (never the
password) and one sentence in their language saying how long to wait; status 429.
"""

from __future__ import annotations

import ipaddress
import math
from datetime import timedelta
from typing import Any

# django-axes ships no type information.
from axes.handlers.proxy import AxesProxyHandler  # type: ignore[import-untyped, unused-ignore]
from axes.helpers import get_cool_off  # type: ignore[import-untyped, unused-ignore]
from axes.models import AccessAttempt, AccessLog  # type: ignore[import-untyped, unused-ignore]
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

LOCKED_STATUS = 429


def username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The account an attempt is for (``AXES_USERNAME_CALLABLE``): the e-mail address as the
    sign-in form's ``username`` field or the credentials carry it, case-insensitive, so
    ``Owner@Example.com`` and ``owner@example.com`` share one count."""
    value = credentials.get("username") if credentials else request.POST.get("username")
    text = str(value or "").strip().lower()
    return text or None


def client_address(request: HttpRequest) -> str | None:
    """The client's address (``AXES_CLIENT_IP_CALLABLE``): the connection's, or behind
    ``AXES_IPWARE_PROXY_COUNT`` trusted proxies the entry they added to X-Forwarded-For (the
    n-th from the right; anything further left is the client's own claim and not trusted)."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            try:
                return str(ipaddress.ip_address(forwarded[-count]))
            except ValueError:
                return remote
    return remote


def _cool_off() -> timedelta:
    value = get_cool_off()
    assert isinstance(value, timedelta)  # settings give a timedelta
    return value


def minutes_left(request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
    """Whole minutes until the pause ends at the latest (counted from the newest attempt that
    still counts, for this account or this address), at least one."""
    cool_off = _cool_off()
    since = timezone.now() - cool_off
    account = username(request, credentials)
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    match = Q(ip_address=address) if address else Q(pk__in=[])
    if account:
        match |= Q(username=account)
    latest = [
        AccessAttempt.objects.filter(match, attempt_time__gte=since).aggregate(
            at=Max("attempt_time")
        )["at"],
        _signups(request).aggregate(at=Max("attempt_time"))["at"],
    ]
    newest = max((at for at in latest if at is not None), default=timezone.now())
    remaining = (newest + cool_off - timezone.now()).total_seconds()
    return max(1, math.ceil(remaining / 60))


def message(minutes: int) -> str:
    return ngettext(
        "Too many attempts. To keep accounts safe, this is paused: "
        "please try again in %(minutes)d minute.",
        "Too many attempts. To keep accounts safe, this is paused: "
        "please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the page the user was on, with what they typed and how long
    to wait."""
    from reinstate_web.accounts.forms import SignInForm, SignUpForm

    notice = message(minutes_left(request, credentials))
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "accounts:signup":
        typed = {k: v for k, v in request.POST.items() if k in SignUpForm.base_fields}
        typed.pop("password", None)
        form = SignUpForm(initial=typed)
        context = {"form": form, "lockout": notice}
        return render(request, "accounts/signup.html", context, status=LOCKED_STATUS)
    sign_in = SignInForm(request, initial={"username": request.POST.get("username", "")})
    context = {
        "form": sign_in,
        "lockout": notice,
        "next": request.POST.get("next", ""),
        "signup_open": settings.SIGNUP_OPEN,
    }
    return render(request, "accounts/login.html", context, status=LOCKED_STATUS)


def _signups(request: HttpRequest) -> Any:
    """Accounts created from this client address within the cool-off (axes logs the sign-in
    that ends every sign-up, with the sign-up page's path)."""
    from django.urls import reverse

    address = getattr(request, "axes_ip_address", None) or client_address(request)
    return AccessLog.objects.filter(
        ip_address=address,
        path_info=reverse("accounts:signup"),
        attempt_time__gte=timezone.now() - _cool_off(),
    )


def signup_allowed(request: HttpRequest, email: str) -> bool:
    """Whether this client address may try to create an account for ``email`` now."""
    if not getattr(settings, "AXES_ENABLED", True):
        return True
    credentials = {"username": email.strip().lower()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return False
    return bool(_signups(request).count() < settings.AXES_FAILURE_LIMIT)


def signup_refused_existing(request: HttpRequest, email: str) -> None:
    """Count a sign-up for an address that already has an account as a failed attempt on it:
    axes records it exactly like a wrong password (and pauses at the limit)."""
    credentials = {"username": email.strip().lower()}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
