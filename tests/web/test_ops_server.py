"""/healthz and /metrics of Reinstate as it runs: ``python -m reinstate_web serve`` (gunicorn
with two workers, and the job worker) on loopback. The request counts of both gunicorn workers
add up (prometheus_client's multiprocess mode)."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from tests.web.real_server import Server, real_server  # noqa: F401 - the running app

pytestmark = [pytest.mark.realserver, pytest.mark.slow, pytest.mark.xdist_group("real_server")]


def test_it_is_healthy_once_the_worker_has_started(real_server: Server) -> None:  # noqa: F811
    response = httpx.get(real_server.url + "/healthz", timeout=30)
    for _ in range(60):  # the worker beats as it starts; the web server may be up first
        if response.status_code == 200:
            break
        time.sleep(0.5)
        response = httpx.get(real_server.url + "/healthz", timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["workers"]["alive"] >= 1
    assert body["checks"]["queue"]["kind"] == "SqliteHuey"


def test_metrics_add_up_every_gunicorn_worker(real_server: Server) -> None:  # noqa: F811
    def counted() -> float:
        text = httpx.get(real_server.url + "/metrics", timeout=30).text
        pattern = (
            r'reinstate_http_requests_total\{method="GET",status="4xx",view="unmatched"\} (\S+)'
        )
        found = re.findall(pattern, text)
        return sum(float(value) for value in found)

    before = counted()
    for _ in range(40):  # a new connection each: gunicorn's workers take turns
        assert httpx.get(real_server.url + "/no-such-page/", timeout=30).status_code == 404
    assert counted() - before == 40
