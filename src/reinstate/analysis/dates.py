"""Dates as Amazon's files write them (report-formats.md section 0.3), parsed column-wise.

The format of a column is decided once from a sample of its values, then applied to the whole
column in polars: ISO 8601 with offsets (``2017-06-17T08:04:21+00:00``, ``2021-10-29T00:00:00Z``,
``2020-09-06T00:00Z``), ``10-Jul-2025``, listings dates with a time-zone abbreviation
(``29/09/2025 16:19:39 BST``, ``2013-01-07 07:35:42 PST``), spreadsheet ``2025-06-05 15:31:40``,
and the feedback report's short local dates (``1/13/17``, ``13.1.17``, ``17/1/13``).

A *day* is the calendar date as written in the file (the marketplace's local day that Seller
Central shows); an *instant* is the moment in UTC, used to compare a ship confirmation with its
ship-by deadline.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

# Tried in this order; the first format that reads the whole sample wins.
INSTANT_FORMATS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
    "%d-%b-%Y %H:%M:%S",
)
DAY_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%d/%m/%y",
    "%d.%m.%y",
    "%y/%m/%d",
    "%b %d, %Y",
    "%d %b %Y",
)
# Feedback report formats by marketplace (Airbyte's MARKETPLACE_DATE_FORMAT_MAP).
FEEDBACK_FORMATS: dict[str, str] = {
    "US": "%m/%d/%y",
    "DE": "%d.%m.%y",
    "JP": "%y/%m/%d",
    "SE": "%Y-%m-%d",
    "OTHER": "%d/%m/%y",
}
_SAMPLE = 400


def _clean(expr: pl.Expr) -> pl.Expr:
    """Trailing ``Z`` -> ``+00:00``; a trailing time-zone abbreviation (``PST``, ``BST``) dropped.

    The abbreviation is dropped rather than resolved: Amazon writes the marketplace's local time
    and only the local day is used from such columns (listings ``open-date``).
    """
    return (
        expr.str.strip_chars()
        .str.replace(r"Z$", "+00:00")
        .str.replace(r"\s+[A-Z]{2,5}$", "")
        .str.replace(r" ([+-]\d\d:?\d\d)$", "$1")
    )


def _sample(values: pl.Series) -> pl.Series:
    present = values.drop_nulls()
    return present.head(_SAMPLE).to_frame("v").select(_clean(pl.col("v"))).to_series()


def needs_cleaning(values: pl.Series) -> bool:
    """Whether a column's values carry spaces, ``Z`` or zone names that parsing must remove.

    Clean ISO columns (the big files) skip four string passes over every row.
    """
    sample = values.drop_nulls().head(_SAMPLE)
    if sample.is_empty():
        return False
    cleaned = sample.to_frame("v").select(_clean(pl.col("v"))).to_series()
    return bool((sample != cleaned).any())


def _score(fmt: str, *, day: bool) -> pl.Expr:
    """How many sampled values the format reads as a plausible date (year 1990 or later).

    The year test keeps ``%Y`` from reading ``3.4.26`` as the year 26.
    """
    value = pl.col("v")
    if day:
        parsed = value.str.to_date(fmt, strict=False)
    else:
        parsed = value.str.to_datetime(fmt, strict=False, time_unit="us", time_zone="UTC")
    return (parsed.dt.year() >= 1990).sum()


def matching_formats(values: pl.Series, candidates: Sequence[str], *, day: bool) -> list[str]:
    """The candidate formats that read every sampled value (ties are kept, in order)."""
    sample = _sample(values)
    if sample.is_empty():
        return []
    # Every candidate scored in one query (one call per format cost a millisecond each).
    counts = sample.to_frame("v").select(
        _score(fmt, day=day).alias(str(number)) for number, fmt in enumerate(candidates)
    )
    scores = [(fmt, int(counts.item(0, number))) for number, fmt in enumerate(candidates)]
    best = max(score for _, score in scores)
    if best == 0:
        return []
    # Tolerate bad cells: they are rejected row by row later, with the reason.
    return [fmt for fmt, score in scores if score == best and score >= 0.5 * len(sample)]


ISO_OFFSET = "%Y-%m-%dT%H:%M:%S%z"
_ISO_OFFSET_SHAPE = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$"


def plain_iso_offset(values: pl.Series) -> bool:
    """Whether a column's first values all look like ``2017-06-17T08:04:21+00:00``."""
    sample = values.drop_nulls().head(_SAMPLE)
    return not sample.is_empty() and bool(sample.str.contains(_ISO_OFFSET_SHAPE).all())


