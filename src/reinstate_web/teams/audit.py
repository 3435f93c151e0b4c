"""Where a change to a case came from, for the case's audit log.

:class:`RequestOriginMiddleware` keeps the request's client address and browser for the length
of the request; ``cases.services.record`` stores them on every timeline event it writes, so no
service needs the request passed down. A job or a command has no origin (both empty).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from reinstate_web.accounts.throttle import client_address

USER_AGENT_MAX = 300

_ORIGIN: ContextVar[tuple[str | None, str]] = ContextVar("reinstate_origin", default=(None, ""))


def origin() -> tuple[str | None, str]:
    """The current request's client address and user agent, or ``(None, "")`` outside one."""
    return _ORIGIN.get()


class RequestOriginMiddleware:
    """Makes the request's origin known to :func:`origin` while the request is handled."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        agent = " ".join(str(request.META.get("HTTP_USER_AGENT", "")).split())
        token = _ORIGIN.set((_address(request), agent[:USER_AGENT_MAX]))
        try:
            return self.get_response(request)
        finally:
            _ORIGIN.reset(token)


def _address(request: HttpRequest) -> str | None:
    raw = client_address(request)
    try:
        return str(ipaddress.ip_address(raw)) if raw else None
    except ValueError:
        return None
