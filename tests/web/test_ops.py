"""/healthz (database, job queue, the workers' heartbeat; 200 or 503 with JSON) and /metrics
(Prometheus text: requests, jobs, mailbox lag; loopback or the metrics token only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from huey import SqliteHuey
from huey.contrib.djhuey import HUEY
from prometheus_client import REGISTRY

from reinstate_web.cases.models import SellerAccount
from reinstate_web.mailbox.models import MailboxConnection
from reinstate_web.ops import metrics, tasks
from reinstate_web.ops.models import WorkerHeartbeat
from tests.backends.servers import free_port

pytestmark = [pytest.mark.backends, pytest.mark.django_db]


def test_it_is_healthy_when_database_queue_and_a_worker_answer(client: Client) -> None:
    tasks.heartbeat()  # what a worker runs every minute (immediate in the tests)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    checks = body["checks"]
    assert checks["database"]["ok"]
    assert checks["database"]["vendor"] in {"sqlite", "postgresql"}
    assert checks["queue"]["ok"]
    assert checks["queue"]["pending"] == 0
    assert checks["workers"]["ok"]
    assert checks["workers"]["alive"] == 1
    assert 0 <= checks["workers"]["age_seconds"] < 60
    assert "no-cache" in response["Cache-Control"]


def test_it_fails_with_503_when_no_worker_has_beaten(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["workers"] == {
        "ok": False,
        "last_heartbeat": None,
        "age_seconds": None,
        "alive": 0,
        "max_age_seconds": 180,
        "ms": body["checks"]["workers"]["ms"],
    }


def test_it_fails_when_the_last_heartbeat_is_too_old(client: Client) -> None:
    tasks.heartbeat()
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=4))
    body = client.get("/healthz").json()
    assert body["status"] == "fail"
    assert body["checks"]["workers"]["ok"] is False
    assert body["checks"]["workers"]["age_seconds"] >= 240


def test_it_forgets_workers_gone_for_a_day() -> None:
    WorkerHeartbeat.objects.create(worker="old-host:1", seen_at=timezone.now() - timedelta(days=2))
    tasks.heartbeat()
    assert list(WorkerHeartbeat.objects.values_list("worker", flat=True)) != ["old-host:1"]
    assert not WorkerHeartbeat.objects.filter(worker="old-host:1").exists()


def test_it_reports_an_unreachable_queue_in_seconds_without_a_traceback() -> None:
    """A real process with a Redis URL where nothing listens: the queue check fails, fast."""
    env = {
        **os.environ,
        "REINSTATE_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
        "REINSTATE_JOBS_IMMEDIATE": "false",
        "DJANGO_SETTINGS_MODULE": "reinstate_web.settings",
    }
    code = (
        "import django, json; django.setup(); "
        "from reinstate_web.ops.health import _queue, _timed; print(json.dumps(_timed(_queue)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    queue = json.loads(done.stdout.strip().splitlines()[-1])
    assert queue["ok"] is False
    assert queue["error"] == "ConnectionError"
    assert queue["ms"] < 10_000


def _metrics(client: Client, **extra: str) -> tuple[int, str]:
    response = client.get("/metrics", **extra)  # type: ignore[arg-type]
    return response.status_code, response.content.decode()


def test_metrics_count_requests_by_view_and_status(client: Client) -> None:
    client.get("/healthz")
    client.get("/no-such-page/")
    status, text = _metrics(client)
    assert status == 200
    assert 'reinstate_http_requests_total{method="GET",status="5xx",view="ops:healthz"}' in text
    assert 'status="4xx",view="unmatched"' in text
    assert 'reinstate_http_request_duration_seconds_bucket{le="0.1",view="ops:healthz"}' in text


def test_metrics_time_jobs_and_count_their_outcomes(client: Client) -> None:
    tasks.heartbeat()
    _, text = _metrics(client)
    assert 'reinstate_jobs_total{outcome="complete",task="heartbeat"}' in text
    assert 'reinstate_job_duration_seconds_count{task="heartbeat"}' in text


def _sample(name: str, task: str) -> float:
    return REGISTRY.get_sample_value(name, {"task": task}) or 0.0


def test_metrics_time_a_job_from_queuing_to_its_end(client: Client) -> None:
    """Immediate mode (as the tests run jobs): queued, started and ended at once, one wait and
    one latency per job, and no enqueue time left in huey's storage."""
    before = _sample("reinstate_job_queue_wait_seconds_count", "heartbeat")
    tasks.heartbeat()
    tasks.heartbeat()
    assert _sample("reinstate_job_queue_wait_seconds_count", "heartbeat") == before + 2
    assert _sample("reinstate_job_latency_seconds_count", "heartbeat") == before + 2
    _, text = _metrics(client)
    assert 'reinstate_job_queue_wait_seconds_bucket{le="0.01",task="heartbeat"}' in text
    assert 'reinstate_job_latency_seconds_count{task="heartbeat"}' in text
    assert not [k for k in HUEY.storage.result_items() if k.startswith(metrics.ENQUEUED_KEY)]


