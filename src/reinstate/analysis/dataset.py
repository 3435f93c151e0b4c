"""All the seller's files read into one typed table per report kind, with a record per file."""

from __future__ import annotations

import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

import polars as pl

from reinstate.analysis import parse_customer as customer
from reinstate.analysis import parse_orders as orders_parse
from reinstate.analysis.columns import PERFORMANCE_REPORT, UNKNOWN
from reinstate.analysis.knowledge import complaints, normalise_reason
from reinstate.analysis.limits import DEFAULT_LIMITS, ReadLimits
from reinstate.analysis.metric_tools import rows_engine
from reinstate.analysis.model import SourceReport
from reinstate.analysis.order_counts import OrderCounts, order_rows
from reinstate.analysis.parallel import side_by_side
from reinstate.analysis.reader import RawTable, read_file, refusal_of, refused_table
from reinstate.errors import InputError

Progress = Callable[[str, int, int], None]
# Lock files of office programs, hidden files, and Reinstate's own manifests are not exports.
_SKIPPED_PREFIXES = (".", "_", "~$")
# Files larger than this are typed one at a time (see ``_load``).
BIG_FILE = 256 * 2**20


@dataclass(slots=True)
class Dataset:
    orders: pl.DataFrame
    shipments: pl.DataFrame
    fba_shipments: pl.DataFrame
    feedback: pl.DataFrame
    returns: pl.DataFrame
    claims: pl.DataFrame
    voc: pl.DataFrame
    listings: pl.DataFrame
    performance: list[dict[str, Any]] = field(default_factory=list)
    sources: list[SourceReport] = field(default_factory=list)
    # The recognised fields of every table (``"shipments" -> {"ship_date", ...}``), over all its
    # files: a metric whose inputs are missing says so instead of counting nothing as zero.
    fields: dict[str, frozenset[str]] = field(default_factory=dict)
    _asin_days: pl.DataFrame | None = None
    _order_days: pl.DataFrame | None = None
    _sku_names: pl.DataFrame | None = None
    _order_counts: OrderCounts | None = None
    # The analyses run side by side (parallel.run_all): a table computed once is computed under
    # its lock, so that a second caller waits for it instead of computing it again.
    _days_lock: threading.Lock = field(default_factory=threading.Lock)
    _names_lock: threading.Lock = field(default_factory=threading.Lock)
    _counts_lock: threading.Lock = field(default_factory=threading.Lock)

    def order_rows(self) -> pl.LazyFrame:
        """Order rows with the columns the metrics need (All Orders, else seller-fulfilled rows)."""
        return order_rows(self.orders, self.shipments)

    def order_counts(self) -> OrderCounts:
        """The order rows (``order_rows``) grouped once for distinct-order counts."""
        with self._counts_lock:
            if self._order_counts is None:
                # The rows of ``order_rows``, with their quantities.
                rows = self.orders.lazy()
                if self.orders.is_empty():
                    rows = self.shipments.lazy().with_columns(fulfillment=pl.lit("mfn"))
                self._order_counts = OrderCounts.of(rows)
            return self._order_counts

    def asin_days(self) -> pl.DataFrame:
        """Units sold (not cancelled) and orders per ASIN and purchase day, computed once.

        An order has one purchase day, so summing the daily order counts over a window counts
        each order once.
        """
        with self._days_lock:
            return self._asin_days_once()

    def _asin_days_once(self) -> pl.DataFrame:
        if self._asin_days is None:
            if self.orders.is_empty():
                schema = {"asin": pl.String, "purchase_day": pl.Date}
                self._asin_days = pl.DataFrame(
                    schema={**schema, "units": pl.Int64, "orders": pl.get_index_type()}
                )
                self._order_days = pl.DataFrame(
                    schema={"purchase_day": pl.Date, "orders": pl.get_index_type()}
                )
                return self._asin_days
            counts = self.order_counts()
            sold = ~pl.col("cancelled")
            self._asin_days = counts.count(
                ["asin", "purchase_day"], sold & pl.col("asin").is_not_null(), units=True
            ).select("asin", "purchase_day", "units", "orders")
            self._order_days = counts.count(["purchase_day"], sold)
        return self._asin_days

    def order_days(self) -> pl.DataFrame:
        """Orders (with an item not cancelled) per purchase day, computed with ``asin_days``."""
        self.asin_days()
        assert self._order_days is not None
        return self._order_days

    def sku_names(self) -> pl.DataFrame:
        """SKU -> ASIN and title (``s_asin``, ``s_title``) from orders and listings, once."""
        with self._names_lock:
            return self._sku_names_once()

    def _sku_names_once(self) -> pl.DataFrame:
        if self._sku_names is None:
            from_orders = (
                self.orders.lazy()
                .group_by("sku")
                .agg(
                    pl.col("asin").drop_nulls().first(),
                    pl.col("title").drop_nulls().first().cast(pl.String),
                )
                # Streamed at any size: its grouping of every order row by SKU takes about half
                # the CPU of the in-memory engine's (0.017 against 0.030 s at 1M orders); the
                # first ASIN and title of a SKU are its first rows' in either engine.
                .collect(engine="streaming")
            )
            self._sku_names = (
                pl.concat([from_orders, self.listings.select("sku", "asin", "title")])
                .filter(pl.col("sku").is_not_null())
                .unique("sku", keep="first")
                .rename({"asin": "s_asin", "title": "s_title"})
            )
        return self._sku_names

    def rows_engine(self) -> Literal["in-memory", "streaming"]:
        """The polars engine for queries over every order or shipment row (by their number)."""
        return rows_engine(self.orders.height + self.shipments.height)

    def read(self, kind: str) -> bool:
        """Whether a file of report ``kind`` was recognised (even one without rows)."""
        return any(s.kind == kind for s in self.sources)

    def has(self, table: str, *names: str) -> bool:
        """Whether ``table`` was read from a file that carries every one of the fields ``names``."""
        return set(names) <= self.fields.get(table, frozenset())

    def last_day(self) -> Any:
        """The last calendar day found in the data (the default end of every window)."""
        candidates = [
            self.orders.get_column("purchase_day").max(),
            self.shipments.get_column("ship_day").max(),
            self.returns.get_column("return_day").max(),
            self.feedback.get_column("day").max(),
            self.claims.get_column("day").max(),
        ]
        present = [c for c in candidates if c is not None]
        return max(present) if present else None


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files named directly, and every file under a named directory (sorted, recursively)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not p.name.startswith(_SKIPPED_PREFIXES)
            )
            if not found:
                raise InputError(f"{path} holds no files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path} does not exist")
    if not files:
        raise InputError("no files to analyse")
    return files


