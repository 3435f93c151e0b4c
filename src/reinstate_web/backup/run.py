"""Making a backup and restoring one (the ``backup`` and ``restore`` commands call these).

A backup copies the database first (one moment of it), then the uploads folder. Uploads are
written once and never changed, so every file the copy names is still on disk unless it was
deleted meanwhile (a case deleted while the backup ran): then the backup stops and says so
rather than keep a database that names a missing file. Files newer than the copy go in too
(harmless: nothing names them).

A restore verifies the whole archive (every SHA-256 against the manifest) in a staging folder
beside the data before it changes anything; it refuses an installation that already has people
or cases unless told (``force``), and a backup made by a newer version (migrations this code
does not know).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from reinstate import __version__
from reinstate_web.backup import database
from reinstate_web.backup.archive import (
    ArchiveWriter,
    BackupError,
    Manifest,
    decrypt,
    encrypt,
    kind_of,
    recipient_for,
    unpack,
)


@dataclass(frozen=True)
class Made:
    path: Path
    size: int
    encrypted: bool
    counts: dict[str, int]
    files: int


@dataclass(frozen=True)
class Restored:
    counts: dict[str, int]
    files: int
    created_at: str
    generator: str
    pending_migrations: bool


def backup_key() -> str:
    return str(getattr(settings, "BACKUP_KEY", "") or "").strip()


def default_name(encrypted: bool) -> str:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return f"reinstate-backup-{stamp}.tar.gz" + (".age" if encrypted else "")


@contextlib.contextmanager
def _workspace() -> Iterator[Path]:
    """A private folder beside the uploads folder (the same disk, so the restored folder is put
    in place by a rename; owner-only like the data) for the work."""
    parent = Path(settings.MEDIA_ROOT).parent
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=parent) as folder:
        yield Path(folder)


def _upload_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under the uploads folder and its path there, in a fixed order."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield path, path.relative_to(root).as_posix()


def make_backup(destination: Path, *, overwrite: bool = False) -> Made:
    """Write a backup of the database and uploads to ``destination`` (a file, or a folder to
    put a dated file in). Encrypted when REINSTATE_BACKUP_KEY is set."""
    key = backup_key()
    if key:
        recipient_for(key)  # a bad key stops before any work
    if destination.is_dir():
        destination = destination / default_name(bool(key))
    if destination.exists() and not overwrite:
        raise BackupError(f"{destination} exists already: give a new file name.")
    if not destination.parent.is_dir():
        raise BackupError(f"There is no folder {destination.parent} to write the backup in.")
    media_root = Path(settings.MEDIA_ROOT)
    with _workspace() as work:
        plain = work / "backup.tar.gz"
        writer = ArchiveWriter(plain)
        try:
            engine = database.engine()
            if engine == "sqlite":
                copy = work / "reinstate.sqlite3"
                snapshot = database.copy_sqlite(copy)
                db_path = "database/reinstate.sqlite3"
                writer.add_file(copy, db_path)
                copy.unlink()
                _add_uploads(writer, media_root, snapshot.referenced)
            else:
                dump = work / "reinstate.pgdump"
                db_path = "database/reinstate.pgdump"
                with database.postgres_dump(dump) as snapshot:
                    writer.add_file(dump, db_path)
                    _add_uploads(writer, media_root, snapshot.referenced)
                dump.unlink()
            manifest = Manifest(
                created_at=timezone.now().isoformat(),
                generator=f"reinstate {__version__}",
                engine=engine,
                database=db_path,
                migrations=snapshot.migrations,
                counts={**snapshot.counts, "files": 0},
            )
            manifest.counts["files"] = sum(
                1 for e in writer.entries if e.path.startswith("uploads/")
            )
            writer.finish(manifest)
        except BaseException:
            writer.abandon()
            raise
        partial = destination.with_name(destination.name + ".partial")
        try:
            if key:
                encrypt(plain, partial, key)
            else:
                shutil.copyfile(plain, partial)
            os.chmod(partial, 0o600)
            os.replace(partial, destination)
        finally:
            partial.unlink(missing_ok=True)
    return Made(
        path=destination,
        size=destination.stat().st_size,
        encrypted=bool(key),
        counts=manifest.counts,
        files=manifest.counts["files"],
    )


def _add_uploads(writer: ArchiveWriter, root: Path, referenced: set[str]) -> None:
    added = set()
    for path, relative in _upload_files(root):
        if writer.add_file(path, f"uploads/{relative}") is not None:
            added.add(relative)
    missing = sorted(referenced - added)
    if missing:
        raise BackupError(
            f"{len(missing)} uploaded file(s) the database names vanished while the backup ran "
            f"(the first: {missing[0]}), most likely a case deleted meanwhile: run the backup "
            "again."
        )


def restore_backup(source: Path, *, force: bool = False) -> Restored:
    """Put the database and uploads of the backup ``source`` in place of this installation's."""
    if not source.is_file():
        raise BackupError(f"No such backup file: {source}")
    kind = kind_of(source)
    with _workspace() as work:
        plain = source
        if kind == "age":
            plain = work / "backup.tar.gz"
            decrypt(source, plain, backup_key())
        staging = work / "staging"
        staging.mkdir()
        manifest, _found = unpack(plain, staging)
        if plain != source:
            plain.unlink()
        pending = _check_migrations(manifest)
        if manifest.engine != database.engine():
            raise BackupError(
                f"This backup is of a {manifest.engine} database and this installation uses "
                f"{database.engine()}: restore it into an installation of the same kind."
            )
        if not force and not (database.is_empty() and not _has_uploads()):
            raise BackupError(
                "This installation already has people, cases or uploaded files: restoring would "
                "replace them. Run the restore again with --force to replace them."
            )
        if manifest.engine == "sqlite":
            database.restore_sqlite(staging / manifest.database)
        else:
            database.restore_postgres(staging / manifest.database)
        _swap_uploads(staging / "uploads", work)
    return Restored(
        counts=manifest.counts,
        files=len(manifest.files),
        created_at=manifest.created_at,
        generator=manifest.generator,
        pending_migrations=pending,
    )


def _has_uploads() -> bool:
    return next(_upload_files(Path(settings.MEDIA_ROOT)), None) is not None


def _check_migrations(manifest: Manifest) -> bool:
    """Refuse a backup with migrations this code does not have; True when this code has
    migrations the backup lacks (``serve`` applies them at start)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    in_backup = {(app, name) for app, names in manifest.migrations.items() for name in names}
    unknown = sorted(in_backup - known)
    if unknown:
        app, name = unknown[0]
        raise BackupError(
            f"This backup was made by a newer version of Reinstate (its database has migration "
            f"{app}.{name}, which this version lacks): upgrade Reinstate first."
        )
    return bool(in_backup) and bool(known - in_backup)


def _swap_uploads(restored: Path, work: Path) -> None:
    """The restored uploads folder in place of the current one (renames on the same disk)."""
    media_root = Path(settings.MEDIA_ROOT)
    restored.mkdir(exist_ok=True)
    os.chmod(restored, 0o700)
    old = work / "uploads-before-restore"
    if media_root.exists():
        os.replace(media_root, old)
    try:
        os.replace(restored, media_root)
    except OSError:
        if old.exists():
            os.replace(old, media_root)
        raise
    shutil.rmtree(old, ignore_errors=True)
