"""The evidence locker of step 3, rendered from the case page's context alone (the case page
only needs an ``{% load %}`` and the tag; the cases app's views stay untouched)."""

from __future__ import annotations

from typing import Any

from django import template

from reinstate_web.accounts.models import User
from reinstate_web.evidence import panels

register = template.Library()


@register.inclusion_tag("evidence/panel.html", takes_context=True)
def evidence_panel(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    case = context.get("case")
    if case is None or request is None or not isinstance(user, User):
        return {"evidence_hidden": True}
    return {
        "case": case,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        **panels.context(request, case, user),
    }


@register.filter
def evidence_document_name(code: str) -> str:
    """A requested-document code in the reader's language ("invoices" -> "供应商发票")."""
    from reinstate.errors import KnowledgeBaseError
    from reinstate.notices.labels import label

    try:
        return label("document", str(code), panels.language())
    except KnowledgeBaseError:
        return str(code)
