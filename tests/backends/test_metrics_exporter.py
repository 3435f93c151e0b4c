"""A job-worker host without a web node serves its workers' metrics with
``python -m reinstate_web metrics_exporter``: the counts two real worker processes wrote to
PROMETHEUS_MULTIPROC_DIR, added up."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.backends.servers import free_port
from tests.backends.workers import Installation, installation, start_workers, stop_workers

# Again on PostgreSQL and Redis (make test): the enqueue times then travel through Redis.
pytestmark = [pytest.mark.slow, pytest.mark.backends, pytest.mark.xdist_group("workers")]


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Installation]:
    with installation(tmp_path / "data") as it:
        metrics = tmp_path / "metrics"
        metrics.mkdir()
        it.env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
        yield it


def _value(text: str, sample: str) -> float:
    line = next(line for line in text.splitlines() if line.startswith(sample + " "))
    return float(line.split()[1])


def test_it_serves_the_workers_job_counts(setup: Installation) -> None:
    run = setup.child("analysis")["id"]  # one run, its job queued twice
    queued = time.monotonic()
    workers = start_workers(setup, 2)
    try:
        deadline = time.monotonic() + 120
        while setup.queue().pending_count() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop_workers(workers)  # graceful: both jobs finished
    booted = time.monotonic() - queued  # at least the time the jobs sat in the queue
    assert setup.child("count", "analysis", str(run)) == {"times": 1, "status": "done"}
    port = free_port()
    exporter = subprocess.Popen(
        [sys.executable, "-m", "reinstate_web", "metrics_exporter", "--bind", f"127.0.0.1:{port}"],
        env=setup.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        text = ""
        for _ in range(100):
            try:
                text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
                break
            except httpx.TransportError:
                time.sleep(0.2)
        # Both jobs completed (the second found the run claimed and returned), one per worker
        # or both in one: the total is the same.
        assert 'reinstate_jobs_total{outcome="complete",task="run_analysis"} 2.0' in text
        assert 'reinstate_job_duration_seconds_count{task="run_analysis"} 2.0' in text
        # Queued by another process (the child, as a web node queues them), taken from the
        # queue's storage (Redis on the backends run) by the workers: both jobs waited for
        # the workers to start, then ran.
        wait = 'reinstate_job_queue_wait_seconds_{}{{task="run_analysis"}}'
        latency = 'reinstate_job_latency_seconds_{}{{task="run_analysis"}}'
        assert _value(text, wait.format("count")) == 2.0
        assert _value(text, latency.format("count")) == 2.0
        waited = _value(text, wait.format("sum"))
        assert 0.5 < waited < 2 * (booted + 5)
        ran = _value(text, 'reinstate_job_duration_seconds_sum{task="run_analysis"}')
        assert _value(text, latency.format("sum")) >= waited + ran * 0.9
    finally:
        exporter.terminate()
        exporter.wait(timeout=20)


def test_it_refuses_to_start_without_the_metrics_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    env["REINSTATE_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "reinstate_web", "metrics_exporter"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "PROMETHEUS_MULTIPROC_DIR must name the folder" in done.stderr
    assert "Traceback" not in done.stderr
