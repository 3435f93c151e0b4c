from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Nothing here is shown to sellers (no admin pages, no translated words)."""

    name = "reinstate_web.ops"
    label = "ops"

    def ready(self) -> None:
        # Every process watches the queue's signals: a web node or a command that queues a job
        # keeps its enqueue time, a worker times what it runs (job latency in /metrics).
        from huey.contrib.djhuey import HUEY

        from reinstate_web.ops import metrics

        metrics.watch_jobs(HUEY)
