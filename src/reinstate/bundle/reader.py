"""Read and verify a case bundle without trusting it.

The order matters: the ZIP's end record is read first, so a flood of entries is refused before
the central directory is parsed; every entry is checked (a safe path, a regular file, stored or
deflated, not encrypted, within the size and ratio ceilings) before any is decompressed; the
manifest is read within its own ceiling and must be of this schema; the files it lists must be
exactly the ZIP's other entries; only then is every file read, 1 MB at a time and never past its
declared size, and its SHA-256 compared with the manifest's. Nothing is written anywhere.

>>> import io
>>> from reinstate.bundle.writer import Source, write_bundle
>>> out = io.BytesIO()
>>> _ = write_bundle(out, case={}, sections={"notices": [{"file": "a.txt"}]},
...                  files=[Source("a.txt", data=b"x")], generator="t", created_at="")
>>> read_bundle(io.BytesIO(out.getvalue())).manifest.files[0].verified
True
"""

from __future__ import annotations

import hashlib
import json
import stat
import struct
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reinstate.bundle.limits import Limits
from reinstate.bundle.model import (
    FORMAT,
    MANIFEST,
    SCHEMA_VERSION,
    BundleError,
    BundleFile,
    Manifest,
    referenced_paths,
)
from reinstate.bundle.paths import safe_path

_CHUNK = 1024 * 1024
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_EOCD_SIZE = 22
_TAIL = _EOCD_SIZE + 0xFFFF  # the end record and the longest comment a ZIP may carry
_HEX = frozenset("0123456789abcdef")


def _size_text(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):,.1f} MB"
    return f"{count:,} bytes"


@dataclass(frozen=True, slots=True)
class Bundle:
    """A verified bundle: its manifest (every file ``verified``) and a way to read its files."""

    source: Path | IO[bytes]
    manifest: Manifest
    limits: Limits

    def chunks(self, path: str) -> Iterator[bytes]:
        """The bytes of one listed file, 1 MB at a time, verified again against the manifest
        (the file may have changed on disk since it was first read)."""
        listed = {f.path: f for f in self.manifest.files}
        if path not in listed:
            raise BundleError(f"{path} is not in the bundle", code="bundle_missing")
        with _open_zip(self.source) as zf:
            yield from _verified_chunks(zf, listed[path])

    def read(self, path: str) -> bytes:
        return b"".join(self.chunks(path))


def _open_zip(source: Path | IO[bytes]) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise BundleError(
            f"This is not a readable ZIP file ({exc}).", code="bundle_not_zip"
        ) from exc


def _handle_size(handle: IO[bytes]) -> int:
    handle.seek(0, 2)
    return handle.tell()


def _end_record(handle: IO[bytes], size: int) -> tuple[int, int]:
    """The number of entries and the central directory's size, from the end record (and its
    ZIP64 form), read from the file's tail only."""
    tail_start = max(0, size - _TAIL)
    handle.seek(tail_start)
    tail = handle.read(size - tail_start)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        raise BundleError("This is not a ZIP file (no end record).", code="bundle_not_zip")
    _sig, _disk, _cd_disk, _here, entries, cd_size, _cd_offset, _comment = struct.unpack(
        "<4sHHHHIIH", tail[at : at + _EOCD_SIZE]
    )
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        locator = at - 20
        if locator >= 0 and tail[locator : locator + 4] == _EOCD64_LOCATOR:
            offset = struct.unpack("<Q", tail[locator + 8 : locator + 16])[0]
            if offset + 56 <= size:
                handle.seek(offset)
                record = handle.read(56)
                if record[:4] == _EOCD64:
                    entries = struct.unpack("<Q", record[32:40])[0]
                    cd_size = struct.unpack("<Q", record[40:48])[0]
    return int(entries), int(cd_size)


def _check_entry(info: zipfile.ZipInfo, limits: Limits) -> None:
    name = info.filename
    if not safe_path(name.rstrip("/") if info.is_dir() else name, limits):
        raise BundleError(
            f"Unsafe path in the bundle: {name[:120]!r} (absolute, '..', or odd characters).",
            code="bundle_path",
        )
    if info.is_dir():
        raise BundleError(
            f"A bundle holds files only, not the folder {name!r}.", code="bundle_path"
        )
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        raise BundleError(
            f"{name} is a symbolic link; a bundle holds files only.", code="bundle_link"
        )
    if kind not in (0, stat.S_IFREG):
        raise BundleError(f"{name} is not a regular file.", code="bundle_link")
    if info.flag_bits & 0x1:
        raise BundleError(f"{name} is encrypted.", code="bundle_encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise BundleError(
            f"{name} uses a compression method Reinstate does not read.", code="bundle_method"
        )
    if info.file_size > limits.entry_bytes:
        raise BundleError(
            f"{name} would unpack to {_size_text(info.file_size)}; a bundle file may hold at "
            f"most {_size_text(limits.entry_bytes)}.",
            code="bundle_too_large",
        )
    if (
        info.file_size > limits.ratio_floor_bytes
        and info.file_size > max(info.compress_size, 1) * limits.ratio
    ):
        raise BundleError(
            f"{name} would unpack to {_size_text(info.file_size)} from "
            f"{_size_text(info.compress_size)} (more than {limits.ratio} times): a ZIP bomb.",
            code="bundle_ratio",
        )


