"""Hostile and damaged case bundles, built byte by byte where zipfile would refuse to write them."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import struct
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reinstate.bundle import Source, write_bundle

NOTICE = b"From: seller-performance@amazon.com\nSubject: Your account\n\nWe have deactivated..."


def good_bundle(path: Path, **extra_files: bytes) -> Path:
    """A small, honest bundle: one notice, one draft, one event."""
    sources = [Source("notices/1/notice.eml", data=NOTICE)]
    records: dict[str, list[dict[str, Any]]] = {
        "notices": [{"ref": 1, "kind": "notice", "file": "notices/1/notice.eml"}],
        "drafts": [{"ref": 1, "number": 1, "letter": "Dear Seller Performance Team,"}],
        "events": [{"ref": 1, "kind": "created"}],
    }
    for name, data in extra_files.items():
        sources.append(Source(name, data=data))
        records["notices"].append({"ref": len(records["notices"]) + 1, "file": name})
    with path.open("wb") as handle:
        write_bundle(
            handle,
            case={"title": "Inauthentic", "status": "drafting", "category": "inauthentic"},
            sections=records,
            files=sources,
            generator="tests",
            created_at="2026-12-07T10:00:00+00:00",
        )
    return path


def manifest_for(files: Mapping[str, bytes], **changes: Any) -> bytes:
    manifest: dict[str, Any] = {
        "format": "reinstate-case-bundle",
        "schema": 1,
        "created_at": "2026-12-07T10:00:00+00:00",
        "generator": "tests",
        "case": {"title": "x", "status": "drafting"},
        "sections": {"notices": [{"ref": i, "file": p} for i, p in enumerate(files, start=1)]},
        "files": [
            {"path": p, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
            for p, d in files.items()
        ],
    }
    manifest.update(changes)
    return json.dumps(manifest).encode()


def zip_of(path: Path, entries: Mapping[str, bytes], *, manifest: bytes | None = None) -> Path:
    """A ZIP with ``entries`` and a manifest listing them honestly (unless given)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        zf.writestr("manifest.json", manifest if manifest is not None else manifest_for(entries))
    return path


def with_symlink(path: Path) -> Path:
    data = b"/etc/passwd"
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("notices/1/notice.eml")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, data)
        zf.writestr("manifest.json", manifest_for({"notices/1/notice.eml": data}))
    return path


def bomb(path: Path, size: int) -> Path:
    """One entry of ``size`` zero bytes, deflated (about 1,000 times smaller)."""
    chunk = b"\0" * (1024 * 1024)
    digest = hashlib.sha256()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("data/1/orders.txt", "w", force_zip64=True) as entry:
            for _ in range(size // len(chunk)):
                entry.write(chunk)
                digest.update(chunk)
        manifest = json.loads(manifest_for({}))
        manifest["sections"] = {"data_files": [{"ref": 1, "file": "data/1/orders.txt"}]}
        manifest["files"] = [
            {"path": "data/1/orders.txt", "size": size, "sha256": digest.hexdigest()}
        ]
        zf.writestr("manifest.json", json.dumps(manifest))
    return path


def lying_sizes(path: Path, declared: int) -> Path:
    """An honest small entry whose central directory claims ``declared`` bytes."""
    zip_of(path, {"notices/1/notice.eml": NOTICE})
    raw = bytearray(path.read_bytes())
    at = raw.find(b"PK\x01\x02")  # the first central directory record
    struct.pack_into("<I", raw, at + 24, declared)  # uncompressed size
    path.write_bytes(bytes(raw))
    return path


def many_entries_claimed(path: Path, entries: int) -> Path:
    """A valid small ZIP whose end record claims ``entries`` entries."""
    zip_of(path, {"notices/1/notice.eml": NOTICE})
    raw = bytearray(path.read_bytes())
    at = raw.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", raw, at + 8, min(entries, 0xFFFF), min(entries, 0xFFFF))
    path.write_bytes(bytes(raw))
    return path


def altered(path: Path) -> Path:
    """A good bundle whose notice was changed after the manifest was written."""
    source = io.BytesIO()
    good_bundle(path)
    with zipfile.ZipFile(path) as zf:
        items = {i.filename: zf.read(i) for i in zf.infolist()}
    items["notices/1/notice.eml"] = items["notices/1/notice.eml"].replace(
        b"deactivated", b"reinstated!"
    )
    with zipfile.ZipFile(source, "w") as zf:
        for name, data in items.items():
            zf.writestr(name, data)
    path.write_bytes(source.getvalue())
    return path


def deep_manifest(path: Path, depth: int) -> Path:
    """A bundle whose case is ``depth`` objects nested in each other (JSON's recursion bomb)."""
    case = b'{"a":' * depth + b"1" + b"}" * depth
    manifest = b'{"format": "reinstate-case-bundle", "schema": 1, "case": ' + case + b"}"
    # Stored, not deflated: a deflated one is refused earlier as a ZIP bomb by its ratio.
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("manifest.json", manifest)
    return path


def value_flood(path: Path, records: int) -> Path:
    """A bundle whose manifest holds ``records`` empty records (stored, under the byte ceiling):
    millions of Python objects if it were parsed."""
    flood = b",".join([b"{}"] * records)
    manifest = (
        b'{"format": "reinstate-case-bundle", "schema": 1, "case": {}, "files": [], '
        b'"sections": {"notices": [' + flood + b"]}}"
    )
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("manifest.json", manifest)
    return path
