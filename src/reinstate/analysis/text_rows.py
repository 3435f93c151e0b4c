"""Rows of a flat file: the exact splitter, polars' fast scan, and the checks between them.

The exact path splits every line itself (tab-separated files have no quoting; CSV goes through
the ``csv`` module for quoted cells that hold line breaks), pads short rows and sets aside rows
with too many fields, with the reason. The fast path is polars' multi-threaded reader; a
tab-separated file is sent there only when its tab count says every row has the header's width.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Collection
from pathlib import Path
from typing import Protocol

import polars as pl

from reinstate.analysis.limits import Refused, TooLarge, size_text
from reinstate.analysis.model import RejectedRow

SAMPLES = 5
_COUNT_BLOCK = 2**20
LINE = "_line"
NULL_CELLS = ("", " ", "  ", "--")


class RowSink(Protocol):
    """Where the exact reader reports rows it set aside and its notes (a ``RawTable``)."""

    name: str
    warnings: list[str]

    def reject(self, count: int, samples: list[RejectedRow]) -> None: ...


def ragged(source: Path, index: int, width: int) -> bool:
    """Whether some line of a tab-separated file has another number of fields than the header.

    Counts tabs and line ends over the whole file (``count``, at memory speed, 1 MB at a time,
    read into one buffer: a new 8 MB object per read cost a fifth more in fresh memory pages,
    and an 8 MB buffer kept 8 MB more of the process's memory):
    every data line has ``width - 1`` tabs exactly when the totals agree (a short and a long
    row could cancel out; the field checks still catch the long one).
    """
    tabs = ends = 0
    last = b"\n"
    with source.open("rb", buffering=0) as handle:
        buffer = bytearray(_COUNT_BLOCK)
        while size := handle.readinto(buffer):
            tabs += buffer.count(b"\t", 0, size)
            ends += buffer.count(b"\n", 0, size)
            last = bytes(buffer[size - 1 : size])
    unterminated = last != b"\n"
    lines = ends + int(unterminated) - index  # the header line and those above it included
    return tabs != (width - 1) * lines


def cut(text: str) -> str:
    """A head sample without its last, possibly truncated, line."""
    cut = text.rfind("\n")
    return text[: cut + 1] if cut > 0 else text


def scan(
    source: Path, sep: str, index: int, mapping: dict[str, str], few: Collection[str] = ()
) -> pl.LazyFrame:
    """The fast path: polars' multi-threaded reader, only the recognised columns, as a query.

    The fields named in ``few`` are read as categoricals, the others as strings.
    """
    query = pl.scan_csv(
        source,
        separator=sep,
        has_header=True,
        skip_rows=index,
        infer_schema=False,
        schema_overrides={mapping[name]: pl.Categorical() for name in few if name in mapping},
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


def exact_read(
    text: str,
    sep: str,
    index: int,
    headers: list[str],
    mapping: dict[str, str],
    table: RowSink | None,
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
        start = 1  # the line the row being read starts on
        try:
            for row in reader:
                rows.append(row)
                numbers.append(reader.line_num)
                start = reader.line_num + 1
        except csv.Error as exc:
            raise csv_refusal(exc, start, table) from exc
        frame = _cell_lists(numbers[index + 1 :], rows[index + 1 :])
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
    return tidy(kept.select(pl.col(LINE), *columns))


def head_rows(
    text: str, sep: str, index: int, headers: list[str], mapping: dict[str, str], rows: int
) -> pl.DataFrame:
    """The first ``rows`` rows of a file's head (a format sample), as ``exact_read`` reads it.

    Of a tab-separated head (a line is a row) only the lines that can hold them are split
    first: blank lines and rows with too many fields are left out, so when fewer rows come
    out of those lines, the whole head is read (a fifth of 256 KB split instead of all).
    """
    if sep == "\t":
        end = 0
        for _ in range(index + 1 + rows):
            end = text.find("\n", end) + 1
            if not end:
                break
        if 0 < end < len(text):
            first = exact_read(text[:end], sep, index, headers, mapping, None).head(rows)
            if first.height == rows:
                return first
    return exact_read(text, sep, index, headers, mapping, None).head(rows)


def _cell_lists(numbers: list[int], rows: list[list[str]]) -> pl.DataFrame:
    """``LINE`` and ``cells`` (a list per row), built from one flat column of cells: a list
    per row through polars' constructor costs twenty times more. A blank line's row is one
    empty cell (it is dropped as blank either way)."""
    rows = [row or [""] for row in rows]
    flat = pl.DataFrame(
        {
            "_row": list(itertools.chain.from_iterable([n] * len(r) for n, r in enumerate(rows))),
            "cells": list(itertools.chain.from_iterable(rows)),
        },
        schema={"_row": pl.Int64, "cells": pl.String},
    )
    lists = flat.group_by("_row", maintain_order=True).agg("cells").get_column("cells")
    return pl.DataFrame({LINE: numbers}, schema={LINE: pl.Int64}).with_columns(lists)


def tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Trim cells; blank, a lone space and ``--`` mean "no value" in Amazon's files."""
    cleaned = [
        pl.col(name).str.strip_chars().replace({"": None, "--": None}).alias(name)
        for name in frame.columns
        if name != LINE
    ]
    return frame.with_columns(cleaned).with_columns(pl.col(LINE).cast(pl.Int64))


def csv_refusal(exc: csv.Error, line: int, table: RowSink | None) -> Refused:
    name = table.name if table is not None and table.name else "the file"
    limit = csv.field_size_limit()
    if "field limit" in str(exc):
        # A quote that never closes swallows the rest of the file into one cell.
        return TooLarge(
            "cell_too_long",
            f"{name}: a quoted cell starting on line {line:,} runs past {size_text(limit)} (a "
            "quote that is never closed); a Seller Central export has short cells",
            line=line,
            limit=limit,
        )
    return Refused("damaged", f"{name} is damaged at line {line:,} ({exc})", detail=str(exc))
