"""Shared steps of turning a table of strings into typed columns, row problems set aside."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from reinstate.analysis import dates
from reinstate.analysis.model import RejectedRow
from reinstate.analysis.reader import RawTable
from reinstate.analysis.text_rows import LINE, SAMPLES

ASIN_PATTERN = r"^[A-Z0-9]{10}$"

# Values of the fulfilment channel columns (All Orders, listings, VoC) in the languages seen.
_AFN = [
    "amazon",
    "afn",
    "amazon_na",
    "amazon_eu",
    "amazon_fe",
    "amazon_jp",
    "fba",
    "亚马逊",
    "アマゾン",
]
_MFN = [
    "merchant",
    "mfn",
    "default",
    "seller",
    "fbm",
    "verkäufer",
    "händler",
    "vendeur",
    "venditore",
    "vendedor",
    "出品者",
    "卖家",
    "賣家",
    "自配送",
]
_CANCELLED = r"(?i)cancel|storn|annul|cancelad|キャンセル|取消"


def _spellings(words: list[str]) -> list[str]:
    """The spellings a file may use: as listed, Capitalised and UPPER (Amazon writes all three)."""
    return list(dict.fromkeys(v for w in words for v in (w, w.capitalize(), w.upper())))


_CHANNEL = dict.fromkeys(_spellings(_AFN), "afn") | dict.fromkeys(_spellings(_MFN), "mfn")


def fulfillment(expr: pl.Expr) -> pl.Expr:
    """``Amazon`` / ``AMAZON_EU`` -> ``afn``; ``Merchant`` / ``DEFAULT`` -> ``mfn``; else null.

    A lookup of the known spellings (one hash per row) instead of lower-casing every row.
    """
    return expr.str.strip_chars().replace_strict(_CHANNEL, default=None, return_dtype=pl.String)


def is_cancelled(expr: pl.Expr) -> pl.Expr:
    return expr.str.contains(_CANCELLED).fill_null(False)


FEW = pl.Categorical()


def few(table: RawTable, name: str) -> pl.Expr:
    """A field of few values as a categorical (the fast reader reads it so; the exact path's
    strings are cast), a null column when the file does not have it."""
    if name in table.mapping:
        return pl.col(name).cast(FEW)
    return pl.lit(None, dtype=FEW)


def distinct_values(rows: pl.DataFrame, name: str) -> pl.Series:
    """The distinct values present in a column of few values, as strings (nulls left out)."""
    return rows.get_column(name).unique().drop_nulls().cast(pl.String)


def cancelled_among(rows: pl.DataFrame, name: str) -> pl.Expr:
    """``is_cancelled`` of the categorical column ``name`` of ``rows``, decided once per
    distinct value: one lookup per row instead of a regular expression."""
    values = distinct_values(rows, name)
    chosen = values.filter(values.str.contains(_CANCELLED)).to_list()
    return pl.col(name).is_in(chosen).fill_null(False)


def fulfillment_among(rows: pl.DataFrame, name: str) -> pl.Expr:
    """``fulfillment`` of the categorical column ``name`` of ``rows`` (as a categorical),
    decided once per distinct value."""
    values = distinct_values(rows, name)
    if values.is_empty():
        return pl.lit(None, dtype=FEW)
    channels = values.str.strip_chars().replace_strict(
        _CHANNEL, default=None, return_dtype=pl.String
    )
    return pl.col(name).replace_strict(values, channels, default=None, return_dtype=FEW)


def integer(expr: pl.Expr) -> pl.Expr:
    """``"2"``, ``"2.0"`` (spreadsheets) -> 2; anything else -> null."""
    return pl.coalesce(
        expr.cast(pl.Int64, strict=False),
        expr.cast(pl.Float64, strict=False).round(0).cast(pl.Int64, strict=False),
    )


def number(expr: pl.Expr) -> pl.Expr:
    """Display-formatted numbers: ``$1,234.56``, ``1.234,56 €``, ``-3.85``, ``12,5`` -> float."""
    digits = expr.str.replace_all(r"[^0-9,.\-]", "")
    german = digits.str.contains(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$") | digits.str.contains(
        r"^-?\d+,\d{1,2}$"
    )
    normalised = (
        pl.when(german)
        .then(digits.str.replace_all(r"\.", "").str.replace(",", "."))
        .otherwise(digits.str.replace_all(",", ""))
    )
    return normalised.cast(pl.Float64, strict=False)


def percent(expr: pl.Expr) -> pl.Expr:
    """``"4%"`` -> 0.04, ``"31,0 %"`` -> 0.31; a bare number above 1 is read as a percentage."""
    value = number(expr)
    has_sign = expr.str.contains("%")
    return pl.when(has_sign | (value > 1)).then(value / 100).otherwise(value)


def asin(expr: pl.Expr) -> pl.Expr:
    return expr.str.strip_chars().str.to_uppercase()


def asin_column(table: RawTable, name: str = "asin") -> pl.Expr:
    """The ASIN column, upper-cased and trimmed only when its first values need it.

    Amazon's files carry clean upper-case ASINs; skipping the rewrite saves a string copy of
    every row. A stray lower-case ASIN further down still passes the (case-blind) check.
    """
    if name not in table.mapping:
        return pl.lit(None, dtype=pl.String)
    values = table.sample.get_column(name).drop_nulls()
    if values.is_empty() or bool(values.str.contains(ASIN_PATTERN).all()):
        return pl.col(name)
    return asin(pl.col(name))


def bad_asin(name: str = "asin") -> pl.Expr:
    """A present value that is not 10 letters and digits (any case, surrounding spaces allowed)."""
    return pl.col(name).is_not_null() & ~pl.col(name).str.contains(r"^\s*[A-Za-z0-9]{10}\s*$")


_YES = _spellings(["y", "yes", "true", "1", "ja", "oui", "sì", "si", "はい", "是"])


def flag(expr: pl.Expr) -> pl.Expr:
    """``Y`` / ``true`` / ``yes`` / ``1`` -> True; anything else -> False."""
    return expr.str.strip_chars().is_in(_YES)


def day_column(
    table: RawTable, name: str, *, candidates: Sequence[str] | None = None
) -> tuple[pl.Expr, str | None]:
    """The parse expression for a date column and the format chosen from its first values."""
    if name not in table.mapping:
        return pl.lit(None, dtype=pl.Date), None
    values = table.sample.get_column(name)
    if candidates is None:
        fmt = dates.detect_day_format(values)
    else:
        found = dates.matching_formats(values, candidates, day=True)
        fmt = found[0] if found else None
    if fmt is None:
        if values.drop_nulls().len():
            table.warnings.append(f"the dates in {table.mapping.get(name, name)!r} were not read")
        return pl.lit(None, dtype=pl.Date), None
    return dates.to_day(pl.col(name), fmt, clean=dates.needs_cleaning(values)), fmt


def instant_column(table: RawTable, name: str, *, end_of_day: bool = False) -> pl.Expr:
    """A UTC instant; a date without a time means the end of that day when ``end_of_day``."""
    if name not in table.mapping:
        return pl.lit(None, dtype=pl.Datetime("us", "UTC"))
    values = table.sample.get_column(name)
    fmt = dates.detect_instant_format(values)
    if fmt is None:
        if values.drop_nulls().len():
            table.warnings.append(f"the dates in {table.mapping.get(name, name)!r} were not read")
        return pl.lit(None, dtype=pl.Datetime("us", "UTC"))
    cache = not dates.mostly_distinct(values)
    if fmt == dates.ISO_OFFSET and dates.plain_iso_offset(values):
        if cache:
            return dates.iso_offset_cached(pl.col(name))
        local = dates.iso_offset_local(pl.col(name), cache=False)
        return dates.iso_offset_instant(pl.col(name), local=local)
    parsed = dates.to_instant(pl.col(name), fmt, clean=dates.needs_cleaning(values), cache=cache)
    if end_of_day and dates.is_day_only(fmt):
        parsed = parsed + pl.duration(days=1) - pl.duration(microseconds=1)
    return parsed


def _plain_iso_cache(table: RawTable, name: str) -> bool | None:
    """For a column of plain ISO times with offsets, whether its values are mostly alike (each
    distinct value is then parsed once through polars' cache); None for any other column."""
    if name not in table.mapping:
        return None
    values = table.sample.get_column(name)
    if (
        not dates.plain_iso_offset(values)
        or dates.detect_instant_format(values) != dates.ISO_OFFSET
    ):
        return None
    return not dates.mostly_distinct(values)


def day_of_instant(table: RawTable, name: str) -> pl.Expr:
    """``day_column`` of a field also read as an instant (``instant_column``). Of plain ISO
    times with offsets: the local date of the instant's own parse when the values are mostly
    distinct (the same expression, so the query parses each value once), else each distinct
    day once. A row whose instant cannot be read is rejected, so the day of a value that is
    half readable is never used."""
    cache = _plain_iso_cache(table, name)
    if cache is None:
        return day_column(table, name)[0]
    if cache:
        return dates.iso_offset_day(pl.col(name))
    return dates.iso_offset_local(pl.col(name), cache=False).dt.date()


def field(table: RawTable, name: str, dtype: pl.DataType | None = None) -> pl.Expr:
    """The column of a recognised field, or a null column when the file does not have it."""
    if name in table.mapping:
        return pl.col(name)
    return pl.lit(None, dtype=dtype or pl.String)


_TYPED = "_typed:"


def typed(name: str) -> pl.Expr:
    """In a check passed to ``finish``: the output column ``name`` as ``finish`` computed it
    (a check that parses the raw value again would parse every row twice)."""
    return pl.col(_TYPED + name)


def unparsed(raw: str, parsed: pl.Expr) -> pl.Expr:
    """A value is present but could not be read."""
    return pl.col(raw).is_not_null() & parsed.is_null()


def finish(
    table: RawTable,
    output: dict[str, pl.Expr],
    checks: Sequence[tuple[pl.Expr, str]],
) -> pl.DataFrame:
    """Run the table's query once: typed ``output`` columns plus the first failed check per row.

    Rows that fail a check are counted and sampled with their reason on ``table``, never
    silently dropped; the rest is returned with the ``output`` columns only. The raw cells are
    not kept beside the typed ones (on a big file they would double the memory): the few
    sampled rows are read again.
    """
    outputs = [expr.alias(_TYPED + name) for name, expr in output.items()]
    reason: pl.Expr = pl.lit(None, dtype=pl.String)
    if checks:
        first, *rest = checks
        chain: Any = pl.when(first[0]).then(pl.lit(first[1]))
        for condition, text in rest:
            chain = chain.when(condition).then(pl.lit(text))
        reason = chain.otherwise(pl.lit(None, dtype=pl.String))
    columns = [pl.col(LINE), *(typed(name).alias(name) for name in output), reason.alias("_reason")]

    def build(lazy: pl.LazyFrame) -> pl.LazyFrame:
        return lazy.with_columns(outputs).select(columns)

    frame = table.collect(build)
    bad_count = frame.height - frame.get_column("_reason").null_count()
    if bad_count:
        head = frame.filter(pl.col("_reason").is_not_null()).head(SAMPLES)
        texts = table.raw_texts(head.get_column(LINE).to_list())
        samples = [
            RejectedRow(line=int(line), reason=str(why), text=texts.get(int(line), "")[:200])
            for line, why in zip(head.get_column(LINE), head.get_column("_reason"), strict=True)
        ]
        table.reject(bad_count, samples)
        frame = frame.filter(pl.col("_reason").is_null())
    return frame.select(list(output))
