"""Read one export into a table of strings named by field, whatever its shape and encoding.

Flat files (TSV/CSV, any of the encodings sellers meet, gzip-compressed or not), Excel workbooks
and the performance report JSON. Large clean UTF-8 files go straight to polars' multi-threaded
reader with only the needed columns; small files, other encodings and files polars refuses take
an exact path that pads short rows and sets aside rows with too many fields, with the reason.
Nothing here is fatal for a file: an unrecognised or broken file comes back as kind ``unknown``
with a warning.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import mmap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from reinstate.analysis.columns import PERFORMANCE_REPORT, SPECS, UNKNOWN, detect_kind
from reinstate.analysis.encoding import detect_encoding
from reinstate.analysis.model import RejectedRow
from reinstate.errors import InputError

HEAD_BYTES = 256 * 1024
SAMPLE_ROWS = 500
# Files up to EXACT_BELOW are split line by line (exact field counts for every row). Larger ones
# go to polars' reader, which pads short rows but, reading only the needed columns, does not see
# a row with too many fields; so a tab-separated file up to COUNTED_BELOW has its tabs counted
# first (any row of another width sends it to the exact path). Past that size a row with too many
# fields shifts its values and fails the field checks instead.
EXACT_BELOW = 2**20
COUNTED_BELOW = 64 * 2**20
HEADER_SEARCH_LINES = 10
SAMPLES = 5
LINE = "_line"
NULL_CELLS = ("", " ", "  ", "--")
_MAGIC_ZIP = b"PK\x03\x04"
_MAGIC_OLE = b"\xd0\xcf\x11\xe0"
_MAGIC_GZIP = b"\x1f\x8b"


@dataclass(slots=True)
class Layout:
    """Where a text table's rows are: the bytes (or the file), separator and header line."""

    source: Path | bytes
    encoding: str
    sep: str
    index: int
    headers: list[str]


@dataclass(slots=True)
class RawTable:
    """A file as strings: one column per recognised field plus ``_line`` (line in the file).

    ``lazy`` is the query that reads the file (only the recognised columns); ``sample`` holds
    its first rows for deciding formats. ``collect`` runs a parser's query on it and, if the
    fast reader meets ragged rows or bytes that are not UTF-8, reads the file again exactly.
    """

    path: Path
    kind: str
    encoding: str | None
    lazy: pl.LazyFrame = field(default_factory=lambda: pl.LazyFrame())
    sample: pl.DataFrame = field(default_factory=pl.DataFrame)
    mapping: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    rejected: int = 0
    samples: list[RejectedRow] = field(default_factory=list)
    document: Any = None  # the parsed JSON of a performance report
    layout: Layout | None = None
    exact: bool = True

    @property
    def columns(self) -> list[str]:
        return [LINE, *self.mapping]

    def reject(self, count: int, samples: list[RejectedRow]) -> None:
        self.rejected += count
        room = SAMPLES - len(self.samples)
        self.samples.extend(samples[: max(room, 0)])

    def collect(self, build: Callable[[pl.LazyFrame], pl.LazyFrame]) -> pl.DataFrame:
        """Run ``build`` on the table's rows; fall back to the exact reader on broken rows."""
        if self.exact:
            return build(self.lazy).collect()
        try:
            return build(self.lazy).collect()
        except pl.exceptions.ComputeError:
            self._read_exactly()
            return build(self.lazy).collect()

    def _read_exactly(self) -> None:
        layout = self.layout
        assert layout is not None
        data = layout.source if isinstance(layout.source, bytes) else layout.source.read_bytes()
        text, encoding = _decode_all(data, layout.encoding, self)
        self.encoding = encoding
        frame = _exact_read(text, layout.sep, layout.index, layout.headers, self.mapping, self)
        self.lazy = frame.lazy()
        self.exact = True


def _empty(path: Path, kind: str, encoding: str | None, warning: str) -> RawTable:
    return RawTable(path, kind, encoding, warnings=[warning])


