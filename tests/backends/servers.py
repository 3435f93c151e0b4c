"""A real PostgreSQL and a real Redis for the tests and the deployment check: Debian's
``postgresql`` and ``redis-server`` on loopback, each with a throw-away data folder, a free port
and no persistence beyond the run. ``make test`` installs both.

    >>> with running_postgres() as database, running_redis() as queue:   # doctest: +SKIP
    ...     os.environ["REINSTATE_DATABASE_URL"] = database.url

PostgreSQL refuses to run as root: as root its folder belongs to Debian's ``postgres`` user (or
``nobody`` when there is none) and initdb and the server run as that user; otherwise everything
runs as the current user. Sign-in is ``trust`` on loopback only (a throw-away server).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
DATABASE_USER = "reinstate"
DATABASE_NAME = "reinstate"


def _postgres_bin() -> Path | None:
    """Debian's newest PostgreSQL binaries (/usr/lib/postgresql/<version>/bin)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/postgres"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    return Path(found[-1]).parent if found else None


def postgres_available() -> bool:
    return _postgres_bin() is not None


def redis_available() -> bool:
    return os.path.exists(REDIS_SERVER)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], what: str, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{what} stopped at start: {log.read_text(errors='replace')[-2000:]}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port} within 30 s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass(frozen=True)
class Postgres:
    port: int
    root: Path
    host: str = "127.0.0.1"

    @property
    def url(self) -> str:
        return f"postgres://{DATABASE_USER}@{self.host}:{self.port}/{DATABASE_NAME}"


@dataclass(frozen=True)
class Redis:
    port: int
    host: str = "127.0.0.1"

    def url(self, db: int = 0) -> str:
        return f"redis://{self.host}:{self.port}/{db}"


def _run_as() -> pwd.struct_passwd | None:
    """The unprivileged user PostgreSQL runs as when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL as")


def _demote(user: pwd.struct_passwd | None) -> dict[str, object]:
    """Popen arguments that run the child as ``user``."""
    if user is None:
        return {}
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


@contextmanager
def running_postgres() -> Iterator[Postgres]:
    """A fresh cluster with a superuser ``reinstate`` and a database ``reinstate`` (the tests'
    own databases are made by Django's test runner next to it)."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    user = _run_as()
    root = Path(tempfile.mkdtemp(prefix="reinstate-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "postgres.log"
    sockets.mkdir()
    if user is not None:
        os.chown(root, user.pw_uid, user.pw_gid)
        os.chown(sockets, user.pw_uid, user.pw_gid)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"}
    port = free_port()
    process: subprocess.Popen[bytes] | None = None
    try:
        subprocess.run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                DATABASE_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            env=env,
            cwd=root,
            timeout=120,
            **_demote(user),  # type: ignore[arg-type]
        )
        with open(log, "wb") as log_file:
            process = subprocess.Popen(
                [
                    str(bin_dir / "postgres"),
                    "-D",
                    str(data),
                    "-p",
                    str(port),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    f"unix_socket_directories={sockets}",
                    # A throw-away server: durability traded for speed.
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                    "-c",
                    "max_connections=200",
                ],
                stdout=log_file,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=root,
                **_demote(user),  # type: ignore[arg-type]
            )
        _wait_for_port(port, process, "PostgreSQL", log)
        server = Postgres(port=port, root=root)
        _wait_until_ready(bin_dir, server)
        createdb = [str(bin_dir / "createdb"), "-h", server.host, "-p", str(port)]
        subprocess.run(
            [*createdb, "-U", DATABASE_USER, DATABASE_NAME],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield server
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(root, ignore_errors=True)


def _wait_until_ready(bin_dir: Path, server: Postgres) -> None:
    """The port opens before the server takes connections: ask pg_isready."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready = subprocess.run(
            [str(bin_dir / "pg_isready"), "-h", server.host, "-p", str(server.port), "-q"],
            check=False,
            timeout=10,
        )
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    raise RuntimeError("PostgreSQL did not accept connections within 30 s")


@contextmanager
def running_redis() -> Iterator[Redis]:
    """A Redis with no snapshots and no append-only file, in a folder of its own."""
    if not redis_available():
        raise RuntimeError("Redis is not installed (Debian: apt-get install redis-server)")
    root = Path(tempfile.mkdtemp(prefix="reinstate-redis-"))
    port = free_port()
    log = root / "redis.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        with open(log, "wb") as log_file:
            process = subprocess.Popen(
                [
                    REDIS_SERVER,
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--dir",
                    str(root),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--protected-mode",
                    "yes",
                    "--databases",
                    "64",
                ],
                stdout=log_file,
                stderr=subprocess.STDOUT,
                cwd=root,
            )
        _wait_for_port(port, process, "Redis", log)
        yield Redis(port=port)
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(root, ignore_errors=True)
