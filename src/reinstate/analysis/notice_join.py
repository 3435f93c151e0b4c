"""Volumes for documents (units sold in the 365 days before the notice) and the notice's own
ASINs and orders joined to everything the data says about them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl

from reinstate.analysis.complaints import units_by_asin
from reinstate.analysis.dataset import Dataset
from reinstate.analysis.knowledge import thresholds
from reinstate.analysis.metric_tools import window
from reinstate.analysis.model import AsinStat, Finding
from reinstate.analysis.parse_customer import CONDITION_LABELS
from reinstate.codes import Category


def units_window(end: date) -> tuple[date, date]:
    return window(end, thresholds().invoice_window_days)


def units_sold(data: Dataset, end: date) -> tuple[pl.DataFrame, Finding | None]:
    """Units per ASIN in the invoice window (what the invoices must cover)."""
    start, end = units_window(end)
    per_asin = units_by_asin(data, start, end).sort(["units", "asin"], descending=[True, False])
    if data.orders.is_empty():
        return per_asin, None
    titles = (
        data.sku_names()
        .filter(pl.col("s_asin").is_not_null())
        .group_by("s_asin")
        .agg(pl.col("sku").first(), pl.col("s_title").drop_nulls().first().alias("title"))
        .rename({"s_asin": "asin"})
    )
    ranked = per_asin.join(titles, on="asin", how="left").sort(
        ["units", "asin"], descending=[True, False]
    )
    total = int(ranked.get_column("units").sum()) if ranked.height else 0
    data_start = data.orders.get_column("purchase_day").min()
    asins = tuple(
        AsinStat(
            asin=r["asin"],
            count=int(r["units"]),
            sku=r["sku"],
            title=r["title"],
            units_sold=int(r["units"]),
            share=r["units"] / total if total else None,
            details={"orders": int(r["orders"])},
        )
        for r in ranked.head(int(thresholds().param("top_n"))).iter_rows(named=True)
    )
    facts = {
        "units_sold_365d": total,
        # An order has one purchase day: the daily counts add up to the window's orders.
        "orders_365d": int(
            data.order_days()
            .filter(pl.col("purchase_day").is_between(start, end))
            .get_column("orders")
            .sum()
        ),
        "asin_count": ranked.height,
        "units_sold_365d_by_asin": {
            r[0]: int(r[1]) for r in ranked.select("asin", "units").iter_rows()
        },
        "window_start": start.isoformat(),
        "window_end": end.isoformat(),
        "data_start": data_start.isoformat() if isinstance(data_start, date) else None,
        "partial_window": bool(isinstance(data_start, date) and data_start > start),
    }
    return per_asin, Finding(Category.OTHER, "units_sold_365d", asins, facts=facts)


def notice_asins(
    data: Dataset,
    asins: Sequence[str],
    units_365: pl.DataFrame,
    signals: pl.DataFrame,
    end: date,
) -> Finding | None:
    wanted = [a.strip().upper() for a in asins if a.strip()]
    if not wanted:
        return None
    per_asin: dict[str, dict[str, Any]] = {}
    stats = []
    # One pass over the orders for all the notice's ASINs, then small per-ASIN filters.
    orders = data.orders.filter(pl.col("asin").is_in(wanted))
    for asin in wanted:
        entry = _asin_facts(data, orders, asin, units_365, signals)
        per_asin[asin] = entry
        stats.append(
            AsinStat(
                asin=asin,
                count=entry["units_sold_365d"],
                sku=entry["sku"],
                title=entry["title"],
                units_sold=entry["units_sold_365d"],
                details={k: v for k, v in entry.items() if k not in {"sku", "title"}},
            )
        )
    found = [a for a in wanted if per_asin[a]["found"]]
    facts = {
        "notice_asins": wanted,
        "asins_found": found,
        "asins_not_found": [a for a in wanted if a not in found],
        "units_sold_365d": sum(e["units_sold_365d"] for e in per_asin.values()),
        "complaint_count": sum(sum(e["complaints"].values()) for e in per_asin.values()),
        "per_asin": per_asin,
    }
    return Finding(Category.OTHER, "notice_asins", tuple(stats), facts=facts)


def _asin_facts(
    data: Dataset,
    notice_orders: pl.DataFrame,
    asin: str,
    units_365: pl.DataFrame,
    signals: pl.DataFrame,
) -> dict[str, Any]:
    sold = units_365.filter(pl.col("asin") == asin)
    orders = notice_orders.filter(pl.col("asin") == asin)
    listing = data.listings.filter(pl.col("asin") == asin)
    returns = data.returns.filter(pl.col("asin") == asin)
    negative_orders = orders.select("order_id").unique()
    negative = data.feedback.filter(
        (pl.col("rating") <= thresholds().negative_feedback_max_rating)
        & pl.col("order_id").is_in(negative_orders.get_column("order_id").implode())
    ).height
    families = signals.filter(pl.col("asin") == asin).group_by("family").len()
    voc = data.voc.filter(pl.col("asin") == asin)
    code = listing.get_column("condition_code").drop_nulls().first() if listing.height else None
    sku = _first(orders, "sku") or _first(listing, "sku") or _first(voc, "sku")
    title = _first(orders, "title") or _first(listing, "title") or _first(voc, "title")
    return {
        "found": bool(orders.height or listing.height or returns.height or voc.height),
        "sku": sku,
        "title": title,
        "units_sold_365d": int(sold.get_column("units").sum()) if sold.height else 0,
        "orders_365d": int(sold.get_column("orders").sum()) if sold.height else 0,
        "returned_units": int(returns.get_column("quantity").sum()) if returns.height else 0,
        "negative_feedback": negative,
        "complaints": {str(f): int(n) for f, n in families.sort("family").iter_rows()},
        "listing_condition": CONDITION_LABELS.get(code) if isinstance(code, int) else None,
        "ncx_rate": voc.get_column("ncx_rate").first() if voc.height else None,
    }


def _first(frame: pl.DataFrame, column: str) -> Any:
    if frame.is_empty():
        return None
    return frame.get_column(column).drop_nulls().first()


def notice_orders(data: Dataset, order_ids: Sequence[str]) -> Finding | None:
    wanted = [o.strip() for o in order_ids if o.strip()]
    if not wanted:
        return None
    per_order: dict[str, dict[str, Any]] = {}
    for order_id in wanted:
        order = data.orders.filter(pl.col("order_id") == order_id)
        shipment = data.shipments.filter(pl.col("order_id") == order_id)
        feedback = data.feedback.filter(pl.col("order_id") == order_id)
        returned = data.returns.filter(pl.col("order_id") == order_id)
        claim = data.claims.filter(pl.col("order_id") == order_id)
        day = _first(order, "purchase_day") or _first(shipment, "purchase_day")
        per_order[order_id] = {
            "found": bool(
                order.height
                or shipment.height
                or feedback.height
                or returned.height
                or claim.height
            ),
            "purchase_date": day.isoformat() if isinstance(day, date) else None,
            "asin": _first(order, "asin") or _first(shipment, "asin") or _first(returned, "asin"),
            "sku": _first(order, "sku") or _first(shipment, "sku") or _first(returned, "sku"),
            "status": _first(order, "order_status"),
            "fulfillment": _first(order, "fulfillment") or ("mfn" if shipment.height else None),
            "feedback_rating": _first(feedback, "rating"),
            "feedback_comment": _first(feedback, "comment"),
            "return_reason": _first(returned, "reason"),
            "return_comment": _first(returned, "comment"),
            "claim_type": _first(claim, "claim_type"),
        }
    found = [o for o in wanted if per_order[o]["found"]]
    facts = {
        "notice_orders": wanted,
        "orders_found": found,
        "orders_not_found": [o for o in wanted if o not in found],
        "per_order": per_order,
    }
    return Finding(Category.OTHER, "notice_orders", orders=tuple(wanted), facts=facts)
