"""Token clients for the API tests."""

from __future__ import annotations

from collections.abc import Iterable

from django.test import Client

from reinstate_web.accounts.models import User
from reinstate_web.api.tokens import create_token


def token_for(user: User, scopes: Iterable[str] = ("read", "write")) -> str:
    return create_token(user, "test", scopes=scopes)[1]


def api_client(user: User, scopes: Iterable[str] = ("read", "write")) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user, scopes)}")
