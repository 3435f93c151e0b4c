"""Hostile and ordinary exports, written on demand (never committed as big files).

Shared by the hostile-input tests and ``bench/hostile_uploads.py``. Every writer streams what
it writes in blocks, so making a 2 GB bomb costs seconds and little memory. The ordinary files
are varied All Orders rows (distinct orders, dates, SKUs, prices), so that they compress the way
a real export does (about 8:1), while the bombs repeat one row (about 250:1 and more).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

MB = 1024 * 1024
BLOCK = 8 * MB

ORDERS_HEADER = (
    "amazon-order-id",
    "merchant-order-id",
    "purchase-date",
    "last-updated-date",
    "order-status",
    "fulfillment-channel",
    "sales-channel",
    "ship-service-level",
    "product-name",
    "sku",
    "asin",
    "item-status",
    "quantity",
    "currency",
    "item-price",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
)
_PRODUCTS = (
    ("MUG-350-W", "B0CMUG0001", "Ceramic Mug 350 ml, white"),
    ("INF-LEAF", "B0CINF0002", 'Tea Infuser "Leaf", stainless steel'),
    ("LAMP-DESK-B", "B0CLMP0003", "LED Desk Lamp with USB charging port, black"),
    ("CUSH-45-G", "B0CCSH0004", "Linen Cushion Cover 45 x 45 cm, grey"),
    ("BOTTLE-750", "B0CBTL0005", "Insulated Water Bottle 750 ml"),
)
_CITIES = (("AUSTIN", "TX", "78701"), ("DENVER", "CO", "80202"), ("SEATTLE", "WA", "98101"))


def order_row(number: int, rng: random.Random) -> list[str]:
    """One realistic All Orders row (distinct order ID, date, product, price, city)."""
    sku, asin, title = _PRODUCTS[rng.randrange(len(_PRODUCTS))]
    city, state, postal = _CITIES[rng.randrange(len(_CITIES))]
    day = 1 + number % 28
    hour, minute, second = rng.randrange(24), rng.randrange(60), rng.randrange(60)
    stamp = f"2026-04-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}-07:00"
    quantity = 1 + rng.randrange(3)
    status = "Cancelled" if rng.random() < 0.02 else "Shipped"
    return [
        f"113-{number:07d}-{rng.randrange(10**7):07d}",
        "",
        stamp,
        stamp,
        status,
        rng.choice(("Merchant", "Amazon")),
        "Amazon.com",
        "Standard",
        title,
        sku,
        asin,
        status,
        str(quantity),
        "USD",
        f"{quantity * rng.uniform(5, 60):.2f}",
        city,
        state,
        postal,
        "US",
    ]


def _orders_text(rows: int, *, seed: int = 7, start: int = 1, sep: str = "\t") -> str:
    rng = random.Random(seed + start)
    return "".join(sep.join(order_row(n, rng)) + "\n" for n in range(start, start + rows))


def ordinary_blocks(size: int, *, sep: str = "\t", seed: int = 7) -> Iterator[bytes]:
    """An All Orders export of about ``size`` bytes, header first, in blocks."""
    yield (sep.join(ORDERS_HEADER) + "\n").encode()
    written, start = 0, 1
    while written < size:
        rows = max(1, min(40_000, (size - written) // 170 + 1))
        block = _orders_text(rows, seed=seed, start=start, sep=sep).encode()
        start += rows
        written += len(block)
        yield block


def write_ordinary(path: Path, size: int, *, sep: str = "\t") -> Path:
    with path.open("wb") as handle:
        for block in ordinary_blocks(size, sep=sep):
            handle.write(block)
    return path


def write_ordinary_gzip(path: Path, expanded: int) -> Path:
    """A gzip-compressed All Orders export that expands to about ``expanded`` bytes."""
    with gzip.open(path, "wb", compresslevel=6) as handle:
        for block in ordinary_blocks(expanded):
            handle.write(block)
    return path


def _repeated_rows(size: int) -> bytes:
    row = ("\t".join(order_row(1, random.Random(1))) + "\n").encode()
    return row * max(1, size // len(row))


def write_gzip_bomb(path: Path, expanded: int) -> Path:
    """A valid All Orders .gz whose rows repeat: a few MB that expand to ``expanded`` bytes.

    Written as gzip members of one compressed block, concatenated (RFC 1952 allows several
    members; ``gzip -d`` and Python read them all), so a 2 GB bomb takes a second to make.
    """
    header = gzip.compress(("\t".join(ORDERS_HEADER) + "\n").encode())
    member = gzip.compress(_repeated_rows(BLOCK), compresslevel=9)
    with path.open("wb") as handle:
        handle.write(header)
        for _ in range(max(1, expanded // BLOCK)):
            handle.write(member)
    return path


# -- workbooks ----------------------------------------------------------------------------------

_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="{_PACKAGE}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_SHEETML}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_SHEETML}.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    f'xmlns:r="{_OFFICE}">'
    '<sheets><sheet name="All Orders" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"


def _xml_row(cells: list[str]) -> str:
    inner = "".join(f'<c t="inlineStr"><is><t>{escape(c)}</t></is></c>' for c in cells)
    return f"<row>{inner}</row>"


def _sheet_blocks(size: int, *, repeat: bool) -> Iterator[bytes]:
    yield (_SHEET_HEAD + _xml_row(list(ORDERS_HEADER))).encode()
    rng = random.Random(11)
    written, number = 0, 1
    repeated = (_xml_row(order_row(1, rng)) * 20_000).encode() if repeat else b""
    while written < size:
        if repeat:
            block = repeated
        else:
            rows = range(number, number + 5_000)
            block = "".join(_xml_row(order_row(n, rng)) for n in rows).encode()
            number += 5_000
        written += len(block)
        yield block
    yield _SHEET_TAIL.encode()


def write_workbook(path: Path, sheet_bytes: int, *, repeat: bool = False) -> Path:
    """An .xlsx All Orders sheet of about ``sheet_bytes`` of XML (``repeat``: one row, a bomb)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for block in _sheet_blocks(sheet_bytes, repeat=repeat):
                sheet.write(block)
    return path


