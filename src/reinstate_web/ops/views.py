"""``/healthz`` for load balancers and orchestrators, ``/metrics`` for Prometheus. Neither needs
a session; ``/metrics`` answers only on loopback (no reverse proxy in front:
REINSTATE_PROXY_COUNT=0) or to ``Authorization: Bearer <REINSTATE_METRICS_TOKEN>``."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reinstate_web.ops import health, metrics


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with ``"status": "ok"`` when the database, the queue and a worker answer; 503 with
    ``"status": "fail"`` and the failing check otherwise."""
    result = health.report()
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)


def _loopback(request: HttpRequest) -> bool:
    if int(settings.AXES_IPWARE_PROXY_COUNT):
        return False  # behind a proxy every request comes from it: only the token counts
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _token_matches(request: HttpRequest) -> bool:
    token = str(settings.METRICS_TOKEN)
    given = request.headers.get("Authorization", "")
    scheme, _, value = given.partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(value, token)


@never_cache
@require_GET
def prometheus(request: HttpRequest) -> HttpResponse:
    if not (_token_matches(request) or _loopback(request)):
        return HttpResponse(
            "Forbidden: /metrics answers on loopback or with the metrics token.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)
