"""The database half of a backup: a consistent copy while the app runs, and putting one back.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies every page in one step
under a read transaction, so writers in WAL mode go on and the copy is one moment of the
database. PostgreSQL: ``pg_dump`` custom format inside a REPEATABLE READ transaction whose
snapshot is exported to it (``--snapshot``), so the files named by the dump are read from the
same moment; ``pg_restore`` puts it back (tests/web/test_backup_postgres.py).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection, models

from reinstate_web.backup.archive import BackupError

# What "non-empty" means for a restore: any of these tables has a row.
_PEOPLE_AND_CASES = ("accounts_user", "cases_case", "cases_selleraccount")
_PG_TIMEOUT_S = 6 * 3600


def engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def file_columns() -> list[tuple[str, str]]:
    """(table, column) of every FileField in the project's models."""
    found = []
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField):
                found.append((model._meta.db_table, model_field.column))
    return found


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _referenced(cursor: Any) -> set[str]:
    names: set[str] = set()
    for table, column in file_columns():
        cursor.execute(f"SELECT {_quote(column)} FROM {_quote(table)} WHERE {_quote(column)} <> ''")  # noqa: S608 - names from the models
        names.update(str(row[0]) for row in cursor.fetchall())
    return names


def _counts(cursor: Any) -> dict[str, int]:
    counts = {}
    for table, key in (("accounts_user", "users"), ("cases_case", "cases")):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - fixed names
        counts[key] = int(cursor.fetchone()[0])
    return counts


def _migrations(cursor: Any) -> dict[str, list[str]]:
    if not _has_table(cursor, "django_migrations"):  # a schema made without migrations (tests)
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(str(app), []).append(str(name))
    return applied


def _has_table(cursor: Any, table: str) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
    return cursor.fetchone() is not None


class Snapshot:
    """What the database copy holds: the uploads it names, counts and applied migrations."""

    def __init__(self, referenced: set[str], counts: dict[str, int], migrations: Any) -> None:
        self.referenced = referenced
        self.counts = counts
        self.migrations: dict[str, list[str]] = migrations


def sqlite_path() -> Path:
    return Path(str(connection.settings_dict["NAME"]))


def copy_sqlite(target: Path) -> Snapshot:
    """Copy the live SQLite database to ``target`` in one step and read the copy."""
    source = sqlite_path()
    if not source.exists():
        raise BackupError(f"There is no database at {source}: nothing to back up.")
    with (
        closing(sqlite3.connect(source, timeout=60)) as live,
        closing(sqlite3.connect(target)) as copy,
    ):
        live.backup(copy)  # pages=-1: every page at once, one moment of the database
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        ok = copy.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise BackupError(f"The database copy fails SQLite's check ({ok}).")
        cursor = copy.cursor()
        return Snapshot(_referenced(cursor), _counts(cursor), _migrations(cursor))


@contextmanager
def postgres_dump(target: Path) -> Iterator[Snapshot]:
    """Dump PostgreSQL to ``target`` from one snapshot, which stays open while the caller
    copies the files (the transaction ends when the block does)."""
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = str(cursor.fetchone()[0])
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    f"--snapshot={snapshot_id}",
                    "--no-owner",
                    f"--file={target}",
                    *_pg_connection_args(),
                ],
                "pg_dump",
            )
            yield Snapshot(_referenced(cursor), _counts(cursor), _pg_migrations(cursor))
        finally:
            cursor.execute("ROLLBACK")


def _pg_migrations(cursor: Any) -> dict[str, list[str]]:
    cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(str(app), []).append(str(name))
    return applied


def _pg_connection_args() -> list[str]:
    return ["--dbname", str(connection.settings_dict["NAME"])]


def _pg_env() -> dict[str, str]:
    values = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if values.get(key):
            env[variable] = str(values[key])
    return env


def _run(argv: list[str], what: str) -> None:
    try:
        result = subprocess.run(
            argv, env=_pg_env(), capture_output=True, text=True, timeout=_PG_TIMEOUT_S, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(
            f"{what} is not installed: install Debian's postgresql-client to back up or "
            "restore a PostgreSQL database."
        ) from exc
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{what} failed: {last}")


def is_empty() -> bool:
    """True when the installation has no person, seller account or case yet."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in _PEOPLE_AND_CASES:
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")  # noqa: S608 - fixed
                if cursor.fetchone() is not None:
                    return False
    return True


def restore_sqlite(copy: Path) -> None:
    """Replace the live database's content with ``copy``, page by page under SQLite's lock (other
    processes see the old database or the new one, never a mix)."""
    connection.close()
    target = sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as source,
        closing(sqlite3.connect(target, timeout=60)) as live,
    ):
        source.backup(live)


def restore_postgres(dump: Path) -> None:
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *_pg_connection_args(),
            str(dump),
        ],
        "pg_restore",
    )
