"""Per-ASIN outliers: return rates and NCX rates far above the rest, used-condition listings."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from reinstate.analysis.complaints import units_by_asin
from reinstate.analysis.dataset import Dataset
from reinstate.analysis.knowledge import thresholds
from reinstate.analysis.metric_tools import window
from reinstate.analysis.model import AsinStat, Finding
from reinstate.analysis.parse_customer import CONDITION_LABELS, NOT_NEW_CODES
from reinstate.codes import Category


def high_return_rate(data: Dataset, end: date) -> Finding | None:
    """ASINs whose returned units / sold units in the window stand out against all other ASINs."""
    params = thresholds().params
    days = int(params["return_rate_window_days"])
    start, end = window(end, days)
    if data.returns.is_empty() or data.orders.is_empty():
        return None
    returned = (
        data.returns.filter(
            pl.col("return_day").is_between(start, end) & pl.col("asin").is_not_null()
        )
        .group_by("asin")
        .agg(
            pl.col("quantity").sum().alias("returned"),
            # The most frequent reason; among equally frequent ones the first in sort order
            # (mode() alone lists ties in hash order: the report changed between runs).
            pl.col("reason").drop_nulls().mode().sort().first().alias("top_reason"),
            pl.col("sku").drop_nulls().first(),
            pl.col("title").drop_nulls().first(),
        )
    )
    sold = units_by_asin(data, start, end)
    table = (
        sold.join(returned, on="asin", how="left")
        .with_columns(pl.col("returned").fill_null(0))
        .filter(pl.col("units") > 0)
    )
    total_returned = int(table.get_column("returned").sum())
    total_sold = int(table.get_column("units").sum())
    table = table.with_columns(
        (pl.col("returned") / pl.col("units")).alias("rate"),
        (pl.lit(total_returned) - pl.col("returned")).alias("rest_returned"),
        (pl.lit(total_sold) - pl.col("units")).alias("rest_sold"),
    ).with_columns(
        pl.when(pl.col("rest_sold") > 0)
        .then(pl.col("rest_returned") / pl.col("rest_sold"))
        .otherwise(None)
        .alias("rest_rate")
    )
    ratio = float(params["return_rate_min_ratio"])
    flagged = table.filter(
        (pl.col("returned") >= int(params["return_rate_min_returns"]))
        & ((pl.col("rest_rate") == 0) | (pl.col("rate") >= ratio * pl.col("rest_rate"))).fill_null(
            False
        )
    ).sort(["rate", "asin"], descending=[True, False])
    if flagged.is_empty():
        return None
    asins = tuple(
        AsinStat(
            asin=r["asin"],
            count=int(r["returned"]),
            rate=r["rate"],
            sku=r["sku"],
            title=r["title"],
            units_sold=int(r["units"]),
            details={"rest_return_rate": r["rest_rate"], "top_return_reason": r["top_reason"]},
        )
        for r in flagged.head(int(params["top_n"])).iter_rows(named=True)
    )
    top = flagged.row(0, named=True)
    facts = {
        "top_asin": top["asin"],
        "return_rate": top["rate"],
        "returned_units": int(top["returned"]),
        "units_sold": int(top["units"]),
        "rest_return_rate": top["rest_rate"],
        "rest_returned_units": int(top["rest_returned"]),
        "rest_units_sold": int(top["rest_sold"]),
        "ratio_to_rest": top["rate"] / top["rest_rate"] if top["rest_rate"] else None,
        "top_return_reason": top["top_reason"],
        "asin_count": flagged.height,
        "window_start": start.isoformat(),
        "window_end": end.isoformat(),
        "window_days": days,
    }
    return Finding(Category.PERFORMANCE_OTHER, "high_return_rate", asins, facts=facts)


def high_ncx_rate(data: Dataset) -> Finding | None:
    """VoC rows with poor CX Health or an NCX rate far above the seller's other ASINs."""
    params = thresholds().params
    voc = data.voc.filter(pl.col("ncx_rate").is_not_null() | pl.col("cx_health").is_not_null())
    if voc.is_empty():
        return None
    total_ncx = int(voc.get_column("ncx_orders").fill_null(0).sum())
    total_orders = int(voc.get_column("total_orders").fill_null(0).sum())
    table = voc.with_columns(
        pl.when(pl.lit(total_orders) - pl.col("total_orders").fill_null(0) > 0)
        .then(
            (pl.lit(total_ncx) - pl.col("ncx_orders").fill_null(0))
            / (pl.lit(total_orders) - pl.col("total_orders").fill_null(0))
        )
        .otherwise(None)
        .alias("rest_rate")
    )
    poor = [str(p) for p in params["ncx_poor_health"]]
    ratio = float(params["ncx_min_ratio"])
    flagged = table.filter(
        pl.col("cx_health").is_in(poor).fill_null(False)
        | (
            (pl.col("ncx_orders").fill_null(0) >= 2)
            & (pl.col("ncx_rate") >= ratio * pl.col("rest_rate"))
        ).fill_null(False)
    ).sort(["ncx_rate", "asin"], descending=[True, False], nulls_last=True)
    if flagged.is_empty():
        return None
    asins = tuple(
        AsinStat(
            asin=r["asin"],
            count=int(r["ncx_orders"] or 0),
            rate=r["ncx_rate"],
            sku=r["sku"],
            title=r["title"],
            details={
                "total_orders": r["total_orders"],
                "cx_health": r["cx_health"],
                "top_ncx_reason": r["top_ncx_reason"],
                "return_rate": r["return_rate"],
            },
        )
        for r in flagged.head(int(params["top_n"])).iter_rows(named=True)
    )
    top = flagged.row(0, named=True)
    facts: dict[str, Any] = {
        "top_asin": top["asin"],
        "ncx_rate": top["ncx_rate"],
        "ncx_orders": top["ncx_orders"],
        "total_orders": top["total_orders"],
        "cx_health": top["cx_health"],
        "top_ncx_reason": top["top_ncx_reason"],
        "rest_ncx_rate": top["rest_rate"],
        "asin_count": flagged.height,
        "last_updated": top["last_updated"],
    }
    return Finding(Category.PERFORMANCE_OTHER, "high_ncx_rate", asins, facts=facts)