def read_file(path: Path) -> RawTable:
    """Read ``path`` and recognise its kind. Raises InputError only when it cannot be opened."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not head.strip():
        return _empty(path, UNKNOWN, None, "the file is empty")
    if head.startswith(_MAGIC_GZIP):
        try:
            data = gzip.decompress(path.read_bytes())
        except (OSError, EOFError) as exc:
            return _empty(path, UNKNOWN, None, f"broken gzip file: {exc}")
        return _read_bytes(path, data, note="gzip")
    if head.startswith((_MAGIC_ZIP, _MAGIC_OLE)):
        return _read_excel(path)
    return _read_text(path, head, whole=None)


def _read_bytes(path: Path, data: bytes, *, note: str) -> RawTable:
    table = _read_text(path, data[:HEAD_BYTES], whole=data)
    table.warnings.insert(0, f"{note}-compressed")
    return table


def header_score(text: str) -> int:
    lines = text.splitlines()[:HEADER_SEARCH_LINES]
    best = 0
    for line in lines:
        for sep in ("\t", ",", ";"):
            kind, mapping = detect_kind(_split_header(line, sep))
            if kind != UNKNOWN:
                best = max(best, len(mapping))
    return best


def _split_header(line: str, sep: str) -> list[str]:
    if sep == "\t":
        return line.rstrip("\r\n").split("\t")
    return next(csv.reader([line], delimiter=sep), [])


def find_header(lines: list[str]) -> tuple[int, str, list[str], str, dict[str, str]] | None:
    """(line index, separator, header names, kind, mapping) of the first recognised header."""
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        for sep in ("\t", ",", ";"):
            if sep not in line:
                continue
            headers = _split_header(line, sep)
            kind, mapping = detect_kind(headers)
            if kind != UNKNOWN:
                return index, sep, headers, kind, mapping
    return None


def _looks_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:1] in {"{", "["}


def _read_text(path: Path, head: bytes, *, whole: bytes | None) -> RawTable:
    encoding = detect_encoding(head, whole=whole is not None, header_score=header_score)
    head_text = head.decode(encoding, errors="replace")
    if _looks_like_json(head_text):
        return _read_json(path, whole if whole is not None else path.read_bytes(), encoding)
    found = find_header(head_text.splitlines())
    if found is None:
        first = head_text.splitlines()[0][:120] if head_text.splitlines() else ""
        return _empty(path, UNKNOWN, encoding, f"columns not recognised (first line: {first!r})")
    index, sep, headers, kind, mapping = found
    table = RawTable(path, kind, encoding, mapping=SPECS[kind].to_read(mapping))
    complete = head_text if whole is not None or len(head) < HEAD_BYTES else _cut(head_text)
    # The sample keeps every recognised field (the marketplace is read from it, for instance).
    table.sample = _exact_read(complete, sep, index, headers, mapping, None).head(SAMPLE_ROWS)
    source: Path | bytes = whole if whole is not None else path
    table.layout = Layout(source, encoding, sep, index, headers)
    mapping = table.mapping
    size = len(source) if isinstance(source, bytes) else path.stat().st_size
    fast = encoding in {"utf-8", "utf-8-sig"} and size > EXACT_BELOW
    if fast and sep == "\t" and size <= COUNTED_BELOW:
        fast = not _ragged(source, index, len(headers))
    if fast:
        table.lazy = _scan(source, sep, index, mapping)
        table.exact = False
    else:
        table._read_exactly()
    return table


def _ragged(source: Path | bytes, index: int, width: int) -> bool:
    """Whether some line of a tab-separated file has another number of fields than the header.

    Counts tabs and line ends over the whole file (vectorised): every data line has ``width - 1``
    tabs exactly when the totals agree (a short and a long row could cancel out; the field
    checks still catch the long one).
    """
    import numpy as np

    def counts(buffer: Any) -> tuple[int, int, bool]:
        data = np.frombuffer(buffer, dtype=np.uint8)
        ends = int(np.count_nonzero(data == 10))
        return int(np.count_nonzero(data == 9)), ends, bool(data.size and data[-1] != 10)

    if isinstance(source, bytes):
        tabs, ends, unterminated = counts(source)
    else:
        with (
            source.open("rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m,
        ):
            tabs, ends, unterminated = counts(m)
    lines = ends + int(unterminated) - index  # the header line and those above it included
    return tabs != (width - 1) * lines


def _cut(text: str) -> str:
    """A head sample without its last, possibly truncated, line."""
    cut = text.rfind("\n")
    return text[: cut + 1] if cut > 0 else text


def _decode_all(data: bytes, encoding: str, table: RawTable) -> tuple[str, str]:
    if encoding in {"utf-8", "utf-8-sig"}:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            encoding = detect_encoding(data, whole=True, header_score=header_score)
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    if bad:
        table.warnings.append(f"{bad} bytes could not be decoded as {encoding} and were replaced")
    return text.removeprefix("\ufeff"), encoding


def _scan(source: Path | bytes, sep: str, index: int, mapping: dict[str, str]) -> pl.LazyFrame:
    """The fast path: polars' multi-threaded reader, only the recognised columns, as a query."""
    query = pl.scan_csv(
        io.BytesIO(source) if isinstance(source, bytes) else source,
        separator=sep,
        has_header=True,
        skip_rows=index,
        infer_schema=False,
        quote_char=None if sep == "\t" else '"',
        encoding="utf8",
        raise_if_empty=False,
        truncate_ragged_lines=False,
        # Amazon writes "no value" as an empty cell, a lone space or "--" (report-formats 0.4).
        null_values=list(NULL_CELLS),
        row_index_name=LINE,
        row_index_offset=index + 2,
    )
    return query.select(
        pl.col(LINE).cast(pl.Int64),
        *[pl.col(header).alias(name) for name, header in mapping.items()],
    )


