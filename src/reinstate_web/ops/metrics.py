"""Prometheus metrics on the well-kept ``prometheus_client``: requests (by view, method and
status class), jobs (duration and outcome by task) and, read from the database at each scrape,
the mailbox lag and the queue's length.

Several gunicorn and huey processes each count their own: with ``PROMETHEUS_MULTIPROC_DIR`` set
(an empty folder shared by the processes of one machine, emptied at start; ``reinstate_web
serve`` and docs/deploy.md set it) the counts are kept in files there and ``/metrics`` adds them
up (prometheus_client's multiprocess mode). Without it, each process shows its own.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REQUESTS = Counter(
    "reinstate_http_requests",
    "HTTP requests answered, by view, method and status class.",
    ["view", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "reinstate_http_request_duration_seconds",
    "Time to answer an HTTP request, by view.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
JOBS = Counter(
    "reinstate_jobs",
    "Background jobs finished, by task and outcome (complete, error).",
    ["task", "outcome"],
)
JOB_SECONDS = Histogram(
    "reinstate_job_duration_seconds",
    "Time a background job ran, by task.",
    ["task"],
    buckets=(0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600),
)


def _view_name(request: HttpRequest) -> str:
    """The URL pattern's name (a bounded set), never the path (unbounded: ids, tokens)."""
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match else "") or "unmatched"


class RequestMetricsMiddleware:
    """Counts and times every request (first in the chain, so its time is the whole answer)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view = _view_name(request)
        REQUEST_SECONDS.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(view, request.method or "", f"{response.status_code // 100}xx").inc()
        return response


def watch_jobs(huey: Any) -> None:
    """Time every job this process runs, from huey's signals (called once, by ops.tasks)."""
    from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR, SIGNAL_EXECUTING

    started: dict[str, float] = {}

    @huey.signal(SIGNAL_EXECUTING)  # type: ignore[untyped-decorator]
    def _executing(signal: str, task: Any) -> None:
        started[task.id] = time.perf_counter()

    @huey.signal(SIGNAL_COMPLETE, SIGNAL_ERROR)  # type: ignore[untyped-decorator]
    def _finished(signal: str, task: Any, exc: BaseException | None = None) -> None:
        began = started.pop(task.id, None)
        if began is not None:
            JOB_SECONDS.labels(task.name).observe(time.perf_counter() - began)
        JOBS.labels(task.name, "error" if signal == SIGNAL_ERROR else "complete").inc()


class StateCollector(Collector):
    """Read at each scrape: how long since each watched mailbox was last read, the mailboxes
    whose last poll failed, and the jobs waiting in the queue."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from huey.contrib.djhuey import HUEY

        from reinstate_web.mailbox.models import MailboxConnection

        now = timezone.now()
        lag = GaugeMetricFamily(
            "reinstate_mailbox_lag_seconds",
            "Seconds since the longest-waiting watched mailbox was last read (0: none watched).",
        )
        failing = GaugeMetricFamily(
            "reinstate_mailboxes_failing", "Watched mailboxes whose last poll failed."
        )
        watched = GaugeMetricFamily("reinstate_mailboxes_watched", "Mailboxes being watched.")
        rows = MailboxConnection.objects.filter(enabled=True).only(
            "connected_at", "last_success_at", "last_error_at"
        )
        oldest, count, bad = timedelta(0), 0, 0
        for row in rows.iterator():
            count += 1
            bad += row.failing
            oldest = max(oldest, now - (row.last_success_at or row.connected_at))
        lag.add_metric([], oldest.total_seconds())
        failing.add_metric([], bad)
        watched.add_metric([], count)
        yield from (lag, failing, watched)
        pending = GaugeMetricFamily("reinstate_jobs_pending", "Jobs waiting in the queue.")
        pending.add_metric([], HUEY.pending_count())
        yield pending


def exposition() -> tuple[bytes, str]:
    """The metrics text and its content type: all processes' counts in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = REGISTRY
    state = CollectorRegistry()
    state.register(StateCollector())
    return generate_latest(registry) + generate_latest(state), CONTENT_TYPE_LATEST
