"""Performance metrics over Amazon's windows, with the ASINs, SKUs, carriers and days behind them.

Rules (the tests compute the same figures independently from these rules):

- Order Defect Rate: orders placed in the window (by purchase day, every status) per channel;
  a defect is 1-2 star feedback, an A-to-z claim that was not denied (claims table, or the
  ``A-to-Z Claim`` flag of the seller-fulfilled returns report), or a chargeback that was not
  withdrawn; an order with several defects counts once.
- Late Shipment Rate: seller-fulfilled orders whose ship-by day falls in the window, cancelled
  ones left out; late = confirmed after the ship-by moment, or still unconfirmed after it.
- Pre-fulfilment Cancel Rate: seller-fulfilled orders placed in the window; cancelled ones count
  unless the buyer asked for the cancellation.
- Valid Tracking Rate: seller-fulfilled orders shipped in the window; valid = a tracking ID.
- On-Time Delivery Rate: shipped orders whose promised delivery day falls in the window and that
  have a delivery date; on time = delivered by the promised moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import polars as pl

from reinstate.analysis.dataset import Dataset
from reinstate.analysis.knowledge import thresholds
from reinstate.analysis.model import AsinStat, Finding, Fulfillment, Metric, Quote, SeriesPoint
from reinstate.analysis.orders_view import daily_rolling, window
from reinstate.codes import Category

SERIES_DAYS = 180
MAX_ORDERS = 500


@dataclass(slots=True)
class Results:
    metrics: list[Metric] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    series: dict[tuple[str, str | None], tuple[SeriesPoint, ...]] = field(default_factory=dict)


def _rate(bad: int, total: int) -> float | None:
    return bad / total if total else None


def _top(frame: pl.DataFrame, column: str, n: int = 5) -> list[dict[str, Any]]:
    """The values of ``column`` with most rows in ``frame`` (ties broken by value)."""
    if frame.is_empty():
        return []
    counted = (
        frame.filter(pl.col(column).is_not_null())
        .group_by(column)
        .len()
        .sort(["len", column], descending=[True, False])
        .head(n)
    )
    return [{column: _plain(v), "count": int(c)} for v, c in counted.iter_rows()]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _asin_stats(bad: pl.DataFrame, everything: pl.DataFrame, top_n: int) -> tuple[AsinStat, ...]:
    """ASINs ranked by bad orders, each with its own rate among its orders in the window."""
    if bad.is_empty():
        return ()
    per_asin = everything.filter(pl.col("asin").is_not_null()).group_by("asin").len("orders")
    ranked = (
        bad.filter(pl.col("asin").is_not_null())
        .group_by("asin")
        .agg(
            pl.len().alias("count"),
            pl.col("sku").drop_nulls().first(),
            pl.col("title").drop_nulls().first(),
        )
        .join(per_asin, on="asin", how="left")
        .sort(["count", "asin"], descending=[True, False])
        .head(top_n)
    )
    total_bad = bad.height
    return tuple(
        AsinStat(
            asin=row["asin"],
            count=int(row["count"]),
            rate=row["count"] / row["orders"] if row["orders"] else None,
            sku=row["sku"],
            title=row["title"],
            share=row["count"] / total_bad,
            details={"orders": int(row["orders"] or 0)},
        )
        for row in ranked.iter_rows(named=True)
    )


def _series(
    frame: pl.DataFrame, day: str, bad: str, days: int, end: date, invert: bool = False
) -> tuple[SeriesPoint, ...]:
    present = frame.filter(pl.col(day).is_not_null())
    if present.is_empty():
        return ()
    first_day = present.get_column(day).min()
    assert isinstance(first_day, date)
    start = max(first_day, end - timedelta(days=SERIES_DAYS - 1))
    begin = min(start, end) - timedelta(days=days - 1)
    rolled = daily_rolling(present.filter(pl.col(day) <= end), day, bad, days, begin, end)
    points = []
    for row in rolled.filter(pl.col("day") >= start).iter_rows(named=True):
        total, count = int(row["total"]), int(row["bad"])
        good = total - count
        value = _rate(good if invert else count, total)
        points.append(SeriesPoint(row["day"], value, good if invert else count, total))
    return tuple(points)


def _metric(
    code: str,
    numerator: int,
    denominator: int,
    span: tuple[date, date],
    fulfillment: Fulfillment | None,
    **breakdown: Any,
) -> Metric:
    rule = thresholds().rule(code)
    value = _rate(numerator, denominator)
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
    )


def _window_facts(metric: Metric) -> dict[str, Any]:
    return {
        "window_start": _plain(metric.window_start),
        "window_end": _plain(metric.window_end),
        "window_days": metric.breakdown["window_days"],
        "target": metric.target,
        "status": str(metric.status),
        "fulfillment": metric.fulfillment,
    }


def _orders_list(bad: pl.DataFrame) -> tuple[str, ...]:
    return tuple(bad.sort("order_id").get_column("order_id").head(MAX_ORDERS).to_list())


def order_defects(
    data: Dataset, index: pl.DataFrame, end: date, results: Results, top_n: int
) -> None:
    rule = thresholds().rule("order_defect_rate")
    max_rating = thresholds().negative_feedback_max_rating
    negative = data.feedback.filter(pl.col("rating") <= max_rating)
    a_to_z = pl.concat(
        [
            data.claims.filter((pl.col("claim_type") == "a_to_z") & pl.col("counted")).select(
                "order_id"
            ),
            data.returns.filter(pl.col("a_to_z")).select("order_id"),
        ]
    ).unique()
    chargebacks = (
        data.claims.filter((pl.col("claim_type") == "chargeback") & pl.col("counted"))
        .select("order_id")
        .unique()
    )
    flags = (
        index.select("order_id", "purchase_day", "fulfillment", "asin", "sku", "title")
        .join(
            negative.select("order_id").unique().with_columns(nf=pl.lit(True)), "order_id", "left"
        )
        .join(a_to_z.with_columns(az=pl.lit(True)), "order_id", "left")
        .join(chargebacks.with_columns(cb=pl.lit(True)), "order_id", "left")
        .with_columns(pl.col("nf", "az", "cb").fill_null(False))
        .with_columns(defect=pl.col("nf") | pl.col("az") | pl.col("cb"))
    )
    span = window(end, rule.windows[0])
    channels: tuple[Fulfillment, ...] = ("mfn", "afn")
    for channel in channels:
        orders = flags.filter(pl.col("fulfillment") == channel)
        if orders.is_empty():
            continue
        in_window = orders.filter(pl.col("purchase_day").is_between(*span))
        bad = in_window.filter(pl.col("defect"))
        counts = {k: int(in_window.get_column(k).sum()) for k in ("nf", "az", "cb")}
        metric = _metric(
            "order_defect_rate",
            bad.height,
            in_window.height,
            span,
            channel,
            negative_feedback=counts["nf"],
            a_to_z=counts["az"],
            chargebacks=counts["cb"],
        )
        results.metrics.append(metric)
        results.series[("order_defect_rate", channel)] = _series(
            orders, "purchase_day", "defect", rule.windows[0], end
        )
        if bad.is_empty():
            continue
        asins = _asin_stats(bad, in_window, top_n)
        evidence = _feedback_quotes(negative, bad)
        facts = {
            "order_defect_rate": metric.value,
            "defect_orders": bad.height,
            "total_orders": in_window.height,
            "negative_feedback_count": counts["nf"],
            "a_to_z_count": counts["az"],
            "chargeback_count": counts["cb"],
            **_window_facts(metric),
            **_top_asin(asins, "top_asin_defects"),
            "top_sku": next((t["sku"] for t in _top(bad, "sku", 1)), None),
            "top_days": [
                {"date": t["purchase_day"], "count": t["count"]} for t in _top(bad, "purchase_day")
            ],
        }
        results.findings.append(
            Finding(
                category=Category.PERFORMANCE_ODR,
                code="order_defects",
                asins=asins,
                orders=_orders_list(bad),
                evidence=evidence,
                facts=facts,
            )
        )


def _top_asin(asins: Sequence[AsinStat], count_key: str) -> dict[str, Any]:
    if not asins:
        return {"top_asin": None, count_key: 0, "top_asin_share": None}
    return {"top_asin": asins[0].asin, count_key: asins[0].count, "top_asin_share": asins[0].share}


def _feedback_quotes(negative: pl.DataFrame, bad: pl.DataFrame) -> tuple[Quote, ...]:
    quoted = (
        negative.filter(pl.col("comment").is_not_null())
        .join(bad.select("order_id", "asin"), on="order_id", how="inner")
        .sort(["day", "order_id"], descending=[True, False])
        .head(8)
    )
    return tuple(
        Quote(
            text=row["comment"][:300],
            asin=row["asin"],
            order_id=row["order_id"],
            source="feedback",
            date=row["day"],
        )
        for row in quoted.iter_rows(named=True)
    )


def _carriers(frame: pl.DataFrame, bad: str, count_key: str) -> list[dict[str, Any]]:
    if frame.is_empty():
        return []
    grouped = (
        frame.group_by("carrier")
        .agg(pl.col(bad).cast(pl.Int64).sum().alias(count_key), pl.len().alias("total_orders"))
        .with_columns((pl.col(count_key) / pl.col("total_orders")).alias("rate"))
        .sort([count_key, "carrier"], descending=[True, False])
    )
    return [dict(row) for row in grouped.iter_rows(named=True)]


def late_shipments(shipped: pl.DataFrame, end: date, results: Results, top_n: int) -> None:
    if shipped.is_empty() or shipped.get_column("latest_ship").null_count() == shipped.height:
        return
    rule = thresholds().rule("late_shipment_rate")
    moment = pl.lit(end + timedelta(days=1)).cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
    frame = shipped.filter(~pl.col("cancelled") & pl.col("latest_ship").is_not_null()).with_columns(
        late=pl.when(pl.col("ship_time").is_not_null())
        .then(pl.col("ship_time") > pl.col("latest_ship"))
        .otherwise(pl.col("latest_ship") < moment)
    )
    per_window: dict[int, tuple[Metric, pl.DataFrame, pl.DataFrame]] = {}
    for days in rule.windows:
        span = window(end, days)
        in_window = frame.filter(pl.col("latest_ship_day").is_between(*span))
        bad = in_window.filter(pl.col("late"))
        metric = _metric(
            "late_shipment_rate",
            bad.height,
            in_window.height,
            span,
            "mfn",
            carriers=_carriers(in_window, "late", "late_orders"),
        )
        results.metrics.append(metric)
        per_window[days] = (metric, in_window, bad)
    longest = max(rule.windows)
    results.series[("late_shipment_rate", "mfn")] = _series(
        frame, "latest_ship_day", "late", longest, end
    )
    metric, in_window, bad = per_window[longest]
    if bad.is_empty():
        return
    carriers = _carriers(in_window, "late", "late_orders")
    worst = carriers[0]
    hours_late = bad.filter(pl.col("ship_time").is_not_null()).select(
        ((pl.col("ship_time") - pl.col("latest_ship")).dt.total_seconds() / 86400).mean()
    )
    asins = _asin_stats(bad, in_window, top_n)
    facts: dict[str, Any] = {
        "late_shipment_rate": metric.value,
        "late_orders": bad.height,
        "total_orders": in_window.height,
        **_window_facts(metric),
        "top_carrier": worst["carrier"],
        "top_carrier_late_orders": worst["late_orders"],
        "top_carrier_late_rate": worst["rate"],
        "carriers": carriers,
        **_top_asin(asins, "top_asin_late_orders"),
        "top_sku": next((t["sku"] for t in _top(bad, "sku", 1)), None),
        "top_days": [
            {"date": t["latest_ship_day"], "count": t["count"]}
            for t in _top(bad, "latest_ship_day")
        ],
        "average_days_late": _round(hours_late.item()),
    }
    for days, (short, short_window, short_bad) in per_window.items():
        if days != longest:
            facts[f"late_shipment_rate_{days}d"] = short.value
            facts[f"late_orders_{days}d"] = short_bad.height
            facts[f"total_orders_{days}d"] = short_window.height
    results.findings.append(
        Finding(
            Category.PERFORMANCE_LATE_SHIPMENT,
            "late_shipments",
            asins,
            _orders_list(bad),
            facts=facts,
        )
    )


def _round(value: Any) -> float | None:
    return round(float(value), 2) if value is not None else None


def cancellations(index: pl.DataFrame, end: date, results: Results, top_n: int) -> None:
    rule = thresholds().rule("pre_fulfillment_cancel_rate")
    mfn = index.filter(pl.col("fulfillment") == "mfn").with_columns(
        seller_cancel=pl.col("cancelled") & ~pl.col("buyer_cancel")
    )
    if mfn.is_empty():
        return
    span = window(end, rule.windows[0])
    in_window = mfn.filter(pl.col("purchase_day").is_between(*span))
    bad = in_window.filter(pl.col("seller_cancel"))
    buyer = int(in_window.filter(pl.col("cancelled") & pl.col("buyer_cancel")).height)
    metric = _metric(
        "pre_fulfillment_cancel_rate",
        bad.height,
        in_window.height,
        span,
        "mfn",
        buyer_requested=buyer,
    )
    results.metrics.append(metric)
    results.series[("pre_fulfillment_cancel_rate", "mfn")] = _series(
        mfn, "purchase_day", "seller_cancel", rule.windows[0], end
    )
    if bad.is_empty():
        return
    asins = _asin_stats(bad, in_window, top_n)
    facts = {
        "pre_fulfillment_cancel_rate": metric.value,
        "cancelled_orders": bad.height,
        "total_orders": in_window.height,
        "buyer_requested_cancellations": buyer,
        **_window_facts(metric),
        **_top_asin(asins, "top_asin_cancelled_orders"),
        "top_sku": next((t["sku"] for t in _top(bad, "sku", 1)), None),
        "top_days": [
            {"date": t["purchase_day"], "count": t["count"]} for t in _top(bad, "purchase_day")
        ],
    }
    results.findings.append(
        Finding(
            Category.PERFORMANCE_CANCELLATION,
            "seller_cancellations",
            asins,
            _orders_list(bad),
            facts=facts,
        )
    )


def tracking(shipped: pl.DataFrame, end: date, results: Results, top_n: int) -> None:
    if shipped.is_empty():
        return
    rule = thresholds().rule("valid_tracking_rate")
    frame = shipped.filter(pl.col("ship_day").is_not_null() & ~pl.col("cancelled")).with_columns(
        missing=~pl.col("valid_tracking")
    )
    if frame.is_empty():
        return
    span = window(end, rule.windows[0])
    in_window = frame.filter(pl.col("ship_day").is_between(*span))
    bad = in_window.filter(pl.col("missing"))
    valid = in_window.height - bad.height
    carriers = _carriers(in_window, "missing", "missing_tracking_orders")
    metric = _metric("valid_tracking_rate", valid, in_window.height, span, "mfn", carriers=carriers)
    results.metrics.append(metric)
    results.series[("valid_tracking_rate", "mfn")] = _series(
        frame, "ship_day", "missing", rule.windows[0], end, invert=True
    )
    if bad.is_empty():
        return
    asins = _asin_stats(bad, in_window, top_n)
    facts = {
        "valid_tracking_rate": metric.value,
        "valid_tracking_orders": valid,
        "missing_tracking_orders": bad.height,
        "total_orders": in_window.height,
        **_window_facts(metric),
        "top_carrier": carriers[0]["carrier"],
        "carriers": carriers,
        **_top_asin(asins, "top_asin_missing_tracking"),
    }
    results.findings.append(
        Finding(
            Category.PERFORMANCE_TRACKING, "missing_tracking", asins, _orders_list(bad), facts=facts
        )
    )


def deliveries(shipped: pl.DataFrame, end: date, results: Results, top_n: int) -> None:
    if shipped.is_empty() or shipped.get_column("delivery_time").null_count() == shipped.height:
        return
    rule = thresholds().rule("on_time_delivery_rate")
    frame = shipped.filter(
        pl.col("delivery_time").is_not_null() & pl.col("latest_delivery").is_not_null()
    ).with_columns(late_delivery=pl.col("delivery_time") > pl.col("latest_delivery"))
    span = window(end, rule.windows[0])
    in_window = frame.filter(pl.col("latest_delivery_day").is_between(*span))
    bad = in_window.filter(pl.col("late_delivery"))
    on_time = in_window.height - bad.height
    carriers = _carriers(in_window, "late_delivery", "late_delivery_orders")
    metric = _metric(
        "on_time_delivery_rate", on_time, in_window.height, span, "mfn", carriers=carriers
    )
    results.metrics.append(metric)
    results.series[("on_time_delivery_rate", "mfn")] = _series(
        frame, "latest_delivery_day", "late_delivery", rule.windows[0], end, invert=True
    )
    if bad.is_empty():
        return
    asins = _asin_stats(bad, in_window, top_n)
    facts = {
        "on_time_delivery_rate": metric.value,
        "on_time_orders": on_time,
        "late_delivery_orders": bad.height,
        "total_orders": in_window.height,
        **_window_facts(metric),
        "top_carrier": carriers[0]["carrier"],
        "carriers": carriers,
    }
    results.findings.append(
        Finding(
            Category.PERFORMANCE_OTHER, "late_deliveries", asins, _orders_list(bad), facts=facts
        )
    )
