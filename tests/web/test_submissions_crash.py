"""The sending job killed between "recorded" and "sent" neither loses nor doubles the e-mail.

Each test runs the job as a real process on its own data folder (SQLite, as installed), kills it
with SIGKILL at one moment, and restarts it with the clock moved on:

- before it picked the e-mail up: the restarted job sends it, once;
- while it was connecting (nothing handed over): the e-mail goes back to the queue and is sent
  once, with the same Message-ID;
- while the server was taking the message (the server has it, the job never heard back): it is
  never sent again on its own; the seller is asked to look in the Sent folder.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.mail.smtp_sink import Sink, silent_server

pytestmark = [pytest.mark.realserver, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
LATER = timedelta(minutes=11)  # past services.STALE_AFTER


Child = Callable[..., dict[str, Any]]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REINSTATE_")}
    env.update(
        {
            "REINSTATE_DATA_DIR": str(data),
            "REINSTATE_SECRET_KEY": "a-test-secret-key-for-the-crash-tests-0123456789abcdef",
            "REINSTATE_DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "reinstate_web.settings",
            "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        }
    )
    return env


@pytest.fixture
def child(data_dir: Path) -> Child:
    def run(*args: object) -> dict[str, Any]:
        result = subprocess.run(
            [sys.executable, "-m", "tests.web.submission_crash_child", *map(str, args)],
            cwd=ROOT,
            env=_env(data_dir),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return dict(json.loads(result.stdout.strip().splitlines()[-1]))

    return run


def _start_send(data: Path, submission_id: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.web.submission_crash_child", "send", str(submission_id)],
        cwd=ROOT,
        env=_env(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait(check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def _kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL


def _later() -> str:
    return (timezone.now() + LATER).isoformat()


def test_it_sends_once_an_e_mail_recorded_before_the_job_was_killed(
    child: Child, smtp_sink: Sink
) -> None:
    prepared = child("prepare", smtp_sink.host, smtp_sink.port)
    assert child("state", prepared["id"])["state"] == "queued"
    # The worker died before picking it up; the restarted one finds it.
    assert child("resume", timezone.now().isoformat())["ids"] == [prepared["id"]]
    child("send", prepared["id"])
    child("send", prepared["id"])  # the job queued twice: the second does nothing
    (received,) = smtp_sink.wait_for(1)
    assert received.message["Message-ID"] == prepared["message_id"]
    assert child("state", prepared["id"])["state"] == "sent"
    time.sleep(0.5)
    assert len(smtp_sink.received()) == 1


def test_it_sends_once_after_the_job_was_killed_while_connecting(
    child: Child, data_dir: Path, smtp_sink: Sink
) -> None:
    with silent_server() as (host, port, connected):
        prepared = child("prepare", host, port)
        process = _start_send(data_dir, prepared["id"])
        assert connected.wait(30), "the job never connected"
        _wait(lambda: child("state", prepared["id"])["state"] == "sending")
        _kill(process)
    assert smtp_sink.received() == []
    # Before the stale time, a restarted job leaves it alone (it may still be running).
    assert child("resume", timezone.now().isoformat())["ids"] == []
    assert child("resume", _later())["ids"] == [prepared["id"]]
    child("port", smtp_sink.port)
    child("send", prepared["id"])
    (received,) = smtp_sink.wait_for(1)
    assert received.message["Message-ID"] == prepared["message_id"]
    state = child("state", prepared["id"])
    assert (state["state"], state["attempts"]) == ("sent", 2)


def test_it_never_sends_twice_after_the_job_was_killed_while_the_server_took_the_message(
    child: Child, data_dir: Path, smtp_sink: Sink
) -> None:
    prepared = child("prepare", smtp_sink.host, smtp_sink.port)
    smtp_sink.hold_replies.set()  # the server keeps the message but does not answer yet
    process = _start_send(data_dir, prepared["id"])
    smtp_sink.wait_for(1)
    _wait(lambda: child("state", prepared["id"])["state"] == "transmitting")
    _kill(process)
    smtp_sink.release.set()
    assert child("resume", _later())["ids"] == []  # never resent on its own
    state = child("state", prepared["id"])
    assert (state["state"], state["error_code"]) == ("unconfirmed", "unconfirmed")
    child("send", prepared["id"])  # a stray job run: claims nothing
    time.sleep(0.5)
    assert len(smtp_sink.received()) == 1
    # The seller finds it in the Sent folder: it went, once.
    assert child("confirm", prepared["id"])["state"] == "sent"
