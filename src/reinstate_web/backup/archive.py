"""The backup archive: a gzip tar with ``manifest.json`` last, optionally age-encrypted.

Writing hashes every file as it goes into the archive; reading unpacks into a staging folder,
hashing again, and accepts the result only when the manifest arrived and every file in it (and
nothing else) is there with its size and SHA-256. Encryption is age's (``pyrage``: X25519 and
ChaCha20-Poly1305 in authenticated chunks, so a truncated or altered file is refused), never a
construction of our own.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import pyrage

FORMAT = "reinstate-backup"
VERSION = 1
MANIFEST = "manifest.json"
# Where an archive's members may go: nothing else is ever unpacked.
TOP_FOLDERS = ("database", "uploads")
AGE_MAGIC = b"age-encryption.org/v1"
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; ``message`` is one sentence for the operator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Entry:
    path: str  # inside the archive: "database/…" or "uploads/…"
    size: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "sha256": self.sha256}


@dataclass
class Manifest:
    created_at: str
    generator: str
    engine: str  # "sqlite" or "postgresql"
    database: str  # the database file's path inside the archive
    migrations: dict[str, list[str]]
    counts: dict[str, int]
    files: list[Entry] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "created_at": self.created_at,
            "generator": self.generator,
            "engine": self.engine,
            "database": self.database,
            "migrations": self.migrations,
            "counts": self.counts,
            "files": [entry.to_json() for entry in self.files],
        }

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError("This file is not a Reinstate backup (its manifest is not ours).")
        if data.get("version") != VERSION:
            raise BackupError(
                f"This backup has format version {data.get('version')!r}; this version of "
                f"Reinstate reads version {VERSION}."
            )
        try:
            return cls(
                created_at=str(data["created_at"]),
                generator=str(data["generator"]),
                engine=str(data["engine"]),
                database=str(data["database"]),
                migrations={str(k): [str(n) for n in v] for k, v in data["migrations"].items()},
                counts={str(k): int(v) for k, v in data["counts"].items()},
                files=[
                    Entry(str(f["path"]), int(f["size"]), str(f["sha256"])) for f in data["files"]
                ],
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BackupError("This backup's manifest is damaged.") from exc


class _HashingReader:
    """Reads at most ``size`` bytes of ``handle``, hashing what it hands out."""

    def __init__(self, handle: IO[bytes], size: int) -> None:
        self._handle = handle
        self._left = size
        self.digest = hashlib.sha256()

    def read(self, count: int = -1) -> bytes:
        if count < 0 or count > self._left:
            count = self._left
        data = self._handle.read(count)
        self._left -= len(data)
        self.digest.update(data)
        return data


class ArchiveWriter:
    """Adds files to a new archive and writes the manifest last (:meth:`finish`)."""

    def __init__(self, target: Path) -> None:
        # Closed by finish() or abandon(): the archive outlives this call.
        self._tar = tarfile.open(  # noqa: SIM115
            target, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT
        )
        self.entries: list[Entry] = []

    def add_file(self, source: Path, path: str) -> Entry | None:
        """Add ``source`` as ``path``; None when it vanished before it could be opened."""
        try:
            handle = source.open("rb")
        except FileNotFoundError:
            return None
        with handle:
            size = os.fstat(handle.fileno()).st_size
            info = tarfile.TarInfo(path)
            info.size = size
            info.mtime = int(time.time())
            info.mode = 0o600
            reader = _HashingReader(handle, size)
            self._tar.addfile(info, reader)
        entry = Entry(path, size, reader.digest.hexdigest())
        self.entries.append(entry)
        return entry

    def finish(self, manifest: Manifest) -> None:
        manifest.files = [e for e in self.entries if not e.path.startswith("database/")]
        data = json.dumps(manifest.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        info.mtime = int(time.time())
        info.mode = 0o600
        self._tar.addfile(info, _BytesReader(data))
        self._tar.close()

    def abandon(self) -> None:
        self._tar.close()


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)

    def read(self, count: int = -1) -> bytes:
        if count < 0:
            count = len(self._data)
        chunk, self._data = self._data[:count], self._data[count:]
        return bytes(chunk)


def database_entry(manifest: Manifest, entries: list[Entry]) -> Entry:
    for entry in entries:
        if entry.path == manifest.database:
            return entry
    raise BackupError("This backup holds no database.")


def _safe_member(name: str) -> str:
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or not path.parts
        or (name != MANIFEST and path.parts[0] not in TOP_FOLDERS)
        or (len(path.parts) == 1 and name != MANIFEST)
    ):
        raise BackupError(f"This backup holds an unexpected path ({name!r}): it is not ours.")
    return str(path)


def unpack(source: Path, staging: Path) -> tuple[Manifest, dict[str, Entry]]:
    """Unpack the plain archive ``source`` into ``staging`` and verify it against its manifest.

    Returns the manifest and, per archive path, what was found (size and SHA-256 as read).
    """
    found: dict[str, Entry] = {}
    manifest_data: bytes | None = None
    try:
        with tarfile.open(source, mode="r:gz") as tar:
            for member in tar:
                name = _safe_member(member.name)
                if member.isdir():
                    continue
                if not member.isreg():
                    raise BackupError(f"This backup holds a link or device ({name!r}).")
                handle = tar.extractfile(member)
                if handle is None:  # pragma: no cover - only for non-regular members
                    continue
                if name == MANIFEST:
                    manifest_data = handle.read(64 * 1024 * 1024)
                    continue
                if name in found:
                    raise BackupError(f"This backup holds {name} twice.")
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with target.open("xb") as out:
                    while chunk := handle.read(_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[name] = Entry(name, size, digest.hexdigest())
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        if isinstance(exc, OSError) and exc.filename is not None:
            raise
        raise BackupError(
            "This backup is truncated or damaged (it ends before its manifest): use another copy."
        ) from exc
    if manifest_data is None:
        raise BackupError(
            "This backup is truncated or damaged (it ends before its manifest): use another copy."
        )
    try:
        manifest = Manifest.from_json(json.loads(manifest_data))
    except json.JSONDecodeError as exc:
        raise BackupError("This backup's manifest is damaged.") from exc
    _verify(manifest, found)
    return manifest, found


def _verify(manifest: Manifest, found: dict[str, Entry]) -> None:
    expected = {entry.path: entry for entry in manifest.files}
    if manifest.database not in found:
        raise BackupError("This backup holds no database.")
    for path, entry in expected.items():
        got = found.get(path)
        if got is None:
            raise BackupError(f"This backup lacks {path}, which its manifest names.")
        if (got.size, got.sha256) != (entry.size, entry.sha256):
            raise BackupError(f"{path} in this backup does not match its SHA-256.")
    extra = sorted(set(found) - set(expected) - {manifest.database})
    if extra:
        raise BackupError(f"This backup holds {extra[0]}, which its manifest does not name.")


# --- Encryption (age) ------------------------------------------------------------------------


def recipient_for(key: str) -> pyrage.x25519.Recipient:
    """The public recipient of a configured key: an identity or a recipient itself."""
    key = key.strip()
    try:
        if key.upper().startswith("AGE-SECRET-KEY-"):
            return pyrage.x25519.Identity.from_str(key).to_public()
        return pyrage.x25519.Recipient.from_str(key)
    except (pyrage.IdentityError, pyrage.RecipientError, ValueError) as exc:
        raise BackupError(
            "REINSTATE_BACKUP_KEY is not an age key: give an identity (AGE-SECRET-KEY-1…) or, "
            "for backups only, its recipient (age1…)."
        ) from exc


def identity_for(key: str) -> pyrage.x25519.Identity:
    key = key.strip()
    if not key:
        raise BackupError(
            "This backup is encrypted: set REINSTATE_BACKUP_KEY to the age identity "
            "(AGE-SECRET-KEY-1…) it was made for."
        )
    if not key.upper().startswith("AGE-SECRET-KEY-"):
        raise BackupError(
            "This backup is encrypted and REINSTATE_BACKUP_KEY holds only a recipient (age1…): "
            "restoring needs the identity (AGE-SECRET-KEY-1…)."
        )
    try:
        return pyrage.x25519.Identity.from_str(key)
    except (pyrage.IdentityError, ValueError) as exc:
        raise BackupError("REINSTATE_BACKUP_KEY is not an age identity.") from exc


def encrypt(plain: Path, target: Path, key: str) -> None:
    try:
        pyrage.encrypt_file(str(plain), str(target), [recipient_for(key)])
    except pyrage.EncryptError as exc:
        raise BackupError(f"The backup could not be encrypted: {exc}") from exc


def decrypt(source: Path, target: Path, key: str) -> None:
    identity = identity_for(key)
    try:
        pyrage.decrypt_file(str(source), str(target), [identity])
    except (pyrage.DecryptError, OSError) as exc:
        if isinstance(exc, OSError) and exc.filename is not None:
            raise  # the file itself could not be read or written: its name and reason
        if "no matching keys" in str(exc).lower():
            raise BackupError(
                "REINSTATE_BACKUP_KEY does not open this backup: it was encrypted for another key."
            ) from exc
        raise BackupError(
            "This encrypted backup is truncated or damaged (it fails its authentication): use "
            "another copy."
        ) from exc


def kind_of(source: Path) -> str:
    """ "age", "gzip", or BackupError for anything else."""
    with source.open("rb") as handle:
        head = handle.read(len(AGE_MAGIC))
    if head.startswith(AGE_MAGIC):
        return "age"
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    raise BackupError(
        f"{source.name} is not a Reinstate backup (neither a backup archive nor age)."
    )
