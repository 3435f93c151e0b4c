"""Seller data on disk is the owner's alone: folders 0700, files 0600 (.env, the database, the
job queue, uploads and everything else the app writes), including what an older version left
readable by others."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from reinstate_web.private_files import keep_private, sqlite_files, tighten

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def restore_umask() -> Iterator[None]:
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)


def test_it_tightens_an_open_data_folder_and_its_files(tmp_path: Path, restore_umask: None) -> None:
    data = tmp_path / "var"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    database = data / "reinstate.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    wal = data / "reinstate.sqlite3-wal"
    wal.write_bytes(b"")
    wal.chmod(0o664)
    keep_private(data, folders=[data / "uploads"], files=sqlite_files(database))
    assert mode(data) == 0o700
    assert mode(data / "uploads") == 0o700
    assert mode(database) == 0o600
    assert mode(wal) == 0o600
    # From now on whatever this process writes is owner-only, whichever library writes it.
    chart = data / "uploads" / "chart.png"
    chart.write_bytes(b"\x89PNG")
    assert mode(chart) == 0o600


def test_it_leaves_a_private_file_and_a_link_as_they_are(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.write_bytes(b"")
    private.chmod(0o600)
    assert tighten(private, 0o600) is False
    target = tmp_path / "target"
    target.write_bytes(b"")
    target.chmod(0o644)
    link = tmp_path / "link"
    link.symlink_to(target)
    assert tighten(link, 0o600) is False
    assert mode(target) == 0o644
    assert tighten(tmp_path / "missing", 0o600) is False


def test_it_stores_uploads_owner_only_whatever_the_umask(
    tmp_path: Path, restore_umask: None
) -> None:
    os.umask(0o022)  # as a shell would leave it
    storage = FileSystemStorage(location=tmp_path / "uploads")
    name = storage.save("cases/7/notices/notice.eml", ContentFile(b"From: Amazon\n\nHello"))
    saved = tmp_path / "uploads" / name
    assert mode(saved) == 0o600
    assert mode(saved.parent) == 0o700
    assert mode(tmp_path / "uploads" / "cases") == 0o700


def _start(data: Path) -> subprocess.CompletedProcess[str]:
    """A fresh process, started from a shell's usual umask, that opens the database."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("REINSTATE_")}
    code = (
        "import os; os.umask(0o022); import django; django.setup(); "
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('CREATE TABLE IF NOT EXISTS probe (x int)'); connection.close()"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "reinstate_web.settings",
            "REINSTATE_DATA_DIR": str(data),
            "REINSTATE_DEBUG": "true",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_creates_the_data_folder_and_database_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "var"
    result = _start(data)
    assert result.returncode == 0, result.stderr
    assert mode(data) == 0o700
    assert mode(data / "uploads") == 0o700
    assert mode(data / "reinstate.sqlite3") == 0o600
    companions = [p for p in sqlite_files(data / "reinstate.sqlite3")[1:] if p.exists()]
    assert all(mode(p) == 0o600 for p in companions)


def test_it_tightens_what_an_older_version_left_open(tmp_path: Path) -> None:
    data = tmp_path / "var"
    assert _start(data).returncode == 0
    data.chmod(0o755)
    (data / "reinstate.sqlite3").chmod(0o644)
    result = _start(data)
    assert result.returncode == 0, result.stderr
    assert mode(data) == 0o700
    assert mode(data / "reinstate.sqlite3") == 0o600


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_it_writes_the_env_file_owner_only(tmp_path: Path) -> None:
    result = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), f"PY={sys.executable}", ".env"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        umask=0o022,  # a shell's usual umask: the rule itself must make the file private
    )
    assert result.returncode == 0, result.stderr
    env = tmp_path / ".env"
    assert env.read_text(encoding="utf-8").startswith("REINSTATE_SECRET_KEY=")
    assert mode(env) == 0o600