def write_lying_workbook(path: Path, sheet_bytes: int) -> Path:
    """A bomb workbook whose zip directory claims the sheet is 1 KB: sizes cannot be trusted."""
    write_workbook(path, sheet_bytes, repeat=True)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    # Local header (PK\3\4) and central directory entry (PK\1\2) both carry the size; zip64
    # keeps the real one in an extra field, so the lie is told there too.
    for signature in (b"PK\x03\x04", b"PK\x01\x02"):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                _lie_about_size(data, start, signature)
            start += 4
    path.write_bytes(bytes(data))
    return path


def _lie_about_size(data: bytearray, start: int, signature: bytes) -> None:
    local = signature == b"PK\x03\x04"
    size_at = start + (22 if local else 24)
    name_len_at, extra_len_at = (start + 26, start + 28) if local else (start + 28, start + 30)
    name_len = struct.unpack_from("<H", data, name_len_at)[0]
    extra_len = struct.unpack_from("<H", data, extra_len_at)[0]
    extra_at = start + (30 if local else 46) + name_len
    if struct.unpack_from("<I", data, size_at)[0] != 0xFFFFFFFF:
        struct.pack_into("<I", data, size_at, 1024)
    position = extra_at
    while position < extra_at + extra_len:
        tag, length = struct.unpack_from("<HH", data, position)
        if tag == 1:  # zip64: the uncompressed size comes first
            struct.pack_into("<Q", data, position + 4, 1024)
        position += 4 + length


