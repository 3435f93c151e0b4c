"""Two huey worker processes given the same job at the same moment do the work once: an
analysis run queued twice, and a mailbox's scheduled poll queued twice (two schedulers).

Both workers must really reach the claim together, so the test holds a write lock on the row
(PostgreSQL: SELECT ... FOR UPDATE; SQLite: BEGIN IMMEDIATE) until both have taken their job
from the queue and stand at the database; then it lets go. Without the claim in one UPDATE
(reading the status, then saving "running") both workers run it, and these tests fail.

On SQLite and huey's SQLite storage in the first pytest run; on PostgreSQL and Redis under
``tests.backends.run`` (``make test`` runs both)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from tests.backends.servers import free_port
from tests.backends.workers import Installation, installation, start_workers, stop_workers

pytestmark = [pytest.mark.backends, pytest.mark.slow, pytest.mark.xdist_group("workers")]

# Fixed names (no input reaches the SQL below).
LOCK_ROW = {
    "analysis": "SELECT 1 FROM analysis_analysisrun WHERE id = %s FOR UPDATE",
    "mailbox": "SELECT 1 FROM mailbox_mailboxconnection WHERE id = %s FOR UPDATE",
}


@contextmanager
def row_locked(setup: Installation, kind: str, pk: int) -> Iterator[None]:
    if setup.database_url:
        with psycopg.connect(setup.database_url) as conn:
            conn.execute(LOCK_ROW[kind], (pk,))  # type: ignore[arg-type]
            yield
            conn.rollback()
    else:
        lite = sqlite3.connect(setup.sqlite_path, isolation_level=None, timeout=20)
        try:
            lite.execute("BEGIN IMMEDIATE")
            yield
            lite.execute("ROLLBACK")
        finally:
            lite.close()


def _waiting_on_locks(setup: Installation) -> int:
    with psycopg.connect(setup.database_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        ).fetchone()
    return int(row[0]) if row else 0


def _until(condition: object, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _race(setup: Installation, kind: str, pk: int) -> None:
    """Both queued jobs taken by two workers while the row is locked, then let go; returns
    when both workers have finished their job and stopped."""
    queue = setup.queue()
    assert queue.pending_count() == 2
    workers = []
    try:
        with row_locked(setup, kind, pk):
            workers = start_workers(setup, 2)
            _until(lambda: queue.pending_count() == 0, "both jobs taken")
            if setup.database_url:
                _until(lambda: _waiting_on_locks(setup) == 2, "both workers at the row")
            else:
                time.sleep(2)  # SQLite shows no waiters: time for both to reach the write
        time.sleep(1)  # let go: both go on from the claim
    finally:
        stop_workers(workers)  # graceful: each finishes the job in hand


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Installation]:
    with installation(tmp_path / "data") as it:
        yield it


def test_it_runs_an_analysis_queued_twice_once_with_two_workers(setup: Installation) -> None:
    run = setup.child("analysis")["id"]
    _race(setup, "analysis", run)
    outcome = setup.child("count", "analysis", str(run))
    assert outcome == {"times": 1, "status": "done"}


def test_it_polls_a_mailbox_once_per_round_with_two_workers(setup: Installation) -> None:
    closed_port = free_port()  # nothing listens: each poll is one recorded failure
    connection = setup.child("mailbox", str(closed_port))["id"]
    _race(setup, "mailbox", connection)
    outcome = setup.child("count", "mailbox", str(connection))
    assert outcome["times"] == 1, outcome
