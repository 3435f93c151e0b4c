"""Typed tables for orders: All Orders, seller-fulfilled shipments, FBA shipments."""

from __future__ import annotations

import polars as pl

from reinstate.analysis import parse_common as pc
from reinstate.analysis.reader import RawTable

UTC = pl.Datetime("us", "UTC")
# Columns of few distinct values over millions of rows are categorical: a number per row
# instead of a 16-byte string view (and the title's text); 0.4 GB less at 5M order rows.
FEW = pc.FEW
ORDERS_SCHEMA = {
    "order_id": pl.String,
    "order_key": pl.UInt64,
    "purchase_day": pl.Date,
    "order_status": FEW,
    "cancelled": pl.Boolean,
    "fulfillment": FEW,
    "sku": pl.String,
    "asin": pl.String,
    "title": FEW,
    "quantity": pl.Int64,
}
SHIPMENTS_SCHEMA = {
    "order_id": pl.String,
    "order_key": pl.UInt64,
    "purchase_day": pl.Date,
    "latest_ship": UTC,
    "latest_ship_day": pl.Date,
    "ship_time": UTC,
    "ship_day": pl.Date,
    "carrier": pl.String,
    "tracking_number": pl.String,
    "latest_delivery": UTC,
    "latest_delivery_day": pl.Date,
    "delivery_time": UTC,
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


def order_key(expr: pl.Expr) -> pl.Expr:
    """A 64-bit hash of the order ID: joins and groupings on it are far cheaper than on text.

    Two of a million order IDs share a hash with a probability near 3e-8.
    """
    return expr.hash(seed=7)


def asin_checks(table: RawTable) -> list[tuple[pl.Expr, str]]:
    if "asin" not in table.mapping:
        return []
    return [(pc.bad_asin(), "the ASIN is not 10 letters and digits")]


def quantity_checks(
    table: RawTable, name: str = "quantity", parsed: pl.Expr | None = None
) -> list[tuple[pl.Expr, str]]:
    """``parsed``: the quantity as ``finish`` typed it (``pc.typed``), when the output column
    is the bare ``pc.integer`` of the field (else the field is parsed again for the check)."""
    if name not in table.mapping:
        return []
    if parsed is None:
        parsed = pc.integer(pl.col(name))
    return [(pc.unparsed(name, parsed), "the quantity is not a number")]


def all_orders(table: RawTable) -> pl.DataFrame:
    """One row per order item: the order, its day, status, channel, SKU, ASIN and quantity."""
    purchase_day, _ = pc.day_column(table, "purchase_date")
    checks = [
        (pl.col("order_id").is_null(), "no order ID"),
        (pc.typed("purchase_day").is_null(), "the purchase date is missing or not a date"),
        *quantity_checks(table, parsed=pc.typed("quantity")),
        *asin_checks(table),
    ]
    # The statuses and the channel come out of the query as read, categoricals; each of their
    # few distinct values is classified afterwards, on the typed rows.
    output = {
        "order_id": pl.col("order_id"),
        "order_key": order_key(pl.col("order_id")),
        "purchase_day": purchase_day,
        "order_status": pc.few(table, "order_status"),
        "item_status": pc.few(table, "item_status"),
        "channel": pc.few(table, "fulfillment_channel"),
        "sku": pc.field(table, "sku"),
        "asin": pc.asin_column(table),
        "title": pc.few(table, "title"),
        # Filled with 1 after the checks, which read it as parsed (parsing every row once).
        "quantity": pc.integer(pc.field(table, "quantity")),
    }
    rows = pc.finish(table, output, checks)
    cancelled = pc.cancelled_among(rows, "order_status") | pc.cancelled_among(rows, "item_status")
    fulfillment = pc.fulfillment_among(rows, "channel")
    return rows.select(
        *("order_id", "order_key", "purchase_day", "order_status"),
        cancelled.alias("cancelled"),
        fulfillment.alias("fulfillment"),
        *("sku", "asin", "title"),
        pl.col("quantity").fill_null(1),
    )


def mfn_shipments(table: RawTable) -> pl.DataFrame:
    """Seller-fulfilled orders with ship-by deadline, ship confirmation, carrier and tracking."""
    purchase_day, _ = pc.day_column(table, "purchase_date")
    latest_ship = pc.instant_column(table, "latest_ship_date", end_of_day=True)
    ship_time = pc.instant_column(table, "ship_date")
    latest_delivery = pc.instant_column(table, "latest_delivery_date", end_of_day=True)
    delivery = pc.instant_column(table, "delivery_date")
    # Days are the local calendar days as written (a UTC date would shift evening confirmations).
    latest_ship_day = pc.day_of_instant(table, "latest_ship_date")
    ship_day = pc.day_of_instant(table, "ship_date")
    latest_delivery_day = pc.day_of_instant(table, "latest_delivery_date")
    checks: list[tuple[pl.Expr, str]] = [(pl.col("order_id").is_null(), "no order ID")]
    for raw, parsed, label in (
        ("latest_ship_date", "latest_ship", "the ship-by date"),
        ("ship_date", "ship_time", "the ship date"),
        ("latest_delivery_date", "latest_delivery", "the promised delivery date"),
        ("delivery_date", "delivery_time", "the delivery date"),
    ):
        if raw in table.mapping:
            checks.append((pc.unparsed(raw, pc.typed(parsed)), f"{label} is not a date"))
    checks.extend(asin_checks(table))
    # One query from the file (no categoricals to classify first): the shipments stream through
    # the typing instead of being held as strings beside their typed columns.
    status = pc.field(table, "order_status")
    output = {
        "order_id": pl.col("order_id"),
        "order_key": order_key(pl.col("order_id")),
        "purchase_day": purchase_day,
        "latest_ship": latest_ship,
        "latest_ship_day": latest_ship_day,
        "ship_time": ship_time,
        "ship_day": ship_day,
        "carrier": pc.field(table, "carrier"),
        "tracking_number": pc.field(table, "tracking_number"),
        "latest_delivery": latest_delivery,
        "latest_delivery_day": latest_delivery_day,
        "delivery_time": delivery,
        "sku": pc.field(table, "sku"),
        "asin": pc.asin_column(table),
        "quantity": pc.integer(pc.field(table, "quantity")).fill_null(1),
        "cancelled": pc.is_cancelled(status),
        "buyer_cancel": pc.flag(pc.field(table, "buyer_cancel")).fill_null(False),
    }
    return pc.finish(table, output, checks)


def fba_shipments(table: RawTable) -> pl.DataFrame:
    shipment_day, _ = pc.day_column(table, "shipment_date")
    checks = [
        (pl.col("order_id").is_null(), "no order ID"),
        (shipment_day.is_null(), "the shipment date is missing or not a date"),
    ]
    output = {
        "order_id": pl.col("order_id"),
        "shipment_day": shipment_day,
        "sku": pc.field(table, "sku"),
        "quantity": pc.integer(pc.field(table, "quantity")).fill_null(1),
        "carrier": pc.field(table, "carrier"),
        "tracking_number": pc.field(table, "tracking_number"),
    }
    return pc.finish(table, output, checks)