def test_metrics_count_the_wait_in_the_queue_of_a_real_consumer(tmp_path: Path) -> None:
    """Jobs queued on a queue of their own (huey's SQLite storage, as a single-host install
    has), left waiting, then run by a real huey consumer: the wait covers the time in the
    queue, the latency the wait and the run."""
    queue = SqliteHuey("metrics-test", filename=str(tmp_path / "jobs.sqlite3"))
    metrics.watch_jobs(queue)

    @queue.task()  # type: ignore[untyped-decorator]
    def queue_wait_probe() -> str:
        time.sleep(0.2)
        return "done"

    name = "queue_wait_probe"
    waits = _sample("reinstate_job_queue_wait_seconds_sum", name)
    latencies = _sample("reinstate_job_latency_seconds_sum", name)
    handles = [queue_wait_probe(), queue_wait_probe()]
    assert len(queue.storage.result_items()) == 2  # each job's enqueue time, kept by huey
    time.sleep(0.5)
    consumer = queue.create_consumer(workers=2, worker_type="thread", periodic=False)
    consumer.start()
    try:
        assert [h.get(blocking=True, timeout=30) for h in handles] == ["done", "done"]
    finally:
        consumer.stop(graceful=True)
    assert _sample("reinstate_job_queue_wait_seconds_count", name) == 2
    assert _sample("reinstate_job_latency_seconds_count", name) == 2
    waited = _sample("reinstate_job_queue_wait_seconds_sum", name) - waits
    took = _sample("reinstate_job_latency_seconds_sum", name) - latencies
    assert 2 * 0.5 <= waited < 2 * 20
    assert took >= waited + 2 * 0.2
    assert _sample("reinstate_job_duration_seconds_count", name) == 2
    assert not [k for k in queue.storage.result_items() if k.startswith(metrics.ENQUEUED_KEY)]


def test_metrics_show_the_mailbox_lag(client: Client, account: SellerAccount) -> None:
    connection = MailboxConnection.objects.create(
        account=account, provider="other", host="imap.example.com", username="a@example.com"
    )
    MailboxConnection.objects.filter(pk=connection.pk).update(
        last_success_at=timezone.now() - timedelta(minutes=7)
    )
    _, text = _metrics(client)
    lag = next(
        line for line in text.splitlines() if line.startswith("reinstate_mailbox_lag_seconds ")
    )
    assert 420 <= float(lag.split()[1]) < 480
    assert "reinstate_mailboxes_watched 1.0" in text
    assert "reinstate_jobs_pending 0.0" in text


def test_metrics_refuse_other_addresses(client: Client) -> None:
    status, text = _metrics(client, REMOTE_ADDR="203.0.113.9")
    assert status == 403
    assert "reinstate_" not in text


def test_metrics_answer_the_token_from_anywhere(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = "a-long-random-metrics-token"
    auth = "Bearer a-long-random-metrics-token"
    assert _metrics(client, REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION=auth)[0] == 200
    wrong = "Bearer not-the-token"
    assert _metrics(client, REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION=wrong)[0] == 403


def test_metrics_behind_a_proxy_need_the_token(client: Client, settings: Any) -> None:
    settings.AXES_IPWARE_PROXY_COUNT = 1  # every request arrives from the proxy on loopback
    assert _metrics(client)[0] == 403
    settings.METRICS_TOKEN = "a-long-random-metrics-token"
    auth = "Bearer a-long-random-metrics-token"
    assert _metrics(client, HTTP_AUTHORIZATION=auth)[0] == 200
