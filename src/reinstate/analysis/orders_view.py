"""Order-level views shared by the analyses: one row per order, one row per shipped order."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from reinstate.analysis.dataset import Dataset

_PLACEHOLDER_TRACKING = ["na", "n/a", "none", "null", "-", "0", "tbd", "unknown", "no tracking"]


def window(end: date, days: int) -> tuple[date, date]:
    """The inclusive window of ``days`` days that ends on ``end``."""
    return end - timedelta(days=days - 1), end


def order_index(data: Dataset) -> pl.DataFrame:
    """One row per order: day, channel, cancelled, first SKU/ASIN/title, buyer-requested cancel.

    Orders that appear only in the seller-fulfilled shipment data are added as ``mfn``.
    """
    orders = data.orders.group_by("order_id").agg(
        pl.col("purchase_day").min(),
        pl.col("fulfillment").drop_nulls().first(),
        pl.col("cancelled").all(),
        pl.col("sku").drop_nulls().first(),
        pl.col("asin").drop_nulls().first(),
        pl.col("title").drop_nulls().first(),
        pl.col("order_status").drop_nulls().first(),
    )
    shipped = data.shipments
    if not shipped.is_empty():
        per_order = shipped.group_by("order_id").agg(
            pl.col("purchase_day").min(),
            pl.col("sku").drop_nulls().first(),
            pl.col("asin").drop_nulls().first(),
            pl.col("cancelled").all(),
            pl.col("buyer_cancel").any(),
        )
        extra = per_order.join(orders.select("order_id"), on="order_id", how="anti")
        if not extra.is_empty():
            orders = pl.concat(
                [
                    orders,
                    extra.select(
                        "order_id",
                        "purchase_day",
                        pl.lit("mfn").alias("fulfillment"),
                        "cancelled",
                        "sku",
                        "asin",
                        pl.lit(None, dtype=pl.String).alias("title"),
                        pl.lit(None, dtype=pl.String).alias("order_status"),
                    ),
                ],
                how="vertical_relaxed",
            )
        buyer = per_order.filter(pl.col("buyer_cancel")).select("order_id", "buyer_cancel")
        orders = orders.join(buyer, on="order_id", how="left").with_columns(
            pl.col("buyer_cancel").fill_null(False)
        )
    else:
        orders = orders.with_columns(pl.lit(False).alias("buyer_cancel"))
    return orders


def shipped_orders(data: Dataset, index: pl.DataFrame) -> pl.DataFrame:
    """One row per seller-fulfilled order in the shipment data, with its deadlines and carrier."""
    if data.shipments.is_empty():
        return pl.DataFrame()
    per_order = data.shipments.group_by("order_id").agg(
        pl.col("latest_ship").min(),
        pl.col("latest_ship_day").min(),
        pl.col("ship_time").max(),
        pl.col("ship_day").max(),
        pl.col("carrier").drop_nulls().first(),
        pl.col("tracking_number").drop_nulls().first(),
        pl.col("latest_delivery").min(),
        pl.col("latest_delivery_day").min(),
        pl.col("delivery_time").max(),
        pl.col("sku").drop_nulls().first().alias("ship_sku"),
        pl.col("asin").drop_nulls().first().alias("ship_asin"),
        pl.col("cancelled").all().alias("ship_cancelled"),
    )
    joined = per_order.join(
        index.select("order_id", "sku", "asin", "title", "cancelled"), on="order_id", how="left"
    )
    tracking = pl.col("tracking_number").str.strip_chars()
    return joined.with_columns(
        pl.coalesce("asin", "ship_asin").alias("asin"),
        pl.coalesce("sku", "ship_sku").alias("sku"),
        (pl.col("cancelled").fill_null(False) | pl.col("ship_cancelled")).alias("cancelled"),
        pl.col("carrier").fill_null("(no carrier)"),
        (
            tracking.is_not_null()
            & tracking.str.contains(r"^[A-Za-z0-9][A-Za-z0-9\- ]{6,40}$")
            & ~tracking.str.to_lowercase().is_in(_PLACEHOLDER_TRACKING)
        )
        .fill_null(False)
        .alias("valid_tracking"),
    ).drop("ship_asin", "ship_sku", "ship_cancelled")


def daily_rolling(
    frame: pl.DataFrame, day: str, bad: str, days: int, first: date, last: date
) -> pl.DataFrame:
    """Per calendar day: orders and bad orders in the ``days``-day window ending that day."""
    counts = frame.group_by(day).agg(
        pl.len().alias("total"), pl.col(bad).cast(pl.Int64).sum().alias("bad")
    )
    calendar = pl.DataFrame({day: pl.date_range(first, last, "1d", eager=True)})
    filled = calendar.join(counts, on=day, how="left").fill_null(0).sort(day)
    return filled.select(
        pl.col(day).alias("day"),
        pl.col("total").rolling_sum(days, min_samples=1).alias("total"),
        pl.col("bad").rolling_sum(days, min_samples=1).alias("bad"),
    )
