"""Typed tables for orders: All Orders, seller-fulfilled shipments, FBA shipments."""

from __future__ import annotations

import polars as pl

from reinstate.analysis import parse_common as pc
from reinstate.analysis.reader import LINE, RawTable

ORDERS_SCHEMA = {
    "order_id": pl.String,
    "purchase_day": pl.Date,
    "order_status": pl.String,
    "cancelled": pl.Boolean,
    "fulfillment": pl.String,
    "sales_channel": pl.String,
    "sku": pl.String,
    "asin": pl.String,
    "title": pl.String,
    "quantity": pl.Int64,
}
SHIPMENTS_SCHEMA = {
    "order_id": pl.String,
    "purchase_day": pl.Date,
    "latest_ship": pl.Datetime("us", "UTC"),
    "latest_ship_day": pl.Date,
    "ship_time": pl.Datetime("us", "UTC"),
    "ship_day": pl.Date,
    "carrier": pl.String,
    "tracking_number": pl.String,
    "latest_delivery": pl.Datetime("us", "UTC"),
    "latest_delivery_day": pl.Date,
    "delivery_time": pl.Datetime("us", "UTC"),
    "sku": pl.String,
    "asin": pl.String,
    "quantity": pl.Int64,
    "cancelled": pl.Boolean,
    "buyer_cancel": pl.Boolean,
}
FBA_SHIPMENTS_SCHEMA = {
    "order_id": pl.String,
    "shipment_day": pl.Date,
    "sku": pl.String,
    "quantity": pl.Int64,
    "carrier": pl.String,
    "tracking_number": pl.String,
}


def _asin_checks(frame: pl.DataFrame) -> list[tuple[pl.Expr, str]]:
    if "asin" not in frame.columns:
        return []
    return [
        (
            pl.col("asin").is_not_null() & ~pc.asin(pl.col("asin")).str.contains(pc.ASIN_PATTERN),
            "the ASIN is not 10 letters and digits",
        )
    ]


def all_orders(table: RawTable) -> pl.DataFrame:
    """One row per order item: the order, its day, status, channel, SKU, ASIN and quantity."""
    frame = table.frame
    purchase_day, _ = pc.day_column(table, "purchase_date")
    status = pc.col_or_null(frame, "order_status")
    item_status = pc.col_or_null(frame, "item_status")
    typed = frame.lazy().with_columns(
        purchase_day.alias("purchase_day"),
        pc.integer(pc.col_or_null(frame, "quantity")).alias("_quantity"),
    )
    checks = [
        (pl.col("order_id").is_null(), "no order ID"),
        (pl.col("purchase_day").is_null(), "the purchase date is missing or not a date"),
        *(
            [(pc.unparsed("quantity", "_quantity"), "the quantity is not a number")]
            if "quantity" in frame.columns
            else []
        ),
        *_asin_checks(frame),
    ]
    good = pc.split_rejects(table, typed.collect(), checks)
    return good.select(
        pl.col("order_id"),
        pl.col("purchase_day"),
        status.alias("order_status"),
        (pc.is_cancelled(status) | pc.is_cancelled(item_status)).alias("cancelled"),
        pc.fulfillment(pc.col_or_null(frame, "fulfillment_channel")).alias("fulfillment"),
        pc.col_or_null(frame, "sales_channel").alias("sales_channel"),
        pc.col_or_null(frame, "sku").alias("sku"),
        pc.asin(pc.col_or_null(frame, "asin")).alias("asin"),
        pc.col_or_null(frame, "title").alias("title"),
        pl.col("_quantity").fill_null(1).alias("quantity"),
    )


def mfn_shipments(table: RawTable) -> pl.DataFrame:
    """Seller-fulfilled orders with ship-by deadline, ship confirmation, carrier and tracking."""
    frame = table.frame
    purchase_day, _ = pc.day_column(table, "purchase_date")
    latest_ship = pc.instant_column(table, "latest_ship_date", end_of_day=True)
    ship_time = pc.instant_column(table, "ship_date")
    latest_delivery = pc.instant_column(table, "latest_delivery_date", end_of_day=True)
    delivery = pc.instant_column(table, "delivery_date")
    # Days are the local calendar days as written (a UTC date would shift evening confirmations).
    latest_ship_day, _ = pc.day_column(table, "latest_ship_date")
    ship_day, _ = pc.day_column(table, "ship_date")
    latest_delivery_day, _ = pc.day_column(table, "latest_delivery_date")
    typed = frame.lazy().with_columns(
        latest_ship_day.alias("latest_ship_day"),
        ship_day.alias("ship_day"),
        latest_delivery_day.alias("latest_delivery_day"),
        purchase_day.alias("purchase_day"),
        latest_ship.alias("latest_ship"),
        ship_time.alias("ship_time"),
        latest_delivery.alias("latest_delivery"),
        delivery.alias("delivery_time"),
        pc.integer(pc.col_or_null(frame, "quantity")).alias("_quantity"),
    )
    checks: list[tuple[pl.Expr, str]] = [(pl.col("order_id").is_null(), "no order ID")]
    for raw, parsed, label in (
        ("latest_ship_date", "latest_ship", "the ship-by date"),
        ("ship_date", "ship_time", "the ship date"),
        ("latest_delivery_date", "latest_delivery", "the promised delivery date"),
        ("delivery_date", "delivery_time", "the delivery date"),
    ):
        if raw in frame.columns:
            checks.append((pc.unparsed(raw, parsed), f"{label} is not a date"))
    checks.extend(_asin_checks(frame))
    good = pc.split_rejects(table, typed.collect(), checks)
    status = pc.col_or_null(good, "order_status")
    return good.select(
        pl.col("order_id"),
        pl.col("purchase_day"),
        pl.col("latest_ship"),
        pl.col("latest_ship_day"),
        pl.col("ship_time"),
        pl.col("ship_day"),
        pc.col_or_null(good, "carrier").alias("carrier"),
        pc.col_or_null(good, "tracking_number").alias("tracking_number"),
        pl.col("latest_delivery"),
        pl.col("latest_delivery_day"),
        pl.col("delivery_time"),
        pc.col_or_null(good, "sku").alias("sku"),
        pc.asin(pc.col_or_null(good, "asin")).alias("asin"),
        pl.col("_quantity").fill_null(1).alias("quantity"),
        pc.is_cancelled(status).alias("cancelled"),
        pc.flag(pc.col_or_null(good, "buyer_cancel")).fill_null(False).alias("buyer_cancel"),
    )


def fba_shipments(table: RawTable) -> pl.DataFrame:
    frame = table.frame
    shipment_day, _ = pc.day_column(table, "shipment_date")
    typed = frame.with_columns(
        shipment_day.alias("shipment_day"),
        pc.integer(pc.col_or_null(frame, "quantity")).alias("_quantity"),
    )
    checks = [
        (pl.col("order_id").is_null(), "no order ID"),
        (pl.col("shipment_day").is_null(), "the shipment date is missing or not a date"),
    ]
    good = pc.split_rejects(table, typed, checks)
    return good.select(
        pl.col("order_id"),
        pl.col("shipment_day"),
        pc.col_or_null(good, "sku").alias("sku"),
        pl.col("_quantity").fill_null(1).alias("quantity"),
        pc.col_or_null(good, "carrier").alias("carrier"),
        pc.col_or_null(good, "tracking_number").alias("tracking_number"),
    )


def empty(schema: dict[str, pl.DataType | type[pl.DataType]]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


__all__ = ["LINE", "all_orders", "empty", "fba_shipments", "mfn_shipments"]
