"""``reinstate backup`` and ``restore`` on PostgreSQL: a throw-away server on loopback
(tests/backends/servers.py), the source in one database and the restore in a second."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.backends.servers import Postgres, postgres_available, running_postgres
from tests.web.test_backup import COMMAND, ROOT, _env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.realserver,
    pytest.mark.skipif(not postgres_available(), reason="Debian's postgresql is not installed"),
]


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    with running_postgres() as server:
        yield server


def _with_database(data: Path, url: str) -> dict[str, str]:
    return {**_env(data), "REINSTATE_DATABASE_URL": url}


def _run(env: dict[str, str], *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*map(str, args)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


def _child(env: dict[str, str], *args: object) -> dict[str, Any]:
    result = _run(env, sys.executable, "-m", "tests.web.backup_child", *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_it_round_trips_a_postgresql_installation(postgres: Postgres, tmp_path: Path) -> None:
    import psycopg

    with psycopg.connect(postgres.url, autocommit=True) as connection:
        connection.execute("CREATE DATABASE restored")
    source = _with_database(tmp_path / "source", postgres.url)
    target = _with_database(tmp_path / "target", postgres.url.rsplit("/", 1)[0] + "/restored")
    _child(source, "populate", 12)
    archive = tmp_path / "pg.tar.gz"
    made = _run(source, *COMMAND, "backup", archive)
    assert made.returncode == 0, made.stderr
    assert "12 cases" in made.stdout

    restored = _run(target, *COMMAND, "restore", archive)
    assert restored.returncode == 0, restored.stderr
    assert _child(target, "describe") == _child(source, "describe")

    again = _run(target, *COMMAND, "restore", archive)
    assert again.returncode == 2
    assert "--force" in again.stderr
    forced = _run(target, *COMMAND, "restore", "--force", archive)
    assert forced.returncode == 0, forced.stderr
    assert _child(target, "describe") == _child(source, "describe")
