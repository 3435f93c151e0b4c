"""Compressed exports opened with a ceiling: gzip streams and the zip inside every workbook.

Nothing is decompressed in one call. A ``.gz`` is inflated 1 MB at a time and counted: past
``expanded_bytes``, or past ``expansion_ratio`` times the compressed bytes it came from (once
16 MB came out), it is refused, so an 8 MB file that would become 2 GB stops after a few MB. A
workbook's zip directory is read without trusting it: the number of entries comes from the
end record before any entry is built, names that point outside the archive are refused, the
declared sizes are checked, and then every part is inflated and counted for real (a part that
claims 1 KB and holds 1 GB fails its checksum at the 1 KB it claimed).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from reinstate.analysis.limits import MB, RATIO_FLOOR, ReadLimits, Refused, TooLarge, size_text

CHUNK = MB
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"


def container_of(head: bytes) -> str | None:
    """``gzip``, ``zip`` or ``ole`` (legacy Excel) from the first bytes; None for text."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith((ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    return None


def damaged(name: str, detail: str) -> Refused:
    return Refused("damaged", f"{name} is damaged ({detail}); download it again", detail=detail)


@dataclass(slots=True)
class _Meter:
    """Counts what came out against what went in; refuses past either ceiling."""

    name: str
    size: int  # the compressed file's size on disk
    limit: int
    ratio: int
    code: str = "expanded_too_large"
    expanded: int = 0

    def add(self, produced: int, consumed: int) -> None:
        self.expanded += produced
        if self.expanded > self.limit:
            raise TooLarge(
                self.code,
                f"{self.name} is {size_text(self.size)} and expands to more than "
                f"{size_text(self.limit)} once decompressed; Reinstate reads at most "
                f"{size_text(self.limit)} of one export",
                size=self.size,
                expanded=self.expanded,
                limit=self.limit,
            )
        if self.expanded > RATIO_FLOOR and self.expanded > self.ratio * max(consumed, 1):
            raise TooLarge(
                "expansion_ratio",
                f"{self.name} expands more than {self.ratio} times: its first "
                f"{size_text(consumed)} already became {size_text(self.expanded)} (a real export "
                f"expands 5 to 20 times; this is a compression bomb or a damaged file)",
                size=self.size,
                consumed=consumed,
                expanded=self.expanded,
                limit=self.ratio,
            )


def gunzip(
    path: Path,
    limits: ReadLimits,
    *,
    sink: BinaryIO | None = None,
    watch: Callable[[bytes], None] | None = None,
    name: str | None = None,
) -> int:
    """Inflate ``path`` (every gzip member) into ``sink``; return the bytes it expanded to.

    ``watch`` sees each chunk as it comes out (a line guard). Refuses past the limits (see the
    module doc); a cut or corrupt stream is refused as damaged.
    """
    label = name or path.name
    meter = _Meter(label, path.stat().st_size, limits.expanded_bytes, limits.expansion_ratio)
    with path.open("rb") as handle:
        for chunk, consumed in _inflate(handle, label):
            meter.add(len(chunk), consumed)
            if watch is not None:
                watch(chunk)
            if sink is not None:
                sink.write(chunk)
    return meter.expanded


def _inflate(handle: BinaryIO, name: str) -> Iterator[tuple[bytes, int]]:
    """(output chunk, compressed bytes consumed so far), member after member (RFC 1952)."""
    read = 0
    pending = b""
    inflater: zlib._Decompress | None = zlib.decompressobj(zlib.MAX_WBITS | 16)
    while True:
        if not pending:
            pending = handle.read(CHUNK)
            read += len(pending)
            if not pending:
                if inflater is not None:
                    raise damaged(name, "the compressed data ends too early")
                return
        if inflater is None:
            # Between members: zero padding is allowed, anything else must be a new member.
            pending = pending.lstrip(b"\0")
            if not pending:
                continue
            if len(pending) < 2:
                pending += handle.read(1)
                read += 1
            if not pending.startswith(GZIP_MAGIC):
                raise damaged(name, "unexpected data after the end of the compressed data")
            inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            out = inflater.decompress(pending, CHUNK)
        except zlib.error as exc:
            raise damaged(name, f"corrupt compressed data: {exc}") from exc
        if inflater.eof:
            pending = inflater.unused_data
            inflater = None
        else:
            pending = inflater.unconsumed_tail
        if out:
            yield out, read - len(pending)


