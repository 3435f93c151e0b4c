"""Read one export into a table of strings named by field, whatever its shape and encoding.

Flat files (TSV/CSV, any of the encodings sellers meet, gzip-compressed or not), Excel workbooks
and the performance report JSON. Large clean UTF-8 files go straight to polars' multi-threaded
reader with only the needed columns; small files, other encodings and files polars refuses take
an exact path that pads short rows and sets aside rows with too many fields, with the reason.
An unrecognised or broken file comes back as kind ``unknown`` with a warning; a file past one of
the ``ReadLimits`` (a compression bomb, a 1 GB line, a header of a million columns, JSON nested
100,000 deep) raises ``Refused`` before the part that would hold it in memory runs.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from reinstate.analysis.columns import PERFORMANCE_REPORT, SPECS, UNKNOWN, detect_kind
from reinstate.analysis.containers import container_of, gunzip
from reinstate.analysis.encoding import detect_encoding, sample_around
from reinstate.analysis.limits import DEFAULT_LIMITS, ReadLimits, Refused, TooLarge
from reinstate.analysis.model import Refusal, RejectedRow
from reinstate.analysis.shapes import (
    LineGuard,
    check_lines,
    document_depth,
    json_too_deep,
    json_too_large,
    too_many_columns,
)
from reinstate.analysis.sheets import read_workbook
from reinstate.analysis.text_rows import (
    LINE,
    SAMPLES,
    cut,
    exact_read,
    head_rows,
    ragged,
    scan,
    tidy,
)
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


@dataclass(slots=True)
class Layout:
    """Where a text table's rows are: the file (an expanded ``.gz`` is a file too), separator
    and header line."""

    source: Path
    encoding: str
    sep: str
    index: int
    headers: list[str]


@dataclass(slots=True, weakref_slot=True)
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
    name: str = ""  # the file's name in messages (the upload's own name on the web)
    refused: Refusal | None = None  # set when the file was refused (its kind is then unknown)

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

    def raw_texts(self, lines: list[int]) -> dict[int, str]:
        """The recognised cells of the rows on ``lines``, tab-joined (for rejected samples).

        On the fast path this reads the file again, only when some row was rejected.
        """
        raw = [pl.col(c).cast(pl.String).fill_null("") for c in self.mapping]
        rows = (
            self.lazy.filter(pl.col(LINE).is_in(lines))
            .select(pl.col(LINE), pl.concat_str(raw, separator="\t").alias("text"))
            .collect()
        )
        return {int(line): str(text) for line, text in rows.iter_rows()}

    def _read_exactly(self) -> None:
        layout = self.layout
        assert layout is not None
        text, encoding = _decode_all(layout.source.read_bytes(), layout.encoding, self)
        self.encoding = encoding
        frame = exact_read(text, layout.sep, layout.index, layout.headers, self.mapping, self)
        self.lazy = frame.lazy()
        self.exact = True


def _empty(path: Path, kind: str, encoding: str | None, warning: str) -> RawTable:
    return RawTable(path, kind, encoding, warnings=[warning])


def refused_table(path: Path, refusal: Refusal) -> RawTable:
    """A file that will not be read: kind ``unknown``, the refusal and its message."""
    return RawTable(path, UNKNOWN, None, warnings=[refusal.message], refused=refusal)


def refusal_of(error: Exception, name: str) -> Refusal:
    """The refusal for an error met while reading one file (ours carry their code and facts;
    a library's error on a broken file becomes ``unreadable`` with its own words)."""
    if isinstance(error, Refused):
        return Refusal(error.code, error.message, dict(error.facts))
    detail = " ".join(str(error).split())[:200] or type(error).__name__
    if isinstance(error, InputError):
        return Refusal("unreadable", error.message, {"detail": detail})
    return Refusal("unreadable", f"{name} cannot be read: {detail}", {"detail": detail})


def read_file(
    path: Path,
    limits: ReadLimits = DEFAULT_LIMITS,
    scratch: Path | None = None,
    *,
    name: str | None = None,
) -> RawTable:
    """Read ``path`` and recognise its kind.

    Raises ``InputError`` when it cannot be opened and ``Refused`` when it is past ``limits``.
    An expanded ``.gz`` and a workbook's sheets are written under ``scratch`` (a folder the
    caller removes afterwards); without one, a temporary folder lives as long as the table.
    """
    label = name or path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"cannot read {label}: {exc.strerror or exc}") from exc
    if not head.strip():
        return _empty(path, UNKNOWN, None, "the file is empty")
    container = container_of(head)
    if container is None:
        return _read_text(path, path, limits, label, lines_checked=False)
    own = scratch is None
    folder = Path(tempfile.mkdtemp(prefix="reinstate-")) if scratch is None else scratch
    try:
        if container == "gzip":
            table = _read_gzip(path, limits, folder, label)
        else:
            table = _read_excel(path, limits, folder, label)
    except BaseException:
        if own:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    if own:
        weakref.finalize(table, shutil.rmtree, folder, True)
    return table


