"""Response headers that keep seller data out of caches.

Every page a signed-in user sees and every file they download carries a seller's data (notices,
exports, letters, charts). ``Cache-Control: private, no-store`` keeps it out of shared proxies
and out of the browser's disk cache and back/forward history after signing out. A view's own,
looser Cache-Control is replaced: nothing a signed-in user is sent may be stored.
Static files never reach this middleware (WhiteNoise answers them first, with long caching).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

NO_STORE = "private, no-store"


class PrivateCacheMiddleware:
    """Sets ``Cache-Control: private, no-store`` on every response to a signed-in user, and on
    anonymous responses that set no caching of their own (sign-in and sign-up pages hold a CSRF
    token and what the visitor typed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or not response.has_header("Cache-Control"):
            # The whole header is replaced, so no looser directive (max-age=86400) survives.
            response["Cache-Control"] = NO_STORE
            if response.has_header("Expires"):
                del response["Expires"]
        return response