def mostly_distinct(values: pl.Series) -> bool:
    """Whether most of a column's first values differ (times to the second, not days).

    polars parses each distinct value once through a cache; on a column of distinct values
    the cache only costs (a third of the parse of a million ship times).
    """
    sample = values.drop_nulls().head(_SAMPLE)
    return sample.len() > 1 and sample.n_unique() > sample.len() // 2


def iso_offset_local(expr: pl.Expr, *, cache: bool = True) -> pl.Expr:
    """The local date and time written before the offset of ``2017-06-17T08:04:21-07:00``."""
    return expr.str.slice(0, 19).str.to_datetime(
        "%Y-%m-%dT%H:%M:%S", strict=False, time_unit="us", cache=cache
    )


def iso_offset_instant(
    expr: pl.Expr, *, cache: bool = True, local: pl.Expr | None = None
) -> pl.Expr:
    """``2017-06-17T08:04:21-07:00`` as a UTC instant, by arithmetic on the fixed positions.

    Equal to ``str.to_datetime("%Y-%m-%dT%H:%M:%S%z")`` on such values and about twice as fast
    on a column of a million distinct times; anything else becomes null (and is rejected).
    ``local``: the column's ``iso_offset_local``, when it is computed for its day as well.
    """
    if local is None:
        local = iso_offset_local(expr, cache=cache)
    sign = expr.str.slice(19, 1)
    east = pl.when(sign == "-").then(pl.lit(1)).when(sign == "+").then(pl.lit(-1))
    minutes = expr.str.slice(20, 2).cast(pl.Int64, strict=False) * 60 + expr.str.slice(23, 2).cast(
        pl.Int64, strict=False
    )
    shifted = local + pl.duration(minutes=east * minutes)
    return (
        pl.when(expr.str.len_bytes() == 25)
        .then(shifted)
        .otherwise(pl.lit(None, dtype=pl.Datetime("us")))
        .dt.replace_time_zone("UTC")
    )


def iso_offset_cached(expr: pl.Expr) -> pl.Expr:
    """``iso_offset_instant`` of a column of few distinct values (ship-by and promised delivery
    moments, the end of a local day): each distinct value is parsed once through polars'
    cache, offset included, instead of the arithmetic on its positions for every row (about
    0.03 s CPU less per column of 550,000 rows). Values of another length than 25 are null,
    as there; so is one whose offset is not ``+hh:mm`` or ``-hh:mm``.
    """
    parsed = expr.str.to_datetime(
        ISO_OFFSET, strict=False, time_unit="us", time_zone="UTC", cache=True
    )
    return (
        pl.when(expr.str.len_bytes() == 25)
        .then(parsed)
        .otherwise(pl.lit(None, dtype=pl.Datetime("us", "UTC")))
    )


def iso_offset_day(expr: pl.Expr) -> pl.Expr:
    """The local day of ``2017-06-17T08:04:21-07:00`` (its first ten characters), each distinct
    day parsed once (for a column of few distinct values, with ``iso_offset_cached``)."""
    return expr.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False, cache=True)


def is_day_only(fmt: str) -> bool:
    return "%H" not in fmt


def to_instant(expr: pl.Expr, fmt: str, *, clean: bool = True, cache: bool = True) -> pl.Expr:
    """Parse to a UTC instant; naive values are taken as UTC; failures become null."""
    cleaned = _clean(expr) if clean else expr
    if is_day_only(fmt):
        return (
            cleaned.str.to_date(fmt, strict=False)
            .cast(pl.Datetime("us"))
            .dt.replace_time_zone("UTC")
        )
    return cleaned.str.to_datetime(fmt, strict=False, time_unit="us", time_zone="UTC", cache=cache)


def to_day(expr: pl.Expr, fmt: str, *, clean: bool = True) -> pl.Expr:
    """The calendar day as written (the local date), whatever the time or offset after it."""
    if fmt.startswith("%Y-%m-%d") and fmt != "%Y-%m-%d":
        # ISO with a time: the first ten characters are the local day (cheaper than a full parse).
        trimmed = expr.str.strip_chars() if clean else expr
        return trimmed.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    cleaned = _clean(expr) if clean else expr
    if is_day_only(fmt):
        return cleaned.str.to_date(fmt, strict=False)
    return cleaned.str.to_datetime(fmt, strict=False, time_unit="us").dt.date()


def detect_day_format(values: pl.Series) -> str | None:
    """The one format for a column of days or date-times (first match in preference order)."""
    formats = matching_formats(values, INSTANT_FORMATS, day=False)
    if formats:
        return formats[0]
    formats = matching_formats(values, DAY_FORMATS, day=True)
    return formats[0] if formats else None


def detect_instant_format(values: pl.Series) -> str | None:
    return detect_day_format(values)