# The parsers of every kind but the feedback (which reads the orders, see ``_load``).
_PARSERS: dict[str, Callable[[RawTable], pl.DataFrame]] = {
    "all_orders": orders_parse.all_orders,
    "mfn_shipments": orders_parse.mfn_shipments,
    "fba_shipments": orders_parse.fba_shipments,
    "fba_returns": customer.fba_returns,
    "mfn_returns": customer.mfn_returns,
    "claims": customer.claims,
    "voc": customer.voc,
    "listings": customer.listings,
}
_TARGET = {
    "all_orders": "orders",
    "mfn_shipments": "shipments",
    "fba_shipments": "fba_shipments",
    "feedback": "feedback",
    "fba_returns": "returns",
    "mfn_returns": "returns",
    "claims": "claims",
    "voc": "voc",
    "listings": "listings",
}
_SCHEMAS: dict[str, dict[str, Any]] = {
    "orders": orders_parse.ORDERS_SCHEMA,
    "shipments": orders_parse.SHIPMENTS_SCHEMA,
    "fba_shipments": orders_parse.FBA_SHIPMENTS_SCHEMA,
    "feedback": customer.FEEDBACK_SCHEMA,
    "returns": customer.RETURNS_SCHEMA,
    "claims": customer.CLAIMS_SCHEMA,
    "voc": customer.VOC_SCHEMA,
    "listings": customer.LISTINGS_SCHEMA,
}