def expand_gzip(path: Path, limits: ReadLimits, label: str, sink: BinaryIO | None) -> bytes:
    """Inflate a ``.gz`` into ``sink`` (or only count it) with every ceiling; return its head.

    Lines are checked as they come out; a JSON document keeps its own size limit instead; a
    compressed file inside is refused (nothing is unpacked twice).
    """
    head = bytearray()
    guard: list[LineGuard] = []
    seen = 0

    def watch(chunk: bytes) -> None:
        nonlocal seen
        if not seen:
            if container_of(chunk) is not None:
                raise Refused(
                    "nested_archive",
                    f"{label} holds another compressed file; unpack it and upload what is inside",
                )
            if not _looks_like_json(chunk[:64].decode("latin-1")):
                guard.append(LineGuard(limits.line_bytes, label))
        seen += len(chunk)
        if len(head) < HEAD_BYTES or (b"\n" not in head and len(head) <= limits.line_bytes):
            head.extend(chunk[: max(HEAD_BYTES, limits.line_bytes + 1) - len(head)])
        if guard:
            guard[0].feed(chunk)
        elif seen > limits.json_bytes:
            raise json_too_large(label, seen, limits.json_bytes)

    gunzip(path, limits, sink=sink, watch=watch, name=label)
    return bytes(head)


def _read_gzip(path: Path, limits: ReadLimits, scratch: Path, label: str) -> RawTable:
    """Inflate into ``scratch`` with a ceiling, then read it as any text file."""
    handle, name = tempfile.mkstemp(prefix="expanded-", suffix=".txt", dir=scratch)
    target = Path(name)
    with os.fdopen(handle, "wb") as sink:
        expand_gzip(path, limits, label, sink)
    table = _read_text(path, target, limits, label, lines_checked=True)
    table.warnings.insert(0, "gzip-compressed")
    return table


def read_head(source: Path, limits: ReadLimits) -> bytes:
    """The first 256 KB, or the whole first line when it is longer (lines are checked first)."""
    with source.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
        if len(head) == HEAD_BYTES and b"\n" not in head:
            handle.seek(0)
            longer = handle.read(limits.line_bytes + 1)
            end = longer.find(b"\n")
            head = longer[: end + 1] if end >= 0 else longer
    return head


def header_score(text: str, *, columns: int = DEFAULT_LIMITS.columns) -> int:
    lines = text.splitlines()[:HEADER_SEARCH_LINES]
    best = 0
    for line in lines:
        for sep in ("\t", ",", ";"):
            if line.count(sep) >= columns:
                continue  # a line that wide is no header of ours (and costly to match)
            kind, mapping = detect_kind(_split_header(line, sep))
            if kind != UNKNOWN:
                best = max(best, len(mapping))
    return best


def _split_header(line: str, sep: str) -> list[str]:
    if sep == "\t":
        return line.rstrip("\r\n").split("\t")
    return next(csv.reader([line], delimiter=sep), [])


def find_header(
    lines: list[str], *, columns: int = DEFAULT_LIMITS.columns
) -> tuple[int, str, list[str], str, dict[str, str]] | None:
    """(line index, separator, header names, kind, mapping) of the first recognised header.

    Raises ``TooLarge`` when no header is recognised and a line has more than ``columns``
    fields (a header that wide is refused rather than matched name by name).
    """
    widest = 0
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        for sep in ("\t", ",", ";"):
            if sep not in line:
                continue
            if line.count(sep) >= columns:
                widest = max(widest, line.count(sep) + 1)
                continue
            headers = _split_header(line, sep)
            kind, mapping = detect_kind(headers)
            if kind != UNKNOWN:
                return index, sep, headers, kind, mapping
    if widest:
        raise too_many_columns("the file", widest, columns)
    return None


