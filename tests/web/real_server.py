"""Reinstate as a user runs it: `python -m reinstate_web serve` (gunicorn, 2 workers, and the job
worker) on a free port with its own data folder, and a small client that signs in through the
real form."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

PASSWORD = "correct horse battery staple"
TENANTS = ("li@seller-one.example", "wang@seller-two.example")


@dataclass
class Server:
    url: str
    env: dict[str, str]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _manage(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [sys.executable, "-m", "reinstate_web", *args],
        env=env,
        input=stdin,
        text=True,
        check=True,
        capture_output=True,
        timeout=120,
    )


@contextmanager
def running_server(data: Path) -> Iterator[tuple[Server, subprocess.Popen[bytes]]]:
    """``serve`` on a free port with ``data`` as its data folder and the two tenants; stopped on
    exit. Also used by ``bench/hostile.py``."""
    port = _free_port()
    env = {
        **os.environ,
        "REINSTATE_DATA_DIR": str(data),
        "REINSTATE_SECRET_KEY": "a-test-secret-key-for-the-real-server-only-0123456789abcdef",
        "REINSTATE_DEBUG": "false",
        "REINSTATE_JOBS_IMMEDIATE": "false",  # the job worker runs beside the web server
        "REINSTATE_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    _manage(env, "migrate", "--verbosity", "0")
    for number, email in enumerate(TENANTS):
        _manage(
            env,
            "adduser",
            email,
            "--organisation",
            f"Seller {number + 1}",
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )
    process = subprocess.Popen(
        [sys.executable, "-m", "reinstate_web", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(url + "/", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise RuntimeError("the server did not start")
        yield Server(url, env), process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("server-data")) as (server, _):
        yield server


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_of(page: str) -> str:
    match = _CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def signed_in(server: Server, email: str) -> httpx.Client:
    """A client signed in through the sign-in form, as a browser would."""
    client = httpx.Client(base_url=server.url, timeout=120, follow_redirects=True)
    page = client.get("/login/")
    response = client.post(
        "/login/",
        data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": csrf_of(page.text)},
        headers={"Referer": server.url + "/login/"},
    )
    assert response.status_code == 200
    assert "sessionid" in client.cookies
    return client


def post_form(
    client: httpx.Client, server: Server, path: str, data: dict[str, str]
) -> httpx.Response:
    page = client.get(path)
    return client.post(
        path,
        data={**data, "csrfmiddlewaretoken": csrf_of(page.text)},
        headers={"Referer": server.url + path},
    )


def data_dir(server: Server) -> Path:
    return Path(server.env["REINSTATE_DATA_DIR"])