# What reading or parsing one broken or hostile file can raise: that file is reported on its
# own line (``SourceReport.refused``) and the others are analysed.
_FILE_ERRORS = (InputError, pl.exceptions.PolarsError, OSError, UnicodeError)


def load(
    paths: Sequence[Path],
    progress: Progress | None = None,
    *,
    limits: ReadLimits = DEFAULT_LIMITS,
    workdir: Path | None = None,
) -> Dataset:
    """Read every file under ``paths`` (see ``analyze``); expanded ``.gz`` files and workbook
    sheets live in a temporary folder under ``workdir`` (the system's default when None)
    until the tables are built."""
    files = expand(paths)
    with tempfile.TemporaryDirectory(prefix="reinstate-", dir=workdir) as scratch:
        return _load(files, progress, limits, Path(scratch))


def _read(path: Path, limits: ReadLimits, scratch: Path) -> RawTable:
    scratch.mkdir()
    try:
        return read_file(path, limits, scratch, name=path.name)
    except _FILE_ERRORS as exc:
        return refused_table(path, refusal_of(exc, path.name))


def _parse(
    tables: list[RawTable],
    index: int,
    parse: Callable[[], pl.DataFrame],
    turn: threading.Lock | None = None,
) -> pl.DataFrame | None:
    """The parser's frame, or None after marking the file refused (a broken row the fast
    reader met late, a quote that never closes). With ``turn``, parses holding that lock."""
    try:
        if turn is None:
            return parse()
        with turn:
            return parse()
    except _FILE_ERRORS as exc:
        table = tables[index]
        tables[index] = refused_table(table.path, refusal_of(exc, table.path.name))
        return None


def _load(
    files: list[Path], progress: Progress | None, limits: ReadLimits, scratch: Path
) -> Dataset:
    total = len(files)
    tables: list[RawTable] = []
    parsing: dict[int, Future[pl.DataFrame | None]] = {}
    big = threading.Lock()
    # Each file is typed as soon as it is read, beside the reading and typing of the others,
    # except the feedback (its short dates may need the orders to tell 1/2 from 2/1), and big
    # files take turns: each one's typing is parallel in itself, and two at once would hold
    # both in memory.
    with side_by_side() as jobs:
        for number, path in enumerate(files):
            if progress:
                progress(f"reading {path.name}", number, total)
            table = _read(path, limits, scratch / str(number))
            tables.append(table)
            if table.kind in _PARSERS:
                turn = big if _size(table) > BIG_FILE else None
                parse = partial(_PARSERS[table.kind], table)
                parsing[number] = jobs.submit(_parse, tables, number, parse, turn)
    if progress:
        progress("reading done", total, total)
    found = {index: parsing[index].result() for index in sorted(parsing)}
    order_frame = _combined(tables, found, "orders")
    market = _marketplace([t for t in tables if t.kind == "all_orders"])
    for index, table in enumerate(tables):
        if table.kind == "feedback":
            found[index] = _parse(
                tables, index, partial(customer.feedback, table, order_frame, market)
            )
        elif table.kind.endswith("returns") and (frame := found.get(index)) is not None:
            _report_unknown_reasons(table, frame)
    dataset = Dataset(
        orders=order_frame,
        shipments=_combined(tables, found, "shipments"),
        fba_shipments=_combined(tables, found, "fba_shipments"),
        feedback=_combined(tables, found, "feedback"),
        returns=_combined(tables, found, "returns"),
        claims=_combined(tables, found, "claims"),
        voc=_combined(tables, found, "voc"),
        listings=_combined(tables, found, "listings"),
    )
    rows = {index: frame.height for index, frame in found.items() if frame is not None}
    for table in tables:
        if table.kind in _TARGET:
            name = _TARGET[table.kind]
            dataset.fields[name] = dataset.fields.get(name, frozenset()) | set(table.mapping)
    for index, table in enumerate(tables):
        if table.kind == PERFORMANCE_REPORT and isinstance(table.document, dict):
            dataset.performance.append(table.document)
            rows[index] = 1
        dataset.sources.append(
            SourceReport(
                path=table.path,
                kind=table.kind,
                rows_read=rows.get(index, 0),
                rows_rejected=table.rejected,
                encoding=table.encoding,
                warnings=tuple(table.warnings),
                rejected_samples=tuple(table.samples),
                refused=table.refused,
            )
        )
    if all(t.kind == UNKNOWN for t in tables):
        raise _nothing_usable(tables, dataset.sources)
    return dataset


