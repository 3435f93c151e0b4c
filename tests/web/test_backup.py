"""``reinstate backup`` and ``reinstate restore`` as an operator runs them: processes of their
own on installations in data folders of their own (tests/web/backup_child.py fills and reads
them), SQLite's online backup, age encryption, and every refusal as one line."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

import pyrage
import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-c", "from reinstate.cli.main import run; run()"]

pytestmark = pytest.mark.slow


def _env(data: Path, key: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REINSTATE_")}
    env.update(
        REINSTATE_DATA_DIR=str(data),
        REINSTATE_SECRET_KEY="test-secret-key-for-the-suite-only-0123456789",
        REINSTATE_BACKUP_KEY=key,
    )
    return env


def reinstate(data: Path, *args: object, key: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *map(str, args)],
        cwd=ROOT,
        env=_env(data, key),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def child(data: Path, *args: object) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "tests.web.backup_child", *map(str, args)],
        cwd=ROOT,
        env=_env(data),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reinstate: error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("source") / "data"
    child(data, "populate", 30)
    return data


@pytest.fixture(scope="module")
def archive(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("backups") / "plain.tar.gz"
    result = reinstate(source, "backup", target)
    assert result.returncode == 0, result.stderr
    assert "30 cases" in result.stdout
    assert "not encrypted" in result.stdout
    return target


def test_it_restores_every_case_file_and_hash_exactly(
    source: Path, archive: Path, tmp_path: Path
) -> None:
    target = tmp_path / "restored"
    result = reinstate(target, "restore", archive)
    assert result.returncode == 0, result.stderr
    assert "every file matched its SHA-256" in result.stdout
    before, after = child(source, "describe"), child(target, "describe")
    assert after == before
    assert len(after["cases"]) == 30
    assert len(after["files"]) == 60
    assert all(after["named"].values())
    assert archive.stat().st_mode & 0o077 == 0


def test_the_archive_names_every_file_with_its_sha256(archive: Path, source: Path) -> None:
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert names[-1] == "manifest.json"
    assert names[0] == "database/reinstate.sqlite3"
    files = child(source, "describe")["files"]
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == {
        f"uploads/{path}": sha for path, sha in files.items()
    }
    assert manifest["engine"] == "sqlite"
    assert manifest["counts"]["cases"] == 30


def test_an_encrypted_round_trip_needs_the_key(source: Path, tmp_path: Path) -> None:
    identity = pyrage.x25519.Identity.generate()
    key, recipient = str(identity), str(identity.to_public())
    made = reinstate(source, "backup", tmp_path, key=recipient)  # a folder: a dated name
    assert made.returncode == 0, made.stderr
    (archive,) = tmp_path.glob("reinstate-backup-*.tar.gz.age")
    assert archive.read_bytes().startswith(b"age-encryption.org/v1")
    assert b"Brightway" not in archive.read_bytes()

    assert "set REINSTATE_BACKUP_KEY" in one_error_line(
        reinstate(tmp_path / "a", "restore", archive)
    )
    wrong = str(pyrage.x25519.Identity.generate())
    assert "does not open this backup" in one_error_line(
        reinstate(tmp_path / "b", "restore", archive, key=wrong)
    )
    assert "only a recipient" in one_error_line(
        reinstate(tmp_path / "c", "restore", archive, key=recipient)
    )
    restored = reinstate(tmp_path / "d", "restore", archive, key=key)
    assert restored.returncode == 0, restored.stderr
    assert child(tmp_path / "d", "describe") == child(source, "describe")


def test_a_bad_key_stops_a_backup_with_one_line(source: Path, tmp_path: Path) -> None:
    line = one_error_line(reinstate(source, "backup", tmp_path / "x.tar.gz", key="not-a-key"))
    assert "not an age key" in line
    assert not list(tmp_path.iterdir())


def test_it_refuses_a_non_empty_installation_unless_forced(archive: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    child(other, "populate", 2)
    line = one_error_line(reinstate(other, "restore", archive))
    assert "--force" in line
    assert len(child(other, "describe")["cases"]) == 2  # untouched
    forced = reinstate(other, "restore", archive, "--force")
    assert forced.returncode == 0, forced.stderr
    restored = child(other, "describe")
    assert len(restored["cases"]) == 30
    assert all(restored["named"].values())


def test_it_refuses_an_existing_destination(source: Path, archive: Path) -> None:
    assert "exists already" in one_error_line(reinstate(source, "backup", archive))


def _rewrite(archive: Path, target: Path, change: str) -> None:
    """A copy of ``archive`` with one upload's bytes altered (manifest kept) or a member added."""
    with tarfile.open(archive, "r:gz") as tar, tarfile.open(target, "w:gz") as out:
        for member in tar:
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            if change == "alter" and member.name.endswith("notice-3.txt"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            if change == "escape" and member.name == "manifest.json":
                evil = tarfile.TarInfo("../evil.txt")
                evil.size = 4
                out.addfile(evil, io.BytesIO(b"evil"))
            out.addfile(member, io.BytesIO(data))


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("truncate", "truncated or damaged"),
        ("garbage", "not a Reinstate backup"),
        ("alter", "does not match its SHA-256"),
        ("escape", "unexpected path"),
        ("no_manifest", "truncated or damaged"),
    ],
)
def test_a_damaged_archive_is_one_line_and_changes_nothing(
    archive: Path, tmp_path: Path, damage: str, expected: str
) -> None:
    bad = tmp_path / "bad.tar.gz"
    if damage == "truncate":
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    elif damage == "garbage":
        bad.write_bytes(b"PK\x03\x04 not a backup")
    elif damage == "no_manifest":
        raw = gzip.decompress(archive.read_bytes())
        bad.write_bytes(gzip.compress(raw[: raw.rfind(b"manifest.json") - 1]))
    else:
        _rewrite(archive, bad, damage)
    target = tmp_path / "target"
    assert expected in one_error_line(reinstate(target, "restore", bad))
    assert not (tmp_path / "evil.txt").exists()
    assert not (target / "reinstate.sqlite3").exists() or not list(
        (target / "uploads").rglob("*.txt")
    )