def write_zip_of_exports(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def write_zip_with_many_entries(path: Path, count: int) -> Path:
    header = ("\t".join(ORDERS_HEADER) + "\n").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for number in range(count):
            archive.writestr(f"orders/part-{number:05d}.txt", header)
    return path


# -- text shapes --------------------------------------------------------------------------------


def write_long_line(path: Path, size: int, *, sep: str = ",") -> Path:
    """A CSV whose header is recognised and whose second line is ``size`` bytes without a break."""
    with path.open("wb") as handle:
        handle.write((sep.join(ORDERS_HEADER) + "\n").encode())
        handle.write((sep.join(order_row(1, random.Random(3))) + "\n").encode())
        chunk = b"A" * BLOCK
        for _ in range(max(1, size // BLOCK)):
            handle.write(chunk)
        handle.write(b"\n")
    return path


def write_wide(path: Path, columns: int, *, rows: int = 3) -> Path:
    """A TSV whose header names the All Orders columns and then ``columns`` more, all distinct."""
    extra = [f"custom-field-{n:07d}" for n in range(columns)]
    rng = random.Random(5)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join([*ORDERS_HEADER, *extra]) + "\n")
        blank = "\t" * columns
        for number in range(1, rows + 1):
            handle.write("\t".join(order_row(number, rng)) + blank + "\n")
    return path


def write_deep_json(path: Path, depth: int) -> Path:
    """A performance report JSON with one metric nested ``depth`` levels deep."""
    inner = "[" * depth + "]" * depth
    head = '{"accountStatuses":[{"marketplaceId":"ATVPDKIKX0DER","status":"NORMAL"}],'
    path.write_text(head + '"performanceMetrics":[{"listingPolicyViolations":' + inner + "}]}")
    return path


def write_performance_report(path: Path) -> Path:
    document = {
        "accountStatuses": [{"marketplaceId": "ATVPDKIKX0DER", "status": "AT_RISK"}],
        "performanceMetrics": [
            {
                "marketplaceId": "ATVPDKIKX0DER",
                "accountHealthRating": {"ahrStatus": "AT_RISK", "ahrScore": 180},
                "listingPolicyViolations": {"defectsCount": 2, "status": "BAD"},
            }
        ],
    }
    path.write_text(json.dumps(document, indent=2))
    return path


def deflate_ratio(data: bytes) -> float:
    return len(data) / len(zlib.compress(data, 6))


# -- measuring a command ------------------------------------------------------------------------

# Run by a small interpreter of its own: on Linux a child's peak memory starts from the peak of
# the process it was forked from (kept across exec), so a command started straight from a test
# worker that has analysed 500 MB of data would report 500 MB. Its own fresh child does not.
_LAUNCHER = """
import json, os, signal, subprocess, sys, time
report, timeout, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
child = subprocess.Popen(command)
deadline = time.monotonic() + timeout
killed = False
while True:
    pid, status, usage = os.wait4(child.pid, os.WNOHANG)
    if pid:
        break
    if time.monotonic() > deadline:
        os.kill(child.pid, signal.SIGKILL)
        killed = True
    time.sleep(0.02)
with open(report, "w") as out:
    json.dump({"status": os.waitstatus_to_exitcode(status), "kb": usage.ru_maxrss,
               "killed": killed}, out)
"""


@dataclass(frozen=True, slots=True)
class Measured:
    """What a command did: its exit status, output, peak resident memory and wall time."""

    status: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float
    killed: bool


def measure(command: Sequence[str], *, timeout: float = 120.0) -> Measured:
    """Run ``command`` in a process of its own and measure it (see ``_LAUNCHER``)."""
    import time

    with (
        tempfile.TemporaryDirectory() as folder,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        report = Path(folder) / "usage.json"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", _LAUNCHER, str(report), str(timeout), *command],
            stdout=out,
            stderr=err,
            check=False,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        seconds = time.perf_counter() - start
        usage = json.loads(report.read_text())
        out.seek(0)
        err.seek(0)
        return Measured(
            int(usage["status"]),
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            int(usage["kb"]) / 1024,
            seconds,
            bool(usage["killed"]),
        )
