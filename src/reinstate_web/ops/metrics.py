"""Prometheus metrics on the well-kept ``prometheus_client``: requests (by view, method and
status class), jobs (by task: how long each ran, waited in the queue and took from being queued
to its end, and its outcome) and, read from the database at each scrape, the mailbox lag and
the queue's length.

When a job is queued (huey's ``enqueued`` signal, in whichever process queues it: a web node,
the scheduler, a job queuing another) its wall-clock time is kept in huey's own storage (the
queue's Redis or SQLite file, so any worker on any host finds it) under
``reinstate:enqueued:<task id>``; the worker that starts the job takes the key away and observes
the wait, then the whole latency when the job ends. A job that fell due later (``schedule``,
a retry with a delay) counts from when it fell due, as the scheduler queues it again then.
Hosts' clocks must agree (NTP): a negative wait from a clock behind is counted as 0.

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
_WAIT_BUCKETS = (0.01, 0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600, 14400)
JOB_QUEUE_WAIT_SECONDS = Histogram(
    "reinstate_job_queue_wait_seconds",
    "Time a background job waited in the queue, from being queued (or falling due) to its "
    "start, by task.",
    ["task"],
    buckets=_WAIT_BUCKETS,
)
JOB_LATENCY_SECONDS = Histogram(
    "reinstate_job_latency_seconds",
    "Time from queuing a background job (or its falling due) to its end, queue wait and run, "
    "by task.",
    ["task"],
    buckets=_WAIT_BUCKETS,
)
ENQUEUED_KEY = "reinstate:enqueued:"


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


def _take_enqueued(huey: Any, task: Any) -> float | None:
    """When the job was queued (wall clock), taken out of huey's storage; None if unknown (a
    job queued before this was deployed, or by a process without these signals)."""
    from huey.constants import EmptyData

    value = huey.storage.pop_data(ENQUEUED_KEY + task.id)
    if value is EmptyData:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def watch_jobs(huey: Any) -> None:
    """Time every job this process queues or runs, from huey's signals (called once per
    process, by ``OpsConfig.ready``; huey logs and swallows an error in a signal handler, so a
    metric never stops a job)."""
    from huey.signals import (
        SIGNAL_CANCELED,
        SIGNAL_COMPLETE,
        SIGNAL_ENQUEUED,
        SIGNAL_ERROR,
        SIGNAL_EXECUTING,
        SIGNAL_EXPIRED,
        SIGNAL_INTERRUPTED,
        SIGNAL_LOCKED,
        SIGNAL_RATE_LIMITED,
        SIGNAL_RETRYING,
        SIGNAL_REVOKED,
        SIGNAL_TIMEOUT,
    )

    started: dict[str, float] = {}
    queued: dict[str, float] = {}

    @huey.signal(SIGNAL_ENQUEUED)  # type: ignore[untyped-decorator]
    def _enqueued(signal: str, task: Any) -> None:
        huey.storage.put_data(ENQUEUED_KEY + task.id, repr(time.time()).encode("ascii"))

    @huey.signal(SIGNAL_EXECUTING)  # type: ignore[untyped-decorator]
    def _executing(signal: str, task: Any) -> None:
        started[task.id] = time.perf_counter()
        at = _take_enqueued(huey, task)
        if at is not None:
            queued[task.id] = at
            JOB_QUEUE_WAIT_SECONDS.labels(task.name).observe(max(0.0, time.time() - at))

    @huey.signal(SIGNAL_REVOKED, SIGNAL_EXPIRED)  # type: ignore[untyped-decorator]
    def _dropped(signal: str, task: Any) -> None:
        _take_enqueued(huey, task)  # never runs: nothing to observe, no key left behind

    @huey.signal(  # type: ignore[untyped-decorator]
        SIGNAL_CANCELED,
        SIGNAL_INTERRUPTED,
        SIGNAL_LOCKED,
        SIGNAL_RATE_LIMITED,
        SIGNAL_RETRYING,
        SIGNAL_TIMEOUT,
    )
    def _stopped(signal: str, task: Any) -> None:
        # The run ended without completing or failing (counted by huey's own log only): forget
        # it, so a long-lived worker keeps no entry per such run. A retry is queued again.
        started.pop(task.id, None)
        queued.pop(task.id, None)

    @huey.signal(SIGNAL_COMPLETE, SIGNAL_ERROR)  # type: ignore[untyped-decorator]
    def _finished(signal: str, task: Any, exc: BaseException | None = None) -> None:
        began = started.pop(task.id, None)
        if began is not None:
            JOB_SECONDS.labels(task.name).observe(time.perf_counter() - began)
        at = queued.pop(task.id, None)
        if at is not None:
            JOB_LATENCY_SECONDS.labels(task.name).observe(max(0.0, time.time() - at))
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