def test_a_truncated_encrypted_archive_is_one_line(source: Path, tmp_path: Path) -> None:
    identity = pyrage.x25519.Identity.generate()
    archive = tmp_path / "b.tar.gz.age"
    assert reinstate(source, "backup", archive, key=str(identity)).returncode == 0
    bad = tmp_path / "cut.tar.gz.age"
    bad.write_bytes(archive.read_bytes()[:-100])
    line = one_error_line(reinstate(tmp_path / "t", "restore", bad, key=str(identity)))
    assert "truncated or damaged" in line


def test_a_backup_while_the_app_writes_restores_consistently(tmp_path: Path) -> None:
    data = tmp_path / "busy"
    child(data, "populate", 10)
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.web.backup_child", "write", "60"],
        cwd=ROOT,
        env=_env(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(2.5)  # the writer is adding cases and files
        made = reinstate(data, "backup", tmp_path / "busy.tar.gz")
    finally:
        (data / "stop").touch()
        out, err = writer.communicate(timeout=60)
    assert made.returncode == 0, made.stderr
    assert writer.returncode == 0, err
    written = json.loads(out.strip().splitlines()[-1])["cases"]
    assert written > 0

    target = tmp_path / "restored"
    restored = reinstate(target, "restore", tmp_path / "busy.tar.gz")
    assert restored.returncode == 0, restored.stderr
    after, source = child(target, "describe"), child(data, "describe")
    # One moment of the database: the cases up to some point, every file they name, each the
    # same bytes as on the source (uploads are written once).
    assert 10 <= len(after["cases"]) <= 10 + written
    assert after["cases"] == source["cases"][: len(after["cases"])]
    assert after["named"]
    assert all(after["named"].values())
    for name, sha in after["named"].items():
        assert source["named"][name] == sha
