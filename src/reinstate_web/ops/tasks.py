"""The workers' heartbeat (a periodic job: its row says a scheduler queued it, the queue carried
it and a worker ran it within the last minutes) and the job metrics, kept from huey's signals in
every worker process."""

from __future__ import annotations

from django.db import close_old_connections
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, on_startup

from reinstate_web.ops import health, metrics


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def heartbeat() -> None:
    """Record that this worker is alive (read by /healthz)."""
    health.beat()


@on_startup()  # type: ignore[untyped-decorator]
def first_beat() -> None:
    """A worker that just started beats at once: /healthz is green without waiting for the
    minute's periodic run."""
    try:
        health.beat()
    finally:
        close_old_connections()


metrics.watch_jobs(HUEY)
