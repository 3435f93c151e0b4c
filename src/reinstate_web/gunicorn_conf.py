"""gunicorn's settings for Reinstate (``gunicorn -c python:reinstate_web.gunicorn_conf
reinstate_web.wsgi:application``; ``python -m reinstate_web serve`` uses it). Every value may be
overridden on gunicorn's command line or with ``GUNICORN_CMD_ARGS``. See docs/deploy.md.

A worker that exits (restart, crash, ``--max-requests``) leaves its metric files behind: its
counts stay in the totals, and prometheus_client is told so that gauges of live processes only
count the living (multiprocess mode, PROMETHEUS_MULTIPROC_DIR)."""

from __future__ import annotations

import os
from typing import Any

bind = os.environ.get("REINSTATE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("REINSTATE_WEB_WORKERS", "2"))
# One request at a time per process (gunicorn's sync worker): the pages are CPU-bound Python,
# and a process with threads (gthread) keeps accepting connections while busy, so two clients
# could share one process and one core while the other idled. bench/load.py, 10,000 cases on
# SQLite, 2 processes, 2 clients: the dashboard went from 10.5 to 24.8 requests/s (p95 258 ->
# 112 ms) with threads 4 -> 1. The reverse proxy in front buffers slow uploads (deploy.md).
threads = int(os.environ.get("REINSTATE_WEB_THREADS", "1"))
# Uploads of large exports and the PDF letter take a while on a small machine.
timeout = 300
graceful_timeout = 10
# Workers are recycled now and then (a slow leak in a library never grows without end).
max_requests = 2000
max_requests_jitter = 200
accesslog = None
loglevel = "warning"


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def post_worker_init(worker: Any) -> None:
    """Once the worker has loaded Django, import every view (the URLconf) and freeze what is
    loaded: Python's collector then no longer walks these ~200,000 long-lived objects on each
    full collection (12-23 ms of a dashboard request at 10,000 cases, bench/load.py)."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every app's views and templates tags
    gc.collect()
    gc.freeze()