def _looks_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:1] in {"{", "["}


def _read_text(
    path: Path, source: Path, limits: ReadLimits, label: str, *, lines_checked: bool
) -> RawTable:
    head = read_head(source, limits)
    size = source.stat().st_size
    score = partial(header_score, columns=limits.columns)
    encoding = detect_encoding(head, whole=size <= len(head), header_score=score)
    head_text = head.decode(encoding, errors="replace")
    if _looks_like_json(head_text):
        return _read_json(path, source, encoding, limits, label)
    if not lines_checked:
        separator = b"\t" if b"\t" in head else b","
        check_lines(source, limits.line_bytes, name=label, columns=limits.columns, sep=separator)
    try:
        found = find_header(head_text.splitlines(), columns=limits.columns)
    except TooLarge as wide:
        raise too_many_columns(label, wide.facts["count"], limits.columns) from None
    if found is None:
        first = head_text.splitlines()[0][:120] if head_text.splitlines() else ""
        return _empty(path, UNKNOWN, encoding, f"columns not recognised (first line: {first!r})")
    index, sep, headers, kind, mapping = found
    table = RawTable(path, kind, encoding, mapping=SPECS[kind].to_read(mapping), name=label)
    complete = head_text if size <= len(head) else cut(head_text)
    # The sample keeps every recognised field (the marketplace is read from it, for instance).
    table.sample = head_rows(complete, sep, index, headers, mapping, SAMPLE_ROWS)
    table.layout = Layout(source, encoding, sep, index, headers)
    mapping = table.mapping
    fast = encoding in {"utf-8", "utf-8-sig"} and size > EXACT_BELOW
    if fast and sep == "\t" and size <= COUNTED_BELOW:
        fast = not ragged(source, index, len(headers))
    if fast:
        table.lazy = scan(source, sep, index, mapping, SPECS[kind].few)
        table.exact = False
    else:
        table._read_exactly()
    return table


def _decode_all(data: bytes, encoding: str, table: RawTable) -> tuple[str, str]:
    if encoding in {"utf-8", "utf-8-sig"}:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            # The head was plain ASCII; judge the encoding where the other bytes start (the
            # Chinese names of a GBK export may begin on row 50,000).
            sample = sample_around(data, exc.start)
            encoding = detect_encoding(sample, whole=True, header_score=header_score)
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    if bad:
        table.warnings.append(f"{bad} bytes could not be decoded as {encoding} and were replaced")
    return text.removeprefix("\ufeff"), encoding


def _read_excel(path: Path, limits: ReadLimits, scratch: Path, label: str) -> RawTable:
    found = read_workbook(path, limits, scratch, name=label)
    if found.kind == UNKNOWN:
        return RawTable(path, UNKNOWN, None, warnings=found.warnings, name=label)
    frame = tidy(found.frame)
    values = [c for c in frame.columns if c != LINE]
    frame = frame.filter(~pl.all_horizontal(pl.col(values).is_null()))
    table = RawTable(path, found.kind, None, frame.lazy(), frame.head(SAMPLE_ROWS), found.mapping)
    table.warnings.extend(found.warnings)
    table.name = label
    return table


def _read_json(path: Path, source: Path, encoding: str, limits: ReadLimits, label: str) -> RawTable:
    size = source.stat().st_size
    if size > limits.json_bytes:
        raise json_too_large(label, size, limits.json_bytes)
    data = source.read_bytes()
    try:
        document = json.loads(data.decode(encoding, errors="strict").removeprefix("\ufeff"))
    except RecursionError:
        # Python's parser stops at about 1,000 levels; the limit is far below that.
        raise json_too_deep(label, 0, limits.json_depth) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _empty(path, UNKNOWN, encoding, f"not valid JSON: {exc}")
    depth = document_depth(document)
    if depth > limits.json_depth:
        raise json_too_deep(label, depth, limits.json_depth)
    if _is_performance_report(document):
        return RawTable(path, PERFORMANCE_REPORT, encoding, document=document, name=label)
    return _empty(path, UNKNOWN, encoding, "JSON that is not a seller performance report")


def _is_performance_report(document: Any) -> bool:
    if isinstance(document, dict):
        keys = set(document)
        return bool(keys & {"performanceMetrics", "accountStatuses"})
    return False
