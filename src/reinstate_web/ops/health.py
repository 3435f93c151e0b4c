"""What ``/healthz`` reports: can this web node reach the database and the job queue, and has a
worker run the heartbeat job lately. Every check is bounded in time and reports a one-line
reason, never a traceback or a server address."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from reinstate_web.ops.models import WorkerHeartbeat

# The heartbeat job runs every minute: three missed beats mean no worker is taking jobs.
HEARTBEAT_MAX_AGE = timedelta(minutes=3)
# Rows of workers gone for this long are removed at the next beat.
HEARTBEAT_FORGET = timedelta(days=1)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def beat() -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker=worker_name(), defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - HEARTBEAT_FORGET).delete()


def _timed(check: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = {"ok": True, **check()}
    except Exception as exc:  # noqa: BLE001 - any failure is the answer, as one line
        result = {"ok": False, "error": type(exc).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _queue() -> dict[str, Any]:
    from huey.contrib.djhuey import HUEY

    return {"kind": type(HUEY).__name__, "pending": HUEY.pending_count()}


def _workers() -> dict[str, Any]:
    now = timezone.now()
    beats = list(WorkerHeartbeat.objects.order_by("-seen_at")[:50])
    recent = [b for b in beats if now - b.seen_at <= HEARTBEAT_MAX_AGE]
    last = beats[0].seen_at if beats else None
    return {
        "ok": bool(recent),
        "last_heartbeat": last.isoformat() if last else None,
        "age_seconds": round((now - last).total_seconds(), 1) if last else None,
        "alive": len(recent),
        "max_age_seconds": int(HEARTBEAT_MAX_AGE.total_seconds()),
    }


def report() -> dict[str, Any]:
    """``{"status": "ok"|"fail", "checks": {"database": ..., "queue": ..., "workers": ...}}``;
    the workers are checked only when the database answers."""
    checks = {"database": _timed(_database), "queue": _timed(_queue)}
    if checks["database"]["ok"]:
        checks["workers"] = _timed(_workers)
    else:
        checks["workers"] = {"ok": False, "error": "database unreachable"}
    healthy = all(check["ok"] for check in checks.values())
    return {"status": "ok" if healthy else "fail", "checks": checks}