def used_condition_listings(data: Dataset) -> Finding | None:
    """Listings offered in a used, collectible or refurbished condition."""
    listings = data.listings.filter(pl.col("condition_code").is_in(list(NOT_NEW_CODES)))
    if listings.is_empty():
        return None
    new_asins = set(
        data.listings.filter(pl.col("condition_code") == 11).get_column("asin").drop_nulls()
    ) | set(
        data.voc.filter(
            pl.col("condition").str.to_lowercase().str.contains(r"^new|neu|neuf|nuovo|nuevo|新品")
        )
        .get_column("asin")
        .drop_nulls()
    )
    rows = listings.sort(["asin", "sku"], nulls_last=True).iter_rows(named=True)
    entries = [
        {
            "sku": r["sku"],
            "asin": r["asin"],
            "condition_code": r["condition_code"],
            "condition": CONDITION_LABELS.get(r["condition_code"], str(r["condition_code"])),
            "also_listed_new": r["asin"] in new_asins,
        }
        for r in rows
    ]
    per_asin: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        if entry["asin"]:
            per_asin.setdefault(entry["asin"], []).append(entry)
    ranked = sorted(per_asin.items(), key=lambda kv: (not kv[1][0]["also_listed_new"], kv[0]))
    asins = tuple(
        AsinStat(
            asin=asin,
            count=len(items),
            sku=items[0]["sku"],
            details={
                "condition": items[0]["condition"],
                "condition_code": items[0]["condition_code"],
                "also_listed_new": items[0]["also_listed_new"],
            },
        )
        for asin, items in ranked
    )
    facts = {
        "listing_count": len(entries),
        "asin_count": len(per_asin),
        "top_asin": asins[0].asin if asins else None,
        "also_listed_new_count": sum(
            1 for items in per_asin.values() if items[0]["also_listed_new"]
        ),
        "listings": entries[:200],
    }
    return Finding(Category.CONDITION, "used_condition_listings", asins, facts=facts)