# -- zip archives (workbooks) -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ZipContents:
    """What a zip file turned out to be: ``xlsx``, ``xlsb``, ``ods`` or ``archive``."""

    kind: str
    members: int
    expanded: int


def entry_count(handle: BinaryIO, size: int) -> int | None:
    """The number of entries the end-of-directory record announces (zip64 too), read before
    any entry is parsed; None when there is no such record."""
    tail_size = min(size, 22 + 65535)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_EOCD)
    if at < 0 or at + 22 > len(tail):
        return None
    count = int(struct.unpack_from("<H", tail, at + 10)[0])
    if count != 0xFFFF:
        return count
    locator = at - 20
    if locator < 0 or tail[locator : locator + 4] != _EOCD64_LOCATOR:
        return count
    record_at = int(struct.unpack_from("<Q", tail, locator + 8)[0])
    handle.seek(record_at)
    record = handle.read(56)
    if len(record) < 40:
        return None
    return int(struct.unpack_from("<Q", record, 32)[0])


def _unsafe(member: str) -> bool:
    """A name that would land outside the folder it was unpacked into (or hides as another)."""
    if not member or "\0" in member or any(ord(c) < 32 for c in member):
        return True
    posix = member.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return True
    return ".." in PurePosixPath(posix).parts


def _kind(names: set[str]) -> str:
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    return "archive"


def inspect_zip(path: Path, limits: ReadLimits, *, name: str | None = None) -> ZipContents:
    """Check a zip file against the limits, inflating every part once; refuse on the first
    problem (too many entries, an unsafe name, too much expanded data or ratio, damage)."""
    label = name or path.name
    size = path.stat().st_size
    with path.open("rb") as handle:
        count = entry_count(handle, size)
        if count is None:
            raise damaged(label, "the zip directory is missing")
        if count > limits.archive_members:
            raise TooLarge(
                "too_many_members",
                f"{label} holds {count:,} files; a workbook holds a few dozen and Reinstate "
                f"reads at most {limits.archive_members:,}",
                count=count,
                limit=limits.archive_members,
            )
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise damaged(label, str(exc)) from exc
        with archive:
            return _check_members(archive, label, size, limits)


def _check_members(
    archive: zipfile.ZipFile, label: str, size: int, limits: ReadLimits
) -> ZipContents:
    members = archive.infolist()
    for info in members:
        if _unsafe(info.filename):
            raise Refused(
                "unsafe_member",
                f"{label} holds a file named {info.filename[:80]!r}, which points outside the "
                "archive; Excel never writes such names",
                member=info.filename[:200],
            )
    kind = _kind({m.filename for m in members})
    if kind == "archive":
        shown = ", ".join(m.filename for m in members[:3])
        raise Refused(
            "zip_archive",
            f"{label} is a zip archive ({shown}), not a workbook: unpack it and upload the "
            "exports inside",
            count=len(members),
        )
    declared = sum(m.file_size for m in members)
    meter = _Meter(label, size, limits.workbook_bytes, limits.expansion_ratio, "workbook_too_large")
    if declared > limits.workbook_bytes:
        meter.add(declared, size)  # refuses with the size the directory declares
    consumed = 0
    for info in members:
        consumed += info.compress_size
        try:
            with archive.open(info) as part:
                while chunk := part.read(CHUNK):
                    meter.add(len(chunk), consumed)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise damaged(label, f"{info.filename}: {exc}") from exc
        except (NotImplementedError, RuntimeError) as exc:
            # Encrypted parts and compression methods Python does not read.
            raise Refused(
                "unsupported_workbook",
                f"{label} cannot be opened ({exc}); save it again from Excel without a password",
                detail=str(exc),
            ) from exc
    return ZipContents(kind, len(members), meter.expanded)
