"""Reinstate's settings for a process of its own (a migrated data folder, and a database and a
queue of its own on the PostgreSQL and Redis of ``tests.backends.run`` when they are set), and
huey workers started on them as an operator starts them (``python -m reinstate_web run_huey``)."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from huey import RedisHuey, SqliteHuey
from huey.api import Huey

DATABASE_URL = os.environ.get("REINSTATE_DATABASE_URL", "")
REDIS_URL = os.environ.get("REINSTATE_REDIS_URL", "")
ON_POSTGRES = DATABASE_URL.startswith("postgres")


@dataclass
class Installation:
    """One installation's settings: every process started with ``env`` shares its database,
    queue and files."""

    data: Path
    env: dict[str, str]
    database_url: str  # "" for SQLite (the data folder's reinstate.sqlite3)
    redis_url: str  # "" for huey's SQLite storage (the data folder's jobs.sqlite3)

    @property
    def sqlite_path(self) -> Path:
        return self.data / "reinstate.sqlite3"

    def queue(self) -> Huey:
        if self.redis_url:
            return RedisHuey("reinstate", url=self.redis_url)
        return SqliteHuey("reinstate", filename=str(self.data / "jobs.sqlite3"))

    def manage(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "reinstate_web", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"{args}: {done.stderr[-3000:]}")
        return done.stdout

    def child(self, *args: str) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-m", "tests.backends.race_child", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"race_child {args}: {done.stderr[-3000:]}")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result


def _redis_database() -> str:
    """A Redis database of its own (1-63; 0 is the suite's) on the run's Redis, handed out by a
    counter in database 0 that every pytest process increments atomically: two installations
    of tests running at once on two xdist workers never share a queue (a random pick did, once
    in CI: each test then saw the other's jobs)."""
    import redis

    with redis.Redis.from_url(REDIS_URL) as suite:
        number = int(suite.incr("reinstate-tests:next-database"))
    base = REDIS_URL.rsplit("/", 1)[0]
    return f"{base}/{(number - 1) % 63 + 1}"


@contextmanager
def installation(data: Path) -> Iterator[Installation]:
    """A migrated installation in ``data``: on SQLite and huey's SQLite storage, or, under
    ``tests.backends.run``, on a database of its own on PostgreSQL and a Redis database of its
    own (both dropped at the end)."""
    database_url = redis_url = ""
    name = f"race_{secrets.token_hex(4)}"
    if ON_POSTGRES:
        with psycopg.connect(DATABASE_URL, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        database_url = DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"
    if REDIS_URL:
        redis_url = _redis_database()
    env = {
        **os.environ,
        "REINSTATE_DATA_DIR": str(data),
        "REINSTATE_SECRET_KEY": "a-test-secret-key-for-the-workers-only-0123456789abcdef",
        "REINSTATE_DEBUG": "false",
        "REINSTATE_JOBS_IMMEDIATE": "false",
        "REINSTATE_DATABASE_URL": database_url,
        "REINSTATE_REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "reinstate_web.settings",
    }
    setup = Installation(data, env, database_url, redis_url)
    setup.manage("migrate", "--verbosity", "0")
    try:
        yield setup
    finally:
        if redis_url:
            setup.queue().storage.conn.flushdb()
        if ON_POSTGRES:
            with psycopg.connect(DATABASE_URL, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_workers(
    setup: Installation, count: int, *, periodic: bool = False
) -> list[subprocess.Popen[bytes]]:
    """``count`` worker processes (one worker thread each), logging into the data folder."""
    command = [sys.executable, "-m", "reinstate_web", "run_huey", "--workers", "1"]
    if not periodic:
        command.append("--no-periodic")
    processes = []
    for n in range(count):
        with open(setup.data / f"worker-{n}.log", "wb") as log:
            processes.append(
                subprocess.Popen(command, env=setup.env, stdout=log, stderr=subprocess.STDOUT)
            )
    return processes


def stop_workers(processes: list[subprocess.Popen[bytes]]) -> None:
    """Stop gracefully (SIGINT: the task in hand finishes first)."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in processes:
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
