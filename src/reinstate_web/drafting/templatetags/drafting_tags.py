"""The rounds of Amazon's answers (the rejection loop) on the case page, from the template
context alone: step 7 only needs an ``{% load %}`` and the tag."""

from __future__ import annotations

from typing import Any

from django import template

from reinstate_web.accounts.models import User
from reinstate_web.drafting import round_panels

register = template.Library()


@register.inclusion_tag("drafting/_rounds.html", takes_context=True)
def drafting_rounds(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    case = context.get("case")
    if case is None or not isinstance(user, User):
        return {"rounds": []}
    return {"case": case, **round_panels.context(case, user)}