def _exact_read(
    text: str,
    sep: str,
    index: int,
    headers: list[str],
    mapping: dict[str, str],
    table: RawTable | None,
) -> pl.DataFrame:
    """Split every line ourselves: pad short rows, set aside rows with too many fields.

    ``table`` receives the counts and samples (None for a format sample of the file's head).
    """
    width = len(headers)
    if sep == "\t":
        # Amazon's flat files have no quoting: a line is a row.
        lines = text.split("\n")[index + 1 :]
        cells = pl.Series("cells", lines).str.strip_suffix("\r").str.split("\t")
        frame = pl.DataFrame({"cells": cells}).with_row_index(LINE, offset=index + 2)
    else:
        # CSV cells may be quoted and hold newlines ("Too Small\n80%" in the VoC download).
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        rows, numbers = [], []
        for row in reader:
            rows.append(row)
            numbers.append(reader.line_num)
        frame = pl.DataFrame(
            {LINE: numbers[index + 1 :], "cells": rows[index + 1 :]},
            schema={LINE: pl.Int64, "cells": pl.List(pl.String)},
        )
    frame = frame.with_columns(pl.col("cells").list.len().alias("_width"))
    blank = (pl.col("_width") <= 1) & (
        pl.col("cells").list.first().fill_null("").str.strip_chars() == ""
    )
    frame = frame.filter(~blank)
    too_long = frame.filter(pl.col("_width") > width)
    if too_long.height and table is not None:
        samples = [
            RejectedRow(
                line=int(row[LINE]),
                reason=f"the row has {row['_width']} fields, the header has {width}",
                text="\t".join(row["cells"])[:200],
            )
            for row in too_long.head(SAMPLES).iter_rows(named=True)
        ]
        table.reject(too_long.height, samples)
    padded = frame.filter(pl.col("_width") < width).height
    if padded and table is not None:
        table.warnings.append(f"{padded} rows shorter than the header were padded with blanks")
    kept = frame.filter(pl.col("_width") <= width)
    position = {h: i for i, h in reversed(list(enumerate(headers)))}
    columns = [
        pl.col("cells").list.get(position[header], null_on_oob=True).alias(name)
        for name, header in mapping.items()
    ]
    return _tidy(kept.select(pl.col(LINE), *columns))


def _tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Trim cells; blank, a lone space and ``--`` mean "no value" in Amazon's files."""
    cleaned = [
        pl.col(name).str.strip_chars().replace({"": None, "--": None}).alias(name)
        for name in frame.columns
        if name != LINE
    ]
    return frame.with_columns(cleaned).with_columns(pl.col(LINE).cast(pl.Int64))


def _read_excel(path: Path) -> RawTable:
    try:
        sheets = pl.read_excel(
            path,
            sheet_id=0,
            has_header=False,
            infer_schema_length=0,
            drop_empty_rows=False,
            raise_if_empty=False,
        )
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types for broken workbooks
        return _empty(path, UNKNOWN, None, f"unreadable spreadsheet: {exc}")
    for sheet_name, sheet in sheets.items():
        rows = sheet.head(HEADER_SEARCH_LINES).rows()
        for index, row in enumerate(rows):
            headers = ["" if cell is None else str(cell) for cell in row]
            kind, mapping = detect_kind(headers)
            if kind == UNKNOWN:
                continue
            position = {h: i for i, h in reversed(list(enumerate(headers)))}
            body = sheet.slice(index + 1).with_row_index(LINE, offset=index + 2)
            frame = body.select(
                pl.col(LINE),
                *[pl.col(sheet.columns[position[h]]).alias(n) for n, h in mapping.items()],
            )
            frame = _tidy(frame)
            values = [c for c in frame.columns if c != LINE]
            frame = frame.filter(~pl.all_horizontal(pl.col(values).is_null()))
            table = RawTable(path, kind, None, frame.lazy(), frame.head(SAMPLE_ROWS), mapping)
            if len(sheets) > 1:
                table.warnings.append(f"read the sheet {sheet_name!r}")
            return table
    return _empty(path, UNKNOWN, None, "no sheet has recognised columns")


def _read_json(path: Path, data: bytes, encoding: str) -> RawTable:
    try:
        document = json.loads(data.decode(encoding, errors="strict").removeprefix("\ufeff"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _empty(path, UNKNOWN, encoding, f"not valid JSON: {exc}")
    if _is_performance_report(document):
        return RawTable(path, PERFORMANCE_REPORT, encoding, document=document)
    return _empty(path, UNKNOWN, encoding, "JSON that is not a seller performance report")


def _is_performance_report(document: Any) -> bool:
    if isinstance(document, dict):
        keys = set(document)
        return bool(keys & {"performanceMetrics", "accountStatuses"})
    return False
