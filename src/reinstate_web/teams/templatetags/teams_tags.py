"""The hand-over panel of the case page, rendered from the template context alone (the case
page only needs an ``{% load %}`` and the tag; the cases app's views stay untouched)."""

from __future__ import annotations

from typing import Any

from django import template

from reinstate_web.accounts.models import User
from reinstate_web.teams import panels

register = template.Library()


@register.inclusion_tag("teams/_case_panel.html", takes_context=True)
def teams_case_panel(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    case = context.get("case")
    if case is None or request is None or not isinstance(user, User):
        return {"teams_hidden": True}
    return {"case": case, "request": request, **panels.context(request, case, user)}