class NothingUsable(InputError):
    """No file could be used; ``sources`` says what became of each (refusals included)."""

    def __init__(self, message: str, sources: Sequence[SourceReport], *, code: str) -> None:
        super().__init__(message, code=code)
        self.sources = tuple(sources)


def _nothing_usable(tables: list[RawTable], sources: Sequence[SourceReport]) -> NothingUsable:
    """Why no file could be used: the refusal itself when there is one file, else the names."""
    refused = [t.refused for t in tables if t.refused is not None]
    if len(tables) == 1 and refused:
        return NothingUsable(refused[0].message, sources, code=refused[0].code)
    if refused:
        shown = "; ".join(r.message for r in refused[:3])
        return NothingUsable(
            f"none of the files could be analysed: {shown}", sources, code="refused"
        )
    names = ", ".join(t.path.name for t in tables[:5])
    return NothingUsable(
        f"none of the files is a Seller Central export Reinstate knows: {names}",
        sources,
        code="unknown",
    )


def _size(table: RawTable) -> int:
    """How much a table has to read (to start the biggest first)."""
    source = table.layout.source if table.layout is not None else table.path
    try:
        return source.stat().st_size
    except OSError:
        return 0


def _combined(
    tables: list[RawTable], found: dict[int, pl.DataFrame | None], name: str
) -> pl.DataFrame:
    """The typed frames of the files of one table, in the order of the files, as one frame."""
    own = [
        (frame, tables[i].kind)
        for i in sorted(found)
        if (frame := found[i]) is not None and _TARGET[tables[i].kind] == name
    ]
    return _combine([frame for frame, _ in own], name, [kind for _, kind in own])


def _combine(frames: list[pl.DataFrame], name: str, kinds: list[str]) -> pl.DataFrame:
    if not frames:
        return pl.DataFrame(schema=_SCHEMAS[name])
    if len(frames) == 1:
        return frames[0]
    combined = pl.concat(frames, how="vertical_relaxed")
    if len(set(kinds)) == len(kinds):
        # One file per kind (FBA and seller-fulfilled returns): no row can be in two files.
        return combined
    # Overlapping downloads (two monthly files that share days) must not count a row twice.
    return combined.unique(maintain_order=True)


def _marketplace(orders: list[RawTable]) -> str | None:
    """The marketplace of the orders, from the sales channel of their first rows."""
    channels = [
        t.sample.get_column("sales_channel").drop_nulls()
        for t in orders
        if "sales_channel" in t.sample.columns
    ]
    present = [c for c in channels if not c.is_empty()]
    if not present:
        return None
    return customer.marketplace_of(most_common(pl.concat(present)))


def most_common(values: pl.Series) -> str:
    """The most frequent value; a tie goes to the first in sort order, so the same files always
    give the same answer (``value_counts(sort=True)`` orders ties by hash)."""
    counts = values.cast(pl.String).value_counts(name="n")
    return str(counts.sort(["n", values.name], descending=[True, False]).row(0)[0])


def _report_unknown_reasons(table: RawTable, frame: pl.DataFrame) -> None:
    """Return reason codes missing from complaints.yaml are kept verbatim and named here."""
    known = complaints().return_reasons
    counts = Counter[str]()
    for reason, count in frame.group_by("reason").len().iter_rows():
        if reason is not None and normalise_reason(str(reason)) not in known:
            counts[str(reason)] += int(count)
    if counts:
        listed = ", ".join(f"{code} ({n})" for code, n in counts.most_common(10))
        table.warnings.append(f"unknown return reason codes kept as written: {listed}")
