"""Order Defect Rate and Pre-fulfilment Cancel Rate over Amazon's windows, with their drivers.

Rules (the tests compute the same figures independently from these rules):

- Order Defect Rate: orders placed in the window (by purchase day, every status) per channel;
  a defect is 1-2 star feedback, an A-to-z claim that was not denied (claims table, or the
  ``A-to-Z Claim`` flag of the seller-fulfilled returns report), or a chargeback that was not
  withdrawn; an order with several defects counts once.
- Pre-fulfilment Cancel Rate: seller-fulfilled orders placed in the window; cancelled ones count
  unless the buyer asked for the cancellation (``is-buyer-requested-cancellation``).

The orders are the All Orders rows; without that report, the seller-fulfilled shipment rows.
Shipping metrics are in shipping.py.

A defect kind counts only when a report that carries it was read (``defect_sources``): without
any of them the ODR has status ``none`` and a note naming the reports to upload; with some of
them the figure stands, ``breakdown["partial"]`` is true and the kinds left out are ``None``.
Likewise the cancel rate is ``partial`` (an upper bound) when buyer requests are not known.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl

from reinstate.analysis import metric_tools as mt
from reinstate.analysis.dataset import Dataset
from reinstate.analysis.knowledge import thresholds
from reinstate.analysis.model import Finding, Fulfillment, Quote
from reinstate.analysis.orders_view import keys
from reinstate.codes import Category

KEY = mt.KEY
# _FEW_ROWS: the defect and cancellation rows, a few thousand filtered from every order row,
# come out in as many pieces as the order rows (a hundred or more, a few rows each); each is
# read a dozen times (counts, windows, channels, ASINs), at a cost per piece, so they are put
# in one piece first (at 1M orders, 107 pieces of 13,500 rows in all).


def order_rows(data: Dataset) -> pl.LazyFrame:
    """Order rows with the columns the metrics need (All Orders, else seller-fulfilled rows)."""
    return data.order_rows()


DEFECT_KINDS = ("negative_feedback", "a_to_z", "chargebacks")
# The report to upload for each defect kind when none carries it.
_DEFECT_KIND_REPORT = {"negative_feedback": "feedback", "a_to_z": "claims", "chargebacks": "claims"}
DEFECT_REPORTS = ("feedback", "claims")


def defect_sources(data: Dataset) -> dict[str, list[str]]:
    """Per defect kind, the report kinds read that carry it (an empty list: not counted)."""
    claims = ["claims"] if data.read("claims") else []
    # The seller-fulfilled returns report flags the returns that became A-to-z claims.
    flagged = ["mfn_returns"] if data.has("returns", "a_to_z") else []
    return {
        "negative_feedback": ["feedback"] if data.read("feedback") else [],
        "a_to_z": claims + flagged,
        "chargebacks": list(claims),
    }


def _coverage(sources: dict[str, list[str]]) -> tuple[dict[str, Any], dict[str, str]]:
    """(breakdown keys, note) saying which defect kinds were counted."""
    missing = [k for k in DEFECT_KINDS if not sources[k]]
    extra: dict[str, Any] = {"defect_sources": sources, "partial": bool(missing)}
    if not missing:
        return extra, {}
    extra["needs"] = [r for r in DEFECT_REPORTS if r in {_DEFECT_KIND_REPORT[k] for k in missing}]
    if len(missing) == len(DEFECT_KINDS):
        return extra, thresholds().note("order_defect_rate", "none")
    return extra, thresholds().note("order_defect_rate", "partial", *missing)


def order_defects(data: Dataset, end: date, results: mt.Results, top_n: int) -> None:
    rule = thresholds().rule("order_defect_rate")
    days = rule.windows[0]
    sources = defect_sources(data)
    coverage, note = _coverage(sources)
    negative = data.feedback.filter(pl.col("rating") <= thresholds().negative_feedback_max_rating)
    claims = data.claims.filter(pl.col("counted"))
    flagged = {
        "nf": keys(negative),
        "az": pl.concat(
            [
                keys(claims.filter(pl.col("claim_type") == "a_to_z")),
                keys(data.returns.filter(pl.col("a_to_z"))),
            ]
        ),
        "cb": keys(claims.filter(pl.col("claim_type") == "chargeback")),
    }
    earliest = end - timedelta(days=mt.SERIES_DAYS + days)
    span = mt.window(end, days)
    channels: tuple[Fulfillment, ...] = ("mfn", "afn")
    # Distinct orders per channel and day, and per channel and ASIN in the window, from the
    # order counts shared with the other metrics; an order has one day, so window totals are
    # sums of daily counts.
    grouped = data.order_counts()
    totals = grouped.count(
        ["fulfillment", "purchase_day"], pl.col("purchase_day").is_between(earliest, end)
    ).rename({"orders": "total"})
    per_asin = grouped.count(["fulfillment", "asin"], pl.col("purchase_day").is_between(*span))
    # The defects are counted on their own few rows, not with a filter over every order row.
    defect_rows = (
        order_rows(data)
        .filter(
            pl.col("purchase_day").is_between(earliest, end)
            & KEY.is_in(pl.concat(list(flagged.values())).implode())
        )
        .with_columns(KEY.is_in(found.implode()).alias(kind) for kind, found in flagged.items())
        .with_columns(defect=pl.col("nf") | pl.col("az") | pl.col("cb"))
        .collect(engine=data.rows_engine())
        .rechunk()  # see _FEW_ROWS
    )
    daily = mt.with_flagged_counts(
        totals,
        defect_rows,
        ["fulfillment", "purchase_day"],
        bad=KEY,
        nf=KEY.filter("nf"),
        az=KEY.filter("az"),
        cb=KEY.filter("cb"),
    )
    bad_rows = defect_rows.filter(pl.col("purchase_day").is_between(*span))
    per_channel = (
        daily.filter(pl.col("purchase_day").is_between(*span))
        .group_by("fulfillment")
        .agg(pl.col("total", "bad", "nf", "az", "cb").sum())
    )
    counts = {row["fulfillment"]: row for row in per_channel.iter_rows(named=True)}
    for channel in channels:
        if channel not in counts:
            continue
        count = counts[channel]
        if not any(sources.values()):
            results.metrics.append(
                mt.no_data("order_defect_rate", span, channel, DEFECT_REPORTS, note,
                           total_orders=count["total"], defect_sources=sources, partial=False)
            )  # fmt: skip
            continue
        split = {
            kind: count[short] if sources[kind] else None
            for kind, short in zip(DEFECT_KINDS, ("nf", "az", "cb"), strict=True)
        }
        found = mt.metric("order_defect_rate", count["bad"], count["total"], span, channel, note,
                          **split, **coverage)  # fmt: skip
        results.metrics.append(found)
        results.series[("order_defect_rate", channel)] = mt.series(
            daily.filter(pl.col("fulfillment") == channel).select("purchase_day", "total", "bad"),
            "purchase_day",
            days,
            end,
        )
        if not count["bad"]:
            continue
        bad = bad_rows.filter(pl.col("fulfillment") == channel)
        own = per_asin.filter(pl.col("fulfillment") == channel)
        asins = mt.asin_stats(bad, own, top_n)
        facts = {
            "order_defect_rate": found.value,
            "defect_orders": count["bad"],
            "total_orders": count["total"],
            "negative_feedback_count": split["negative_feedback"],
            "a_to_z_count": split["a_to_z"],
            "chargeback_count": split["chargebacks"],
            "partial": coverage["partial"],
            "defect_sources": sources,
            **mt.window_facts(found),
            **mt.top_asin(asins, "top_asin_defects"),
            "top_sku": next((t["sku"] for t in mt.top_values(bad, "sku", 1)), None),
            "top_days": mt.top_days(bad, "purchase_day"),
        }
        results.findings.append(
            Finding(
                Category.PERFORMANCE_ODR,
                "order_defects",
                asins,
                mt.orders_list(bad),
                _feedback_quotes(negative, bad),
                facts,
            )
        )


def _feedback_quotes(negative: pl.DataFrame, bad: pl.DataFrame) -> tuple[Quote, ...]:
    quoted = (
        negative.filter(pl.col("comment").is_not_null())
        .join(bad.select("order_id", "asin").unique("order_id"), on="order_id", how="inner")
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


def cancellations(data: Dataset, end: date, results: mt.Results, top_n: int) -> None:
    rule = thresholds().rule("pre_fulfillment_cancel_rate")
    days = rule.windows[0]
    span = mt.window(end, days)
    # All Orders always has the status; the shipments report only when it has the column.
    status_known = not data.orders.is_empty() or data.has("shipments", "order_status")
    buyer_known = data.has("shipments", "buyer_cancel")
    buyer = data.shipments.filter(pl.col("buyer_cancel")).get_column("order_key").implode()
    earliest = end - timedelta(days=mt.SERIES_DAYS + days)
    mfn = (pl.col("fulfillment") == "mfn") & pl.col("purchase_day").is_between(earliest, end)
    in_window = pl.col("purchase_day").is_between(*span)
    grouped = data.order_counts()
    totals = grouped.count(["purchase_day"], mfn).rename({"orders": "total"})
    per_asin = grouped.count(["asin"], mfn & in_window)
    # The cancellations are counted on their own few rows, not with a filter over every row.
    cancelled_rows = (
        order_rows(data)
        .filter(mfn & pl.col("cancelled"))
        .with_columns(buyer_cancel=KEY.is_in(buyer))
        .with_columns(seller_cancel=pl.col("cancelled") & ~pl.col("buyer_cancel"))
        .collect(engine=data.rows_engine())
        .rechunk()  # see _FEW_ROWS
    )
    daily = mt.with_flagged_counts(
        totals,
        cancelled_rows,
        ["purchase_day"],
        bad=KEY.filter("seller_cancel"),
        buyer=KEY.filter("buyer_cancel"),
    )
    bad = cancelled_rows.filter(in_window & pl.col("seller_cancel"))
    if daily.is_empty():
        return
    total, cancelled, by_buyer = (
        int(v or 0)
        for v in daily.filter(pl.col("purchase_day").is_between(*span))
        .select(pl.col("total", "bad", "buyer").sum())
        .row(0)
    )
    code = "pre_fulfillment_cancel_rate"
    if not status_known:
        missing = thresholds().note(code, "none")
        results.metrics.append(mt.no_data(code, span, "mfn", ["all_orders"], missing,
                                          total_orders=total))  # fmt: skip
        return
    buyer_requested = by_buyer if buyer_known else None
    partial = {} if buyer_known else {"needs": ["mfn_shipments"]}
    note = None if buyer_known else thresholds().note(code, "partial")
    found = mt.metric(code, cancelled, total, span, "mfn", note, buyer_requested=buyer_requested,
                      partial=not buyer_known, **partial)  # fmt: skip
    results.metrics.append(found)
    results.series[(code, "mfn")] = mt.series(daily.drop("buyer"), "purchase_day", days, end)
    if not cancelled:
        return
    asins = mt.asin_stats(bad, per_asin, top_n)
    facts = {
        "pre_fulfillment_cancel_rate": found.value,
        "cancelled_orders": cancelled,
        "total_orders": total,
        "buyer_requested_cancellations": buyer_requested,
        "partial": not buyer_known,
        **mt.window_facts(found),
        **mt.top_asin(asins, "top_asin_cancelled_orders"),
        "top_sku": next((t["sku"] for t in mt.top_values(bad, "sku", 1)), None),
        "top_days": mt.top_days(bad, "purchase_day"),
    }
    results.findings.append(
        Finding(Category.PERFORMANCE_CANCELLATION, "seller_cancellations", asins,
                mt.orders_list(bad), facts=facts)
    )  # fmt: skip