def _verified_chunks(zf: zipfile.ZipFile, listed: BundleFile) -> Iterator[bytes]:
    """The entry's bytes, never more than its declared size, checked against the manifest."""
    digest, count = hashlib.sha256(), 0
    try:
        info = zf.getinfo(listed.path)
        with zf.open(info) as entry:
            while chunk := entry.read(_CHUNK):
                count += len(chunk)
                if count > listed.size:
                    break
                digest.update(chunk)
                yield chunk
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise BundleError(
            f"{listed.path} cannot be read from the bundle ({exc}).", code="bundle_hash"
        ) from exc
    if count != listed.size or digest.hexdigest() != listed.sha256:
        raise BundleError(
            f"{listed.path} does not match its SHA-256 in the manifest: the bundle was altered "
            "or damaged.",
            code="bundle_hash",
        )


def _manifest_json(zf: zipfile.ZipFile, limits: Limits) -> dict[str, Any]:
    try:
        info = zf.getinfo(MANIFEST)
    except KeyError:
        raise BundleError(
            "This ZIP has no manifest.json: it is not a Reinstate case bundle.",
            code="bundle_manifest",
        ) from None
    if info.file_size > limits.manifest_bytes:
        raise BundleError(
            f"manifest.json is {_size_text(info.file_size)}; at most "
            f"{_size_text(limits.manifest_bytes)} is read.",
            code="bundle_too_large",
        )
    try:
        with zf.open(info) as entry:
            raw = entry.read(limits.manifest_bytes + 1)
        values = raw.count(b",") + raw.count(b"{") + raw.count(b"[")
        if values > limits.manifest_values:
            raise BundleError(
                f"manifest.json holds about {values:,} values; at most "
                f"{limits.manifest_values:,} are read.",
                code="bundle_too_large",
            )
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise BundleError(_TOO_DEEP, code="bundle_manifest") from None
    except (zipfile.BadZipFile, OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise BundleError(f"manifest.json cannot be read ({exc}).", code="bundle_manifest") from exc
    if not isinstance(data, dict):
        raise BundleError("manifest.json is not a JSON object.", code="bundle_manifest")
    if _depth_over(data, MAX_DEPTH):
        raise BundleError(_TOO_DEEP, code="bundle_manifest")
    return data


# A record is a few levels deep (an analysis report, a reading of a document: under 20); a
# manifest nested deeper is hostile, and every later json.dumps or ORM save would recurse on it.
MAX_DEPTH = 64
_TOO_DEEP = f"manifest.json is nested more than {MAX_DEPTH} levels deep."


def _depth_over(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists or objects more than ``limit`` deep (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def parse_manifest(data: Mapping[str, Any], limits: Limits | None = None) -> Manifest:
    """The manifest's values, or BundleError: another format, another schema, a malformed
    section or file list."""
    bound = limits or Limits()
    if data.get("format") != FORMAT:
        raise BundleError(
            "manifest.json is not the manifest of a Reinstate case bundle.", code="bundle_manifest"
        )
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise BundleError("manifest.json has no schema version.", code="bundle_schema")
    if schema > SCHEMA_VERSION:
        raise BundleError(
            f"This bundle was made by a newer Reinstate (bundle schema {schema}); this "
            f"installation reads schema {SCHEMA_VERSION}. Update Reinstate, then import it.",
            code="bundle_schema_newer",
        )
    if schema < SCHEMA_VERSION:
        raise BundleError(
            f"Bundle schema {schema} is not one this installation reads (schema {SCHEMA_VERSION}).",
            code="bundle_schema",
        )
    case, sections, files = data.get("case"), data.get("sections"), data.get("files")
    if not isinstance(case, dict) or not isinstance(sections, dict) or not isinstance(files, list):
        raise BundleError(
            "manifest.json lacks its case, sections or files.", code="bundle_manifest"
        )
    parsed_sections: dict[str, tuple[Mapping[str, Any], ...]] = {}
    for name, records in sections.items():
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise BundleError(
                f"manifest.json: section {str(name)[:40]!r} is not a list of records.",
                code="bundle_manifest",
            )
        parsed_sections[str(name)] = tuple(records)
    parsed_files = []
    for entry in files:
        if not isinstance(entry, dict):
            raise BundleError(
                "manifest.json: a file entry is not an object.", code="bundle_manifest"
            )
        path, size, sha = entry.get("path"), entry.get("size"), entry.get("sha256")
        if not isinstance(path, str) or not safe_path(path, bound) or path == MANIFEST:
            raise BundleError(
                f"Unsafe path in manifest.json: {str(path)[:120]!r}.", code="bundle_path"
            )
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise BundleError(f"manifest.json: {path} has no size.", code="bundle_manifest")
        if not isinstance(sha, str) or len(sha) != 64 or not set(sha) <= _HEX:
            raise BundleError(f"manifest.json: {path} has no SHA-256.", code="bundle_manifest")
        parsed_files.append(BundleFile(path, size, sha))
    paths = [f.path for f in parsed_files]
    if len(set(paths)) != len(paths):
        raise BundleError("manifest.json lists a file twice.", code="bundle_manifest")
    named = {p for rows in parsed_sections.values() for r in rows for p in referenced_paths(r)}
    if not named <= set(paths):
        missing = sorted(named - set(paths))[0]
        raise BundleError(
            f"A record names {missing[:120]!r}, which the bundle does not list.",
            code="bundle_missing",
        )
    return Manifest(
        schema=schema,
        created_at=str(data.get("created_at") or ""),
        generator=str(data.get("generator") or ""),
        case=case,
        sections=parsed_sections,
        files=tuple(parsed_files),
    )


def read_bundle(source: Path | IO[bytes], limits: Limits | None = None) -> Bundle:
    """Check a bundle from end to end (see the module docstring) and return it verified; raise
    BundleError with one sentence on the first problem."""
    bound = limits or Limits()
    if isinstance(source, Path):
        if not source.is_file():
            raise BundleError(f"No such bundle file: {source}", code="bundle_not_zip")
        with source.open("rb") as handle:
            _check_outside(handle, bound)
    else:
        _check_outside(source, bound)
        source.seek(0)
    with _open_zip(source) as zf:
        infos = zf.infolist()
        total = 0
        names: set[str] = set()
        for info in infos:
            _check_entry(info, bound)
            if info.filename in names:
                raise BundleError(f"{info.filename} is in the ZIP twice.", code="bundle_path")
            names.add(info.filename)
            total += info.file_size
            if total > bound.total_bytes:
                raise BundleError(
                    f"The bundle would unpack to more than {_size_text(bound.total_bytes)}.",
                    code="bundle_too_large",
                )
        manifest = parse_manifest(_manifest_json(zf, bound), bound)
        entries = {i.filename: i for i in infos if i.filename != MANIFEST}
        listed = {f.path: f for f in manifest.files}
        for path in sorted(set(listed) - set(entries)):
            raise BundleError(
                f"{path} is listed in manifest.json but missing.", code="bundle_missing"
            )
        for path in sorted(set(entries) - set(listed)):
            raise BundleError(
                f"{path} is in the ZIP but not in manifest.json.", code="bundle_unlisted"
            )
        for path, info in entries.items():
            if info.file_size != listed[path].size:
                raise BundleError(
                    f"{path} does not have the size manifest.json gives.", code="bundle_hash"
                )
        verified = []
        for listed_file in manifest.files:
            for _chunk in _verified_chunks(zf, listed_file):
                pass
            verified.append(
                BundleFile(listed_file.path, listed_file.size, listed_file.sha256, True)
            )
    return Bundle(
        source=source,
        manifest=Manifest(
            schema=manifest.schema,
            created_at=manifest.created_at,
            generator=manifest.generator,
            case=manifest.case,
            sections=manifest.sections,
            files=tuple(verified),
        ),
        limits=bound,
    )


def _check_outside(handle: IO[bytes], limits: Limits) -> None:
    """The file's size and the end record's counts, before the ZIP is parsed."""
    size = _handle_size(handle)
    if size > limits.bundle_bytes:
        raise BundleError(
            f"The bundle is {_size_text(size)}; Reinstate reads bundles of at most "
            f"{_size_text(limits.bundle_bytes)}.",
            code="bundle_too_large",
        )
    entries, cd_size = _end_record(handle, size)
    if entries > limits.entries:
        raise BundleError(
            f"The bundle has {entries:,} entries; a bundle may hold at most {limits.entries:,}.",
            code="bundle_too_many",
        )
    if cd_size > limits.central_directory_bytes:
        raise BundleError(
            f"The bundle's table of contents is {_size_text(cd_size)}; at most "
            f"{_size_text(limits.central_directory_bytes)} is read.",
            code="bundle_too_many",
        )
