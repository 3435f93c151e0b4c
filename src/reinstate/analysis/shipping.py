"""Late Shipment, Valid Tracking and On-Time Delivery rates from seller-fulfilled shipment rows.

Rules (the tests compute the same figures independently from these rules):

- Late Shipment Rate: seller-fulfilled orders whose ship-by day falls in the window, cancelled
  ones left out; late = confirmed after the ship-by moment, or still unconfirmed at the end of
  the window's last day.
- Valid Tracking Rate: seller-fulfilled orders confirmed as shipped in the window (not
  cancelled); valid = a tracking ID that looks like one (not blank, not "N/A").
- On-Time Delivery Rate: shipped orders whose promised delivery day falls in the window and that
  have a delivery date; on time = delivered by the promised moment.

An order counts once; it is late (untracked, delivered late) when any of its rows is.

A seller who fulfils orders but whose files lack the dates or tracking IDs a rate needs gets
that rate with status ``none`` and a note naming the report, never a rate computed from blanks
(no ship date would make every order late; no tracking column, every order untracked).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl

from reinstate.analysis import metric_tools as mt
from reinstate.analysis.dataset import Dataset
from reinstate.analysis.knowledge import thresholds
from reinstate.analysis.model import Finding
from reinstate.analysis.order_counts import shared_rows
from reinstate.codes import Category

KEY = mt.KEY
# A tracking ID, once stripped of surrounding white space, is 7 to 41 letters, digits, dashes
# and spaces, starting with a letter or digit. Matched on the ID as written: white space at
# either end is skipped by the pattern, and a stripped ID cannot end in a space, so its last
# character is a letter, digit or dash (the same IDs as stripping every row first, without
# writing a stripped copy of the column: about 0.02 s CPU less at 550,000 shipment rows).
_TRACKING_SHAPE = r"^\s*[A-Za-z0-9][A-Za-z0-9\- ]{5,39}[A-Za-z0-9\-]\s*$"
# "N/A", "none", "TBD" ... in any case. Only the placeholders the shape test lets through
# need naming; matched without lower-casing every row.
_PLACEHOLDER_TRACKING = r"(?i)^\s*(?:unknown|no tracking)\s*$"
# From this many shipment rows on, they are marked for cheaper distinct-order counts
# (``mt.SHARED``). Below, the counts are cheap anyway, and the marked copy of the rows only
# raised the peak memory (about 8 MiB at 55,000 rows, a tenth of the bare read of 100,000
# orders' exports). At 550,000 rows it saves about 0.03 s CPU.
MARKED_ROWS = 200_000
# The row of each shipment row's SKU in ``Dataset.sku_names`` (a column of the query only).
_SKU_ROW = "_sku_row"


def shipping_metrics(data: Dataset, end: date, results: mt.Results, top_n: int) -> None:
    """Late shipment, valid tracking and on-time delivery rates, or why they are missing."""
    has_rows = not data.shipments.is_empty()
    if not has_rows and not bool((data.orders.get_column("fulfillment") == "mfn").any()):
        return  # no seller-fulfilled orders: these metrics do not apply
    shipped = None
    if has_rows:
        rows = shipment_rows(data, end).collect(engine=data.rows_engine())
        if rows.height >= MARKED_ROWS:
            # Marked once: the rows whose orders have other rows (see mt.SHARED), for the many
            # distinct-order counts below. The rows are put in one piece of memory first (the
            # query leaves them in pieces, a new column in other pieces would be realigned by
            # every filter of every window).
            shared = shared_rows(rows.get_column("order_key")).rechunk()
            rows = rows.rechunk().with_columns(shared.alias(mt.SHARED))
        shipped = rows.lazy()
    if shipped is not None and data.has("shipments", "latest_ship_date", "ship_date"):
        late_shipments(shipped, end, results, top_n)
    else:
        _missing("late_shipment_rate", end, results)
    if shipped is not None and data.has("shipments", "ship_date", "tracking_number"):
        tracking(shipped, end, results, top_n)
    else:
        _missing("valid_tracking_rate", end, results)
    if shipped is not None:
        deliveries(shipped, end, results, top_n)


def _missing(code: str, end: date, results: mt.Results) -> None:
    note = thresholds().note(code, "none")
    for days in thresholds().rule(code).windows:
        results.metrics.append(
            mt.no_data(code, mt.window(end, days), "mfn", ["mfn_shipments"], note)
        )


def shipment_rows(data: Dataset, end: date) -> pl.LazyFrame:
    """Shipment rows of the last SERIES_DAYS + 30 days with ASIN, title and flags attached."""
    earliest = end - timedelta(days=mt.SERIES_DAYS + 30)
    cancelled = data.orders.filter(pl.col("cancelled")).get_column("order_key").implode()
    rows = (
        data.shipments.lazy()
        .filter(
            pl.max_horizontal("latest_ship_day", "ship_day", "purchase_day", "latest_delivery_day")
            >= earliest
        )
        .with_columns(
            (pl.col("cancelled") | KEY.is_in(cancelled)).alias("cancelled"),
            pl.col("carrier").fill_null("(no carrier)"),
            valid_tracking(pl.col("tracking_number")).alias("valid_tracking"),
        )
    )
    # Each SKU's ASIN and title, looked up (a SKU is once in sku_names): no join of every row.
    # The SKU is hashed once, to its row in sku_names, and both are taken from that row (a
    # lookup of each cost a hash per row). The titles come out categorical: a number per row,
    # not a copy of the text (the join shared the text; copies would add about 100 MB at 5M
    # orders).
    names = data.sku_names()
    sku = names.get_column("sku")
    position = pl.int_range(sku.len(), dtype=pl.UInt32, eager=True)
    titles = names.get_column("s_title").cast(pl.Categorical)
    return (
        rows.with_columns(pl.col("sku").replace_strict(sku, position, default=None).alias(_SKU_ROW))
        .with_columns(
            pl.coalesce("asin", pl.lit(names.get_column("s_asin")).gather(_SKU_ROW)).alias("asin"),
            pl.lit(titles).gather(_SKU_ROW).alias("title"),
        )
        # The rows are collected once for all the shipping metrics: columns no metric reads
        # would only be copied (tracking IDs are read once, into valid_tracking).
        .drop("tracking_number", "buyer_cancel", "quantity", "purchase_day", _SKU_ROW)
    )


def valid_tracking(tracking: pl.Expr) -> pl.Expr:
    """Whether each tracking ID looks like one (false when missing)."""
    shaped = tracking.str.contains(_TRACKING_SHAPE)
    return (shaped & ~tracking.str.contains(_PLACEHOLDER_TRACKING)).fill_null(False)


def late_shipments(rows: pl.LazyFrame, end: date, results: mt.Results, top_n: int) -> None:
    rule = thresholds().rule("late_shipment_rate")
    moment = pl.lit(end + timedelta(days=1)).cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
    frame = rows.filter(~pl.col("cancelled") & pl.col("latest_ship").is_not_null()).with_columns(
        late=pl.when(pl.col("ship_time").is_not_null())
        .then(pl.col("ship_time") > pl.col("latest_ship"))
        .otherwise(pl.col("latest_ship") < moment)
    )
    daily = mt.daily_counts(frame, "latest_ship_day", pl.col("late"))
    if daily.is_empty():
        return
    longest = max(rule.windows)
    figures: dict[int, tuple[Any, pl.DataFrame, pl.DataFrame, list[dict[str, Any]]]] = {}
    for days in rule.windows:
        span = mt.window(end, days)
        in_window = frame.filter(pl.col("latest_ship_day").is_between(*span)).collect(
            engine=mt.ENGINE
        )
        bad = in_window.filter("late")
        carriers = mt.carriers(in_window, "late", "late_orders")
        found = mt.metric("late_shipment_rate", mt.distinct(bad), mt.distinct(in_window), span,
                          "mfn", carriers=carriers)  # fmt: skip
        results.metrics.append(found)
        figures[days] = (found, in_window, bad, carriers)
    results.series[("late_shipment_rate", "mfn")] = mt.series(
        daily, "latest_ship_day", longest, end
    )
    found, in_window, bad, counted = figures[longest]
    if bad.is_empty():
        return
    # The window's carriers as counted for its metric, copied (the metric keeps its own).
    carriers = [dict(c) for c in counted]
    worst = carriers[0]
    days_late = bad.filter(pl.col("ship_time").is_not_null()).select(
        ((pl.col("ship_time") - pl.col("latest_ship")).dt.total_seconds() / 86400).mean()
    )
    asins = mt.asin_stats(bad, mt.orders_per_asin(in_window), top_n)
    facts: dict[str, Any] = {
        "late_shipment_rate": found.value,
        "late_orders": mt.distinct(bad),
        "total_orders": mt.distinct(in_window),
        **mt.window_facts(found),
        "top_carrier": worst["carrier"],
        "top_carrier_late_orders": worst["late_orders"],
        "top_carrier_late_rate": worst["rate"],
        "carriers": carriers,
        **mt.top_asin(asins, "top_asin_late_orders"),
        "top_sku": next((t["sku"] for t in mt.top_values(bad, "sku", 1)), None),
        "top_days": mt.top_days(bad, "latest_ship_day"),
        "average_days_late": _round(days_late.item()),
    }
    for days, (short, short_window, short_bad, _) in figures.items():
        if days != longest:
            facts[f"late_shipment_rate_{days}d"] = short.value
            facts[f"late_orders_{days}d"] = mt.distinct(short_bad)
            facts[f"total_orders_{days}d"] = mt.distinct(short_window)
    results.findings.append(
        Finding(Category.PERFORMANCE_LATE_SHIPMENT, "late_shipments", asins, mt.orders_list(bad),
                facts=facts)
    )  # fmt: skip


def _round(value: Any) -> float | None:
    return round(float(value), 2) if value is not None else None


def tracking(rows: pl.LazyFrame, end: date, results: mt.Results, top_n: int) -> None:
    rule = thresholds().rule("valid_tracking_rate")
    frame = rows.filter(pl.col("ship_day").is_not_null() & ~pl.col("cancelled"))
    daily = mt.daily_counts(frame, "ship_day", ~pl.col("valid_tracking"))
    if daily.is_empty():
        return
    span = mt.window(end, rule.windows[0])
    # An order is untracked when any of its rows lacks a tracking ID: its key is among the
    # keys of those few rows (a lookup, not a grouping of every row by order).
    rows_in_window = frame.filter(pl.col("ship_day").is_between(*span)).collect(engine=mt.ENGINE)
    untracked = rows_in_window.filter(~pl.col("valid_tracking")).get_column("order_key")
    in_window = rows_in_window.with_columns(
        missing=KEY.is_in(untracked.implode(), nulls_equal=True)
    )
    bad = in_window.filter("missing")
    total, missing = mt.distinct(in_window), mt.distinct(bad)
    carriers = mt.carriers(in_window, "missing", "missing_tracking_orders")
    found = mt.metric("valid_tracking_rate", total - missing, total, span, "mfn", carriers=carriers)
    results.metrics.append(found)
    results.series[("valid_tracking_rate", "mfn")] = mt.series(
        daily, "ship_day", rule.windows[0], end, invert=True
    )
    if not missing:
        return
    asins = mt.asin_stats(bad, mt.orders_per_asin(in_window), top_n)
    facts = {
        "valid_tracking_rate": found.value,
        "valid_tracking_orders": total - missing,
        "missing_tracking_orders": missing,
        "total_orders": total,
        **mt.window_facts(found),
        "top_carrier": carriers[0]["carrier"],
        "carriers": carriers,
        **mt.top_asin(asins, "top_asin_missing_tracking"),
    }
    results.findings.append(
        Finding(Category.PERFORMANCE_TRACKING, "missing_tracking", asins, mt.orders_list(bad),
                facts=facts)
    )  # fmt: skip


def deliveries(rows: pl.LazyFrame, end: date, results: mt.Results, top_n: int) -> None:
    rule = thresholds().rule("on_time_delivery_rate")
    frame = rows.filter(
        pl.col("delivery_time").is_not_null() & pl.col("latest_delivery").is_not_null()
    ).with_columns(late_delivery=pl.col("delivery_time") > pl.col("latest_delivery"))
    daily = mt.daily_counts(frame, "latest_delivery_day", pl.col("late_delivery"))
    if daily.is_empty():
        return
    span = mt.window(end, rule.windows[0])
    in_window = frame.filter(pl.col("latest_delivery_day").is_between(*span)).collect(
        engine=mt.ENGINE
    )
    bad = in_window.filter("late_delivery")
    total, late = mt.distinct(in_window), mt.distinct(bad)
    carriers = mt.carriers(in_window, "late_delivery", "late_delivery_orders")
    found = mt.metric("on_time_delivery_rate", total - late, total, span, "mfn", carriers=carriers)
    results.metrics.append(found)
    results.series[("on_time_delivery_rate", "mfn")] = mt.series(
        daily, "latest_delivery_day", rule.windows[0], end, invert=True
    )
    if not late:
        return
    asins = mt.asin_stats(bad, mt.orders_per_asin(in_window), top_n)
    facts = {
        "on_time_delivery_rate": found.value,
        "on_time_orders": total - late,
        "late_delivery_orders": late,
        "total_orders": total,
        **mt.window_facts(found),
        "top_carrier": carriers[0]["carrier"],
        "carriers": carriers,
    }
    results.findings.append(
        Finding(Category.PERFORMANCE_OTHER, "late_deliveries", asins, mt.orders_list(bad),
                facts=facts)
    )  # fmt: skip
