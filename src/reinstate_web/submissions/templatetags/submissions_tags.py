"""Render this app's blocks from the template context alone, so the case page, the dashboard and
the account page only need an ``{% load %}`` and a tag (the cases app's views stay untouched)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from reinstate_web.accounts.models import User
from reinstate_web.cases.memo import page_now
from reinstate_web.submissions import panels

register = template.Library()


def _user(context: template.Context) -> User | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


@register.inclusion_tag("submissions/_submit_panel.html", takes_context=True)
def submissions_submit_panel(context: template.Context) -> dict[str, Any]:
    """Step 5: the guide, the drafting app's boxes to paste in the middle, then the actions.
    The parent context is passed on whole: the drafting block needs its own keys."""
    case, user = context.get("case"), _user(context)
    if case is None or user is None:
        return {"submissions_hidden": True}
    parent: dict[str, Any] = {str(k): v for k, v in context.flatten().items()}
    return {**parent, **panels.submit_context(context.get("request"), case, user)}


@register.inclusion_tag("submissions/_wait.html", takes_context=True)
def submissions_wait_panel(context: template.Context) -> dict[str, Any]:
    case, user = context.get("case"), _user(context)
    if case is None or user is None:
        return {"submissions_hidden": True}
    return {
        **panels.wait_context(case, user, page_now()),
        "case": case,
        **_shared(context),
    }


@register.inclusion_tag("submissions/_dashboard.html", takes_context=True)
def submissions_dashboard(context: template.Context) -> dict[str, Any]:
    user = _user(context)
    if user is None:
        return {"submissions_hidden": True}
    return {**panels.dashboard_context(user, timezone.now()), **_shared(context)}


@register.inclusion_tag("submissions/_account_panel.html", takes_context=True)
def submissions_account_panel(context: template.Context) -> dict[str, Any]:
    account, user = context.get("account"), _user(context)
    if account is None or user is None:
        return {"submissions_hidden": True}
    return {**panels.account_context(account, user), **_shared(context)}


def _shared(context: template.Context) -> dict[str, Any]:
    # An inclusion tag starts a fresh context: forms inside need the CSRF token passed on.
    return {"request": context.get("request"), "csrf_token": context.get("csrf_token")}
