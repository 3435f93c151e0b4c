"""The workers' heartbeat (a periodic job: its row says a scheduler queued it, the queue carried
it and a worker ran it within the last minutes) and the database's planner statistics (hourly).
The job metrics are kept from huey's signals, watched in every process from
``OpsConfig.ready``."""

from __future__ import annotations

from django.db import close_old_connections
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, on_startup

from reinstate_web.ops import health, statistics


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def heartbeat() -> None:
    """Record that this worker is alive (read by /healthz)."""
    health.beat()


@db_periodic_task(crontab(minute="23"))  # type: ignore[untyped-decorator]
def refresh_statistics() -> None:
    """Hourly: the query planner's statistics (ops.statistics), so that lists of thousands of
    cases keep their fast plans as the database grows."""
    statistics.refresh_statistics()


@on_startup()  # type: ignore[untyped-decorator]
def first_beat() -> None:
    """A worker that just started beats at once: /healthz is green without waiting for the
    minute's periodic run."""
    try:
        health.beat()
    finally:
        close_old_connections()
