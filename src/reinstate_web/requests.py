"""Small helpers every view shares: who is asking, and how."""

from __future__ import annotations

from django.http import HttpRequest

from reinstate_web.accounts.models import User

# Read-only pages check the method after the case lookup, so an outsider learns nothing (404).
READ_METHODS = ["GET", "HEAD"]


def current_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind ``login_required``."""
    user = request.user
    assert isinstance(user, User)  # guaranteed by login_required
    return user


def is_htmx(request: HttpRequest) -> bool:
    """The request comes from htmx (it swaps a part of the page)."""
    return request.headers.get("HX-Request") == "true"
