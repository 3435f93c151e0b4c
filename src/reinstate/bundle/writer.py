"""Write a case bundle: the case's files streamed into a ZIP (each hashed on the way) and the
manifest that lists every record and every file with its SHA-256.

>>> import io
>>> out = io.BytesIO()
>>> manifest = write_bundle(out, case={"title": "ODR"}, sections={"notices": [
...     {"id": 1, "file": "notices/1/original.txt"}]},
...     files=[Source("notices/1/original.txt", data=b"Dear seller")], generator="doctest",
...     created_at="2026-12-07T10:00:00+00:00")
>>> manifest.files[0].size
11
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reinstate.bundle.limits import Limits
from reinstate.bundle.model import (
    MANIFEST,
    SCHEMA_VERSION,
    BundleError,
    BundleFile,
    Manifest,
    referenced_paths,
)
from reinstate.bundle.paths import safe_path

_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    """One file to put into the bundle: its bytes, or a file on disk (streamed)."""

    path: str
    data: bytes | None = None
    file: Path | None = None


def _chunks(source: Source) -> Iterable[bytes]:
    if source.data is not None:
        yield source.data
        return
    if source.file is None:
        raise BundleError(f"{source.path}: neither bytes nor a file", code="bundle_missing")
    with source.file.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def write_bundle(
    target: Path | IO[bytes],
    *,
    case: Mapping[str, Any],
    sections: Mapping[str, Sequence[Mapping[str, Any]]],
    files: Iterable[Source],
    generator: str,
    created_at: str,
    limits: Limits | None = None,
) -> Manifest:
    """Write the bundle to ``target`` and return its manifest. Every file a record names must be
    among ``files`` and every file must be named by a record; paths must be safe
    (:func:`~reinstate.bundle.paths.safe_path`). Raises BundleError otherwise."""
    bound = limits or Limits()
    named = {p for records in sections.values() for r in records for p in referenced_paths(r)}
    written: list[BundleFile] = []
    total = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for source in files:
            if not safe_path(source.path, bound) or source.path == MANIFEST:
                raise BundleError(f"Unsafe path in a bundle: {source.path!r}", code="bundle_path")
            if any(f.path == source.path for f in written):
                raise BundleError(f"{source.path} is listed twice", code="bundle_path")
            digest, size = hashlib.sha256(), 0
            with zf.open(source.path, "w", force_zip64=True) as entry:
                for chunk in _chunks(source):
                    digest.update(chunk)
                    size += len(chunk)
                    entry.write(chunk)
            total += size
            if size > bound.entry_bytes or total > bound.total_bytes:
                raise BundleError(
                    "The case's files are larger than a bundle may hold.", code="bundle_too_large"
                )
            written.append(BundleFile(source.path, size, digest.hexdigest()))
        paths = {f.path for f in written}
        missing = sorted(named - paths)
        if missing:
            raise BundleError(
                f"A record names a file not given: {missing[0]}", code="bundle_missing"
            )
        unnamed = sorted(paths - named)
        if unnamed:
            raise BundleError(f"No record names {unnamed[0]}", code="bundle_unlisted")
        manifest = Manifest(
            schema=SCHEMA_VERSION,
            created_at=created_at,
            generator=generator,
            case=dict(case),
            sections={name: tuple(dict(r) for r in rows) for name, rows in sections.items()},
            files=tuple(written),
        )
        zf.writestr(
            MANIFEST,
            json.dumps(manifest.to_json(), ensure_ascii=False, indent=1, default=str),
        )
    return manifest
