"""Excel workbooks (``.xlsx``, ``.xls``): checked, read in a separate process, then searched for
the sheet and row that hold a recognised header.

A workbook is a zip of XML parts (or, for ``.xls``, a compound file), read whole by calamine.
Before anything is parsed, ``containers.inspect_zip`` counts and inflates every part against
the limits. Parsing then happens in ``sheet_child.py``, a process of its own with an
address-space ceiling and a time limit: whatever the cells ask for, the worker that called it
keeps its memory. The sheets come back as Arrow files, of which only the recognised columns
are read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from reinstate.analysis.columns import UNKNOWN, detect_kind
from reinstate.analysis.containers import container_of, inspect_zip
from reinstate.analysis.limits import ReadLimits, Refused, TooLarge, size_text

CHILD = Path(__file__).with_name("sheet_child.py")
HEADER_SEARCH_ROWS = 10
LINE = "_line"


@dataclass(slots=True)
class SheetTable:
    """The recognised sheet: its kind, field -> header mapping and rows (``_line`` first)."""

    kind: str
    mapping: dict[str, str] = field(default_factory=dict)
    frame: pl.DataFrame = field(default_factory=pl.DataFrame)
    warnings: list[str] = field(default_factory=list)


def check_workbook(path: Path, limits: ReadLimits, *, name: str) -> None:
    """Refuse a workbook past the limits before it is parsed (see ``containers``)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if container_of(head) == "zip":
        inspect_zip(path, limits, name=name)
        return
    size = path.stat().st_size
    if size > limits.workbook_bytes:
        raise TooLarge(
            "workbook_too_large",
            f"{name} is a {size_text(size)} workbook; Reinstate reads workbooks up to "
            f"{size_text(limits.workbook_bytes)} (save it as tab-separated text instead)",
            size=size,
            expanded=size,
            limit=limits.workbook_bytes,
        )


def parse_sheets(path: Path, limits: ReadLimits, scratch: Path, *, name: str) -> list[str]:
    """Parse the workbook in its own process; each sheet lands in ``scratch/sheet-N.arrow``.

    Returns the sheet names. Raises ``Refused`` when the process runs out of memory or time,
    and ``ValueError`` with calamine's own words when the workbook is broken.
    """
    environment = {**os.environ, "POLARS_MAX_THREADS": "2", "RUST_BACKTRACE": "0"}
    command = [
        sys.executable,
        "-I",
        str(CHILD),
        str(path),
        str(scratch),
        str(limits.workbook_memory),
    ]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=limits.workbook_seconds,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise TooLarge(
            "workbook_timeout",
            f"{name}: reading the workbook took longer than {limits.workbook_seconds:.0f} s; "
            "save it as tab-separated text instead",
            limit=int(limits.workbook_seconds),
        ) from exc
    answer = _answer(done.stdout)
    if done.returncode == 0 and "sheets" in answer:
        return [str(sheet) for sheet in answer["sheets"]]
    if done.returncode == 3 and "error" in answer:
        raise ValueError(str(answer["error"]))
    raise TooLarge(
        "workbook_memory",
        f"{name}: reading the workbook needed more than {size_text(limits.workbook_memory)} of "
        "memory (cells far apart, or a damaged file); save it as tab-separated text instead",
        limit=limits.workbook_memory,
    )


def _answer(stdout: bytes) -> dict[str, Any]:
    lines = stdout.decode("utf-8", "replace").strip().splitlines()
    try:
        found = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        return {}
    return found if isinstance(found, dict) else {}


def read_workbook(path: Path, limits: ReadLimits, scratch: Path, *, name: str) -> SheetTable:
    """The first sheet whose first rows hold a recognised header, as strings (``_line`` = the
    row number in the sheet). ``kind`` is ``unknown`` (with a warning) when none has one."""
    check_workbook(path, limits, name=name)
    try:
        names = parse_sheets(path, limits, scratch, name=name)
    except ValueError as exc:
        return SheetTable(UNKNOWN, warnings=[f"unreadable spreadsheet: {exc}"])
    for number, sheet_name in enumerate(names):
        sheet = pl.scan_ipc(scratch / f"sheet-{number}.arrow")
        columns = sheet.collect_schema().names()
        if len(columns) > limits.columns:
            raise Refused(
                "too_many_columns",
                f"{name}: the sheet {sheet_name!r} has {len(columns):,} columns; Reinstate "
                f"reads at most {limits.columns:,}",
                count=len(columns),
                limit=limits.columns,
            )
        rows = sheet.head(HEADER_SEARCH_ROWS).collect().rows()
        for index, row in enumerate(rows):
            headers = ["" if cell is None else str(cell) for cell in row]
            kind, mapping = detect_kind(headers)
            if kind == UNKNOWN:
                continue
            position = {h: i for i, h in reversed(list(enumerate(headers)))}
            frame = (
                sheet.slice(index + 1)
                .with_row_index(LINE, offset=index + 2)
                .select(
                    pl.col(LINE),
                    *[pl.col(columns[position[h]]).alias(n) for n, h in mapping.items()],
                )
                .collect()
            )
            table = SheetTable(kind, mapping, frame)
            if len(names) > 1:
                table.warnings.append(f"read the sheet {sheet_name!r}")
            return table
    return SheetTable(UNKNOWN, warnings=["no sheet has recognised columns"])
