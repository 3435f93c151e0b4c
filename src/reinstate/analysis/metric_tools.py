"""Shared pieces of the metric analyses: windows, metric objects, rankings, daily series.

Counting is on distinct orders (``order_key``) among rows, so an order with two items counts
once in a window and once for each of its ASINs in a per-ASIN breakdown.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

import polars as pl

from reinstate.analysis.knowledge import thresholds
from reinstate.analysis.model import AsinStat, Finding, Fulfillment, Metric, SeriesPoint
from reinstate.codes import MetricStatus

SERIES_DAYS = 180
MAX_ORDERS = 500
KEY = pl.col("order_key")
# The analyses' queries run on frames already in memory, many of them small: polars' in-memory
# engine runs them with less overhead than the default ("auto", which picks streaming); about
# 15% less CPU over the calculations of the 1M-row bench data.
ENGINE: Literal["in-memory"] = "in-memory"
# Queries over every order or shipment row (a filter, then a grouping) stream on big uploads:
# the in-memory engine copies the filtered rows whole before grouping them (0.6 GB at 5M order
# rows, against 0.35 GB streamed) and takes no less time there.
ROWS_ENGINE: Literal["streaming"] = "streaming"
# Up to this many order and shipment rows together they run in memory all the same: the
# copies are small, and streaming's per-query start costs more than it saves (at 1M orders and
# their 550,000 shipment rows, the calculations take about 0.13 s CPU less).
IN_MEMORY_ROWS = 2_000_000


def rows_engine(rows: int) -> Literal["in-memory", "streaming"]:
    """The engine for queries over every one of ``rows`` order and shipment rows.

    >>> rows_engine(1_550_000), rows_engine(5_000_000)
    ('in-memory', 'streaming')
    """
    return ENGINE if rows <= IN_MEMORY_ROWS else ROWS_ENGINE


@dataclass(slots=True)
class Results:
    metrics: list[Metric] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    series: dict[tuple[str, str | None], tuple[SeriesPoint, ...]] = field(default_factory=dict)


def window(end: date, days: int) -> tuple[date, date]:
    """The inclusive window of ``days`` days that ends on ``end``."""
    return end - timedelta(days=days - 1), end


def rate(bad: int, total: int) -> float | None:
    return bad / total if total else None


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


# A column the shipment rows carry: whether the row's order has other rows among them. Their
# distinct orders are then the rows of one-row orders, counted, plus the distinct keys of the
# other rows (a sixth of them): far fewer keys hashed, in every count of every window.
SHARED = "_shared"


def orders_count(columns: Collection[str], where: pl.Expr | None = None) -> pl.Expr:
    """The distinct orders (``order_key``) among a frame's rows where ``where`` holds, as an
    aggregation; of a frame with the ``SHARED`` column, only the shared rows' keys are hashed.

    >>> rows = pl.DataFrame({"order_key": [1, 1, 2, 3], SHARED: [True, True, False, False]})
    >>> rows.select(orders_count(rows.columns)).item()
    3
    """
    if SHARED not in columns:
        return (KEY if where is None else KEY.filter(where)).n_unique()
    single, shared = ~pl.col(SHARED), pl.col(SHARED)
    if where is not None:
        single, shared = single & where, shared & where
    return single.sum() + KEY.filter(shared).n_unique()


def distinct(rows: pl.DataFrame) -> int:
    if not rows.height:
        return 0
    if SHARED not in rows.columns:
        return int(rows.get_column("order_key").n_unique())
    return int(rows.select(orders_count(rows.columns)).item())


def top_values(rows: pl.DataFrame, column: str, n: int = 5) -> list[dict[str, Any]]:
    """The values of ``column`` with the most distinct orders (ties broken by value)."""
    if rows.is_empty():
        return []
    counted = (
        rows.filter(pl.col(column).is_not_null())
        .group_by(column)
        .agg(KEY.n_unique().alias("count"))
        .sort(["count", column], descending=[True, False])
        .head(n)
    )
    return [{column: plain(v), "count": int(c)} for v, c in counted.iter_rows()]


def top_days(rows: pl.DataFrame, column: str) -> list[dict[str, Any]]:
    return [{"date": t[column], "count": t["count"]} for t in top_values(rows, column)]


def orders_per_asin(rows: pl.DataFrame) -> pl.DataFrame:
    """Distinct orders per ASIN (``asin``, ``orders``): the denominators of per-ASIN rates."""
    return rows.group_by("asin").agg(orders_count(rows.columns).alias("orders"))


def asin_stats(bad: pl.DataFrame, per_asin: pl.DataFrame, top_n: int) -> tuple[AsinStat, ...]:
    """ASINs ranked by bad orders, each with its rate among its own orders in the window."""
    if bad.is_empty():
        return ()
    ranked = (
        bad.filter(pl.col("asin").is_not_null())
        .group_by("asin")
        .agg(
            KEY.n_unique().alias("count"),
            pl.col("sku").drop_nulls().first(),
            pl.col("title").drop_nulls().first(),
        )
        .sort(["count", "asin"], descending=[True, False])
        .head(top_n)
    )
    ranked = ranked.join(per_asin.select("asin", "orders"), on="asin", how="left")
    total_bad = distinct(bad)
    return tuple(
        AsinStat(
            asin=row["asin"],
            count=int(row["count"]),
            rate=row["count"] / row["orders"] if row["orders"] else None,
            sku=row["sku"],
            title=row["title"],
            share=row["count"] / total_bad if total_bad else None,
            details={"orders": int(row["orders"] or 0)},
        )
        for row in ranked.sort(["count", "asin"], descending=[True, False]).iter_rows(named=True)
    )


def top_asin(asins: tuple[AsinStat, ...], count_key: str) -> dict[str, Any]:
    if not asins:
        return {"top_asin": None, count_key: 0, "top_asin_share": None}
    return {"top_asin": asins[0].asin, count_key: asins[0].count, "top_asin_share": asins[0].share}


def daily_counts(rows: pl.LazyFrame, day: str, bad: pl.Expr) -> pl.DataFrame:
    """Per day: distinct orders and distinct bad orders (each order has one day)."""
    dated = rows.filter(pl.col(day).is_not_null())
    total = orders_count(rows.collect_schema().names())
    totals, flagged = pl.collect_all(
        [
            dated.group_by(day).agg(total.alias("total")),
            dated.filter(bad).select(day, "order_key"),
        ],
        engine=ENGINE,
    )
    return with_flagged_counts(totals, flagged, [day], bad=KEY)


def with_flagged_counts(
    totals: pl.DataFrame, flagged: pl.DataFrame, by: list[str], **counts: pl.Expr
) -> pl.DataFrame:
    """``totals`` (one row per group of ``by``) with distinct-order ``counts`` made on the few
    ``flagged`` rows (0 where a group has none).

    The same figures as ``KEY.filter(flag).n_unique()`` over every row of the group, when the
    flags are true only on ``flagged`` rows; grouping a few thousand rows instead of a million.
    """
    names = list(counts)
    counted = flagged.group_by(by).agg(expr.n_unique().alias(name) for name, expr in counts.items())
    joined = totals.join(counted, on=by, how="left", nulls_equal=True, maintain_order="left")
    return joined.with_columns(pl.col(names).fill_null(0))


def series(
    daily: pl.DataFrame, day: str, days: int, end: date, *, invert: bool = False
) -> tuple[SeriesPoint, ...]:
    """The rolling ``days``-day rate for every day of the last SERIES_DAYS days of data."""
    if daily.is_empty():
        return ()
    first_day = daily.get_column(day).min()
    assert isinstance(first_day, date)
    # Start once the first full window is in the data (a partial window would mislead).
    start = max(first_day + timedelta(days=days - 1), end - timedelta(days=SERIES_DAYS - 1))
    if start > end:
        start = first_day
    begin = min(start, end) - timedelta(days=days - 1)
    calendar = pl.DataFrame({day: pl.date_range(begin, end, "1d", eager=True)})
    rolled = (
        calendar.join(daily, on=day, how="left")
        .fill_null(0)
        .sort(day)
        .select(
            pl.col(day).alias("day"),
            pl.col("total").rolling_sum(days, min_samples=1).alias("total"),
            pl.col("bad").rolling_sum(days, min_samples=1).alias("bad"),
        )
        .filter(pl.col("day") >= start)
    )
    points = []
    for row in rolled.iter_rows(named=True):
        total, count = int(row["total"]), int(row["bad"])
        shown = total - count if invert else count
        points.append(SeriesPoint(row["day"], rate(shown, total), shown, total))
    return tuple(points)


def metric(
    code: str,
    numerator: int,
    denominator: int,
    span: tuple[date, date],
    fulfillment: Fulfillment | None,
    note: Mapping[str, str] | None = None,
    **breakdown: Any,
) -> Metric:
    rule = thresholds().rule(code)
    value = rate(numerator, denominator)
    return Metric(
        code=code,
        value=value,
        target=rule.target,
        status=rule.status(value),
        numerator=numerator if denominator else None,
        denominator=denominator if denominator else None,
        window_start=span[0],
        window_end=span[1],
        fulfillment=fulfillment,
        breakdown={
            "source": "seller_data",
            "window_days": (span[1] - span[0]).days + 1,
            **breakdown,
        },
        note=note or {},
    )


def no_data(
    code: str,
    span: tuple[date, date],
    fulfillment: Fulfillment | None,
    needs: Sequence[str],
    note: Mapping[str, str],
    **breakdown: Any,
) -> Metric:
    """A metric that cannot be computed: status ``none``, no figures, ``needs`` the report kinds.

    Counting nothing as zero would claim a perfect rate the data never showed.
    """
    return Metric(
        code=code,
        value=None,
        target=thresholds().rule(code).target,
        status=MetricStatus.NONE,
        numerator=None,
        denominator=None,
        window_start=span[0],
        window_end=span[1],
        fulfillment=fulfillment,
        breakdown={
            "source": "seller_data",
            "window_days": (span[1] - span[0]).days + 1,
            "needs": list(needs),
            **breakdown,
        },
        note=note,
    )


def window_facts(found: Metric) -> dict[str, Any]:
    return {
        "window_start": plain(found.window_start),
        "window_end": plain(found.window_end),
        "window_days": found.breakdown["window_days"],
        "target": found.target,
        "status": str(found.status),
        "fulfillment": found.fulfillment,
    }


def orders_list(bad: pl.DataFrame) -> tuple[str, ...]:
    ids = bad.get_column("order_id").unique().sort()
    return tuple(ids.head(MAX_ORDERS).to_list())


def carriers(rows: pl.DataFrame, bad: str, count_key: str) -> list[dict[str, Any]]:
    """Per carrier: distinct bad orders, distinct orders, rate; worst first."""
    if rows.is_empty():
        return []
    grouped = (
        rows.group_by("carrier")
        .agg(
            orders_count(rows.columns, pl.col(bad)).alias(count_key),
            orders_count(rows.columns).alias("total_orders"),
        )
        .with_columns((pl.col(count_key) / pl.col("total_orders")).alias("rate"))
        .sort([count_key, "carrier"], descending=[True, False])
    )
    return [dict(row) for row in grouped.iter_rows(named=True)]
