"""Render the mailbox blocks from the template context alone, so the dashboard, the case page
and the account page only need a template tag (their views stay untouched)."""

from __future__ import annotations

from typing import Any

from django import template

from reinstate_web.accounts.models import User
from reinstate_web.mailbox import panels

register = template.Library()


def _user(context: template.Context) -> User | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


@register.inclusion_tag("mailbox/_dashboard.html", takes_context=True)
def mailbox_dashboard(context: template.Context) -> dict[str, Any]:
    user = _user(context)
    if user is None:
        return {"mailbox_hidden": True}
    return panels.dashboard_context(user)


@register.inclusion_tag("mailbox/_case_panel.html", takes_context=True)
def mailbox_case_panel(context: template.Context) -> dict[str, Any]:
    case, user = context.get("case"), _user(context)
    if case is None or user is None:
        return {"mailbox_hidden": True}
    return panels.case_context(case, user)


@register.inclusion_tag("mailbox/_case_status.html", takes_context=True)
def mailbox_case_status(context: template.Context) -> dict[str, Any]:
    case, user = context.get("case"), _user(context)
    if case is None or user is None:
        return {"mailbox_hidden": True}
    return panels.case_context(case, user)


@register.inclusion_tag("mailbox/_account_panel.html", takes_context=True)
def mailbox_account_panel(context: template.Context) -> dict[str, Any]:
    account, user = context.get("account"), _user(context)
    if account is None or user is None:
        return {"mailbox_hidden": True}
    return panels.account_context(account, user)


@register.simple_tag(takes_context=True)
def mailbox_watched(context: template.Context) -> bool:
    """Whether the case's seller account has a mailbox connected (for step 6's words)."""
    case = context.get("case")
    return case is not None and panels.connection_of(case.account_id) is not None
