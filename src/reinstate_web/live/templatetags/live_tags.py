"""Render the live-data blocks from the template context alone, so the case page and the
account page only need an ``{% include %}`` (the cases app's views stay untouched)."""

from __future__ import annotations

from typing import Any

from django import template

from reinstate_web.accounts.models import User
from reinstate_web.live import panels

register = template.Library()


def _user(context: template.Context) -> User | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


@register.inclusion_tag("live/_case_panel.html", takes_context=True)
def live_case_panel(context: template.Context) -> dict[str, Any]:
    case, user = context.get("case"), _user(context)
    if case is None or user is None:
        return {"live_hidden": True}
    return {**panels.case_context(case, user), "case": case, **_shared(context)}


@register.inclusion_tag("live/_account_panel.html", takes_context=True)
def live_account_panel(context: template.Context) -> dict[str, Any]:
    account, user = context.get("account"), _user(context)
    if account is None or user is None:
        return {"live_hidden": True}
    return {**panels.account_context(account, user), **_shared(context)}


def _shared(context: template.Context) -> dict[str, Any]:
    # An inclusion tag starts a fresh context: forms inside need the CSRF token passed on.
    return {"request": context.get("request"), "csrf_token": context.get("csrf_token")}
