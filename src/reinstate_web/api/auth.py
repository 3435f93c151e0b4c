"""Bearer-token authentication with scopes, and a rate limit per token (Django's cache)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBearer

from reinstate_web.accounts.models import User
from reinstate_web.api.errors import ApiError, RateLimited
from reinstate_web.api.models import ApiToken
from reinstate_web.api.tokens import find_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def rate() -> tuple[int, int]:
    """(requests, seconds) per token: ``API_RATE_LIMIT`` in the settings, 240 a minute."""
    value = getattr(settings, "API_RATE_LIMIT", (240, 60))
    return int(value[0]), int(value[1])


def _count(token: ApiToken) -> None:
    """A fixed window per token in the cache (shared by every web process when the cache is
    Redis or the database; per process with the default local-memory cache)."""
    limit, seconds = rate()
    window = int(time.time() // seconds)
    key = f"api-rate:{token.pk}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        used = 1
    if used > limit:
        raise RateLimited(retry_after=seconds - int(time.time()) % seconds or 1)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer rst_...``; reading needs the ``read`` scope, any other method
    ``write``, and an operation made with ``TokenAuth("export")`` (or ``"delete"``) that scope
    as well. Sets ``request.user`` to the token's owner, so the tenant rules of
    ``cases/access.py`` apply unchanged."""

    def __init__(self, also: str | None = None) -> None:
        super().__init__()
        self.also = also

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = find_token(token)
        if row is None:
            return None
        needed = "read" if request.method in SAFE_METHODS else "write"
        for scope in (needed, self.also):
            if scope is not None and scope not in row.scopes:
                raise ApiError(403, "scope_missing", f"This token lacks the {scope!r} scope.")
        _count(row)
        request.user = row.user
        return row


def token_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user
