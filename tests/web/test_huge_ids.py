"""A number in a URL too large for the database (``/cases/99999999999999999999/``) is a page
that does not exist (404), never a server error: SQLite refuses integers past 64 bits, and a
typed or hostile link must not reach it. Walks the URLconf, so new pages are covered."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from reinstate_web.accounts.models import User

HUGE = "99999999999999999999"  # 20 digits: past SQLite's and PostgreSQL's bigint


def _numbered_routes() -> list[str]:
    """Every route of our apps with a number in it, as a path with ``HUGE`` in each slot."""
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                walk(entry.url_patterns, prefix + route)
            elif "<" in route:
                converters = entry.pattern.converters
                if any(c.regex.startswith("[0-9]") for c in converters.values()):
                    path = prefix + route
                    for name, converter in converters.items():
                        token = next(part for part in path.split("<") if f":{name}>" in part)
                        value = HUGE if converter.regex.startswith("[0-9]") else "x"
                        path = path.replace("<" + token.split(">")[0] + ">", value, 1)
                    found.append("/" + path.lstrip("^"))

    walk(get_resolver().url_patterns, "")
    return found


ROUTES = _numbered_routes()


def test_it_finds_the_numbered_routes() -> None:
    assert f"/cases/{HUGE}/" in ROUTES
    assert len(ROUTES) > 50


@pytest.mark.parametrize("path", ROUTES)
def test_a_number_too_large_for_the_database_is_not_found(path: str, owner: User) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    assert client.get(path).status_code in (404, 405), path
    assert client.post(path).status_code in (403, 404, 405), path


def _api_paths() -> list[str]:
    """Every API operation's path with ``HUGE`` for each id (from the served description)."""
    from reinstate_web.api.api import api

    schema = api.get_openapi_schema()
    paths = []
    for path in schema["paths"]:
        if "{" in path:
            filled = path
            while "{" in filled:
                start, end = filled.index("{"), filled.index("}")
                filled = filled[:start] + HUGE + filled[end + 1 :]
            paths.append(filled)
    return paths


def test_the_api_answers_404_for_a_number_too_large_for_the_database(owner: User) -> None:
    from tests.web.api_helpers import api_client

    client = api_client(owner)
    client.raise_request_exception = False
    paths = _api_paths()
    assert f"/api/cases/{HUGE}" in paths
    for path in paths:
        for method in ("get", "post", "put", "delete"):
            status = getattr(client, method)(path, content_type="application/json").status_code
            assert status < 500, (method, path, status)
