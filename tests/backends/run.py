"""``python -m tests.backends.run [pytest arguments]``: start a throw-away PostgreSQL and Redis
(tests/backends/servers.py) and run pytest with ``REINSTATE_DATABASE_URL`` and
``REINSTATE_REDIS_URL`` pointing at them, then stop both. ``make test`` runs the tests marked
``backends`` this way after the whole suite has run on SQLite. The settings are read once, when
pytest starts Django, so the servers must be running before pytest does."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.backends.servers import running_postgres, running_redis


def main(arguments: list[str]) -> int:
    with running_postgres() as database, running_redis() as queue:
        env = {
            **os.environ,
            "REINSTATE_DATABASE_URL": database.url,
            "REINSTATE_REDIS_URL": queue.url(0),
        }
        print(f"PostgreSQL on {database.url}, Redis on {queue.url(0)}", flush=True)
        return subprocess.call([sys.executable, "-m", "pytest", *arguments], env=env)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
