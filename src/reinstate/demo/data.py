"""``write_demo_data``: realistic Seller Central exports with planted problems of every kind.

The demo seller sells forty products on amazon.com, part seller-fulfilled, part FBA, over the
120 days before ``today``. Planted: a high seller-fulfilled ODR driven by two ASINs, late
shipments with one carrier, seller cancellations of one out-of-stock SKU, missing tracking on
one cheap item sent as a letter, "used" / "fake" / "damaged" / "expired" / safety complaints on
specific ASINs in seven languages, a VoC download with a poor CX Health ASIN, a used condition
code on a new-only ASIN, an unknown return reason code, and a performance report JSON written
with the example's field names. ``_manifest.json`` lists all of it (manifest.py).

Everything is generated column-wise (numpy + polars), so a million orders take seconds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from reinstate.demo import catalog as cat
from reinstate.demo.customers import write_customer_files
from reinstate.demo.manifest import DemoManifest, PlantedProblem

SPAN_DAYS = 120
OFFSET = "-07:00"  # amazon.com files carry the Pacific offset
ISO = "%Y-%m-%dT%H:%M:%S" + OFFSET


@dataclass(slots=True)
class Orders:
    """Row-level (order item) and order-level columns shared by the writers."""

    rows: pl.DataFrame
    orders: pl.DataFrame
    shipments: pl.DataFrame


def write_demo_data(
    out_dir: Path,
    *,
    seed: int = 7,
    orders: int = 5000,
    today: date | None = None,
    returns: int | None = None,
    feedback: int | None = None,
) -> DemoManifest:
    """Write the demo exports into ``out_dir`` and return (and save) the manifest.

    ``orders`` counts order items (All Orders rows); ``returns`` and ``feedback`` the background
    rows of those reports (default 5% and 3% of ``orders``), planted rows come on top.

    >>> manifest = write_demo_data(Path("demo"), orders=5000, today=date(2026, 5, 2))
    >>> manifest.problem("order_defects").asins
    ('B0...', 'B0...')
    """
    today = today or date.today()
    out_dir.mkdir(parents=True, exist_ok=True)
    products = cat.catalogue(random.Random(seed))
    rng = np.random.default_rng(seed)
    data = _orders(rng, products, orders, today)
    files = {
        "all_orders": "All Orders Report.txt",
        "mfn_shipments": "Seller Fulfilled Shipments.txt",
    }
    _write_all_orders(data, out_dir / files["all_orders"])
    _write_shipments(data, out_dir / files["mfn_shipments"])
    problems = list(_order_problems(data, products))
    extra_files, extra_problems = write_customer_files(
        out_dir,
        rng,
        products,
        data.rows,
        data.orders,
        data.shipments,
        today,
        scale=max(1, orders // 5000),
        returns=returns if returns is not None else orders // 20,
        feedback=feedback if feedback is not None else orders * 3 // 100,
    )
    files.update(extra_files)
    problems.extend(extra_problems)
    manifest = DemoManifest(
        out_dir=out_dir,
        seed=seed,
        orders=orders,
        today=today,
        files=files,
        asins={p.role: p.asin for p in products if p.role},
        skus={p.role: p.sku for p in products if p.role},
        problems=tuple(problems),
    )
    manifest.write()
    return manifest


def _pick(
    rng: np.random.Generator, products: list[cat.Product], channel: str, n: int
) -> np.ndarray:
    index = np.array([i for i, p in enumerate(products) if p.channel == channel])
    weights = np.array([products[i].weight for i in index])
    return rng.choice(index, size=n, p=weights / weights.sum())


def _orders(rng: np.random.Generator, products: list[cat.Product], n: int, today: date) -> Orders:
    new = rng.random(n) >= 0.07
    new[0] = True
    order_no = np.cumsum(new) - 1
    count = int(order_no[-1]) + 1
    end = datetime.combine(today + timedelta(days=1), time())
    seconds = rng.integers(60, SPAN_DAYS * 86400, count)
    placed = (np.datetime64(end, "s") - seconds.astype("timedelta64[s]")).astype("datetime64[us]")
    mfn = rng.random(count) < 0.55
    mfn_pick = _pick(rng, products, "mfn", n)
    afn_pick = _pick(rng, products, "afn", n)
    product = np.where(mfn[order_no], mfn_pick, afn_pick)
    quantity = rng.choice([1, 2, 3], size=n, p=[0.88, 0.09, 0.03])
    catalogue = pl.DataFrame(
        {
            "product": list(range(len(products))),
            "asin": [p.asin for p in products],
            "sku": [p.sku for p in products],
            "title": [p.title for p in products],
            "price": [p.price for p in products],
            "role": [p.role for p in products],
        },
        schema_overrides={"product": pl.Int64},
    )
    prefix = 111 + order_no % 4
    middle = rng.integers(0, 10_000_000, count)
    last = (np.arange(count, dtype=np.int64) * 7919 + 1_234_567) % 10_000_000
    order_frame = (
        pl.DataFrame(
            {
                "order_no": np.arange(count),
                "placed": placed,
                "mfn": mfn,
                "prefix": prefix[new],
                "middle": middle,
                "last": last,
            }
        )
        .with_columns(
            pl.concat_str(
                [
                    pl.col("prefix").cast(pl.String),
                    pl.col("middle").cast(pl.String).str.zfill(7),
                    pl.col("last").cast(pl.String).str.zfill(7),
                ],
                separator="-",
            ).alias("order_id"),
            pl.col("placed").dt.date().alias("day"),
        )
        .drop("prefix", "middle", "last")
    )
    rows = (
        pl.DataFrame({"order_no": order_no, "product": product, "quantity": quantity})
        .with_row_index("row")
        .join(catalogue, on="product", how="left")
        .join(order_frame, on="order_no", how="left")
    )
    first_role = rows.filter(pl.col("row").is_in(np.flatnonzero(new))).select("order_no", "role")
    order_frame = order_frame.join(first_role, on="order_no", how="left")
    order_frame = _statuses(rng, order_frame, today, end)
    rows = rows.join(order_frame.select("order_no", "status", "buyer_cancel"), on="order_no")
    shipments = _shipments(rng, order_frame.filter(pl.col("mfn")), today, end)
    return Orders(rows=rows, orders=order_frame, shipments=shipments)


def _statuses(
    rng: np.random.Generator, orders: pl.DataFrame, today: date, end: datetime
) -> pl.DataFrame:
    count = orders.height
    draw = pl.Series(rng.random(count))
    recent = pl.col("placed") > pl.lit(end - timedelta(hours=20))
    week = pl.col("day") >= pl.lit(today - timedelta(days=6))
    planted_cancel = (pl.col("role") == "cancel") & week & (draw < 0.35) & ~recent
    seller_cancel = (pl.col("mfn") & (draw > 0.996)) | planted_cancel
    buyer_cancel = (draw > 0.35) & (draw < 0.353) & ~recent
    return orders.with_columns(
        pl.when(seller_cancel | buyer_cancel)
        .then(pl.lit("Cancelled"))
        .when(recent & pl.col("mfn"))
        .then(pl.lit("Pending"))
        .otherwise(pl.lit("Shipped"))
        .alias("status"),
        (buyer_cancel & ~seller_cancel).alias("buyer_cancel"),
    )


def _shipments(
    rng: np.random.Generator, mfn: pl.DataFrame, today: date, end: datetime
) -> pl.DataFrame:
    """Ship-by deadline, confirmation, carrier, tracking and delivery of seller-fulfilled orders."""
    n = mfn.height
    carrier = rng.choice(cat.CARRIERS, size=n, p=cat.CARRIER_WEIGHTS)
    late_draw, track_draw = rng.random(n), rng.random(n)
    # A confirmation never lies after the end of ``today`` (orders of the last 20 hours wait).
    until = (
        mfn.select((pl.lit(end) - pl.col("placed")).dt.total_seconds() / 3600)
        .to_series()
        .to_numpy()
    )
    early_hours = 1 + rng.random(n) * np.clip(np.minimum(40.0, until - 0.5) - 1, 0, None)
    late_hours = rng.uniform(1, 60, n)
    transit = np.where(carrier == cat.LATE_CARRIER, rng.uniform(2, 8, n), rng.uniform(1, 4, n))
    tracking_digits = rng.integers(10**11, 10**12 - 1, n)
    frame = mfn.with_columns(
        pl.Series("carrier", carrier),
        (
            pl.col("day").cast(pl.Datetime("us"))
            + pl.duration(days=2, hours=23, minutes=59, seconds=59)
        ).alias("latest_ship"),
    ).with_columns(
        (pl.col("latest_ship").dt.date() <= pl.lit(today - timedelta(days=3))).alias("can_be_late")
    )
    late = pl.col("can_be_late") & pl.when(pl.col("carrier") == cat.LATE_CARRIER).then(
        pl.Series(late_draw) < 0.45
    ).otherwise(pl.Series(late_draw) < 0.01)
    untracked = (
        pl.when(pl.col("role") == "tracking")
        .then(pl.Series(track_draw) < 0.6)
        .otherwise(pl.Series(track_draw) < 0.005)
    )
    shipped = pl.col("status") == "Shipped"
    frame = frame.with_columns(
        (shipped & late).alias("late"),
        (shipped & untracked).alias("untracked"),
        pl.when(~shipped)
        .then(None)
        .when(late)
        .then(
            pl.col("latest_ship")
            + pl.duration(minutes=pl.lit(pl.Series(late_hours * 60).cast(pl.Int64)))
        )
        .otherwise(
            pl.col("placed")
            + pl.duration(minutes=pl.lit(pl.Series(early_hours * 60).cast(pl.Int64)))
        )
        .alias("ship_time"),
        (pl.col("latest_ship") + pl.duration(days=5)).alias("latest_delivery"),
    )
    frame = frame.with_columns(
        pl.when(pl.col("ship_time").is_not_null() & ~pl.col("untracked"))
        .then(
            _tracking_number(pl.col("carrier"), pl.lit(pl.Series(tracking_digits).cast(pl.String)))
        )
        .otherwise(None)
        .alias("tracking"),
        pl.when(pl.col("untracked"))
        .then(pl.lit("USPS"))
        .otherwise(pl.col("carrier"))
        .alias("carrier"),
        pl.when(pl.col("ship_time").is_not_null() & ~pl.col("untracked"))
        .then(
            pl.col("ship_time") + pl.duration(hours=pl.lit(pl.Series(transit * 24).cast(pl.Int64)))
        )
        .otherwise(None)
        .alias("delivered"),
    )
    return frame.with_columns(
        pl.when(pl.col("delivered") <= pl.lit(end)).then(pl.col("delivered")).otherwise(None)
    ).with_columns(
        (pl.col("delivered") > pl.col("latest_delivery")).fill_null(False).alias("late_delivery")
    )


def _tracking_number(carrier: pl.Expr, digits: pl.Expr) -> pl.Expr:
    return (
        pl.when(carrier == "USPS")
        .then(pl.concat_str([pl.lit("9400111"), digits, pl.lit("0042")]))
        .when(carrier == "UPS")
        .then(pl.concat_str([pl.lit("1Z9A4E03"), digits.str.slice(0, 10)]))
        .when(carrier == "OnTrac")
        .then(pl.concat_str([pl.lit("C"), digits, pl.lit("77")]))
        .otherwise(digits)
    )


def _fmt(expr: pl.Expr) -> pl.Expr:
    return expr.dt.strftime(ISO).fill_null("")


def _write_all_orders(data: Orders, path: Path) -> None:
    rows = data.rows.with_columns(
        (pl.col("row") * 104729 + 10**13).cast(pl.String).alias("order_item_id"),
        pl.when(pl.col("status") == "Cancelled")
        .then(None)
        .otherwise((pl.col("price") * pl.col("quantity")).round(2))
        .alias("amount"),
    )
    item_status = (
        pl.when(pl.col("status") == "Pending").then(pl.lit("Unshipped")).otherwise(pl.col("status"))
    )
    frame = rows.sort("placed", "row").select(
        pl.col("order_id").alias("amazon-order-id"),
        pl.lit("").alias("merchant-order-id"),
        _fmt(pl.col("placed")).alias("purchase-date"),
        _fmt(pl.col("placed") + pl.duration(hours=30)).alias("last-updated-date"),
        pl.col("status").alias("order-status"),
        pl.col("order_item_id").alias("order-item-id"),
        pl.when(pl.col("mfn"))
        .then(pl.lit("Merchant"))
        .otherwise(pl.lit("Amazon"))
        .alias("fulfillment-channel"),
        pl.lit("Amazon.com").alias("sales-channel"),
        pl.lit("").alias("order-channel"),
        pl.lit("Standard").alias("ship-service-level"),
        pl.col("title").alias("product-name"),
        pl.col("sku"),
        pl.col("asin"),
        item_status.alias("item-status"),
        pl.col("quantity").cast(pl.String),
        pl.lit("USD").alias("currency"),
        pl.col("amount").cast(pl.String).fill_null("").alias("item-price"),
        *[
            pl.lit("").alias(c)
            for c in (
                "item-tax",
                "shipping-price",
                "shipping-tax",
                "gift-wrap-price",
                "gift-wrap-tax",
                "item-promotion-discount",
                "ship-promotion-discount",
            )
        ],
        pl.lit("Springfield").alias("ship-city"),
        pl.lit("IL").alias("ship-state"),
        pl.lit("62701").alias("ship-postal-code"),
        pl.lit("US").alias("ship-country"),
        pl.lit("").alias("promotion-ids"),
        pl.lit("").alias("cpf"),
        pl.lit("false").alias("is-business-order"),
        pl.lit("").alias("purchase-order-number"),
        pl.lit("").alias("price-designation"),
        pl.lit("false").alias("signature-confirmation-recommended"),
    )
    frame.write_csv(path, separator="\t", quote_style="never")


def _write_shipments(data: Orders, path: Path) -> None:
    items = data.rows.filter(pl.col("mfn")).join(
        data.shipments.select(
            "order_no",
            "latest_ship",
            "latest_delivery",
            "ship_time",
            "carrier",
            "tracking",
            "delivered",
        ),
        on="order_no",
    )
    frame = items.sort("placed", "row").select(
        pl.col("order_id").alias("order-id"),
        (pl.col("row") * 104729 + 10**13).cast(pl.String).alias("order-item-id"),
        _fmt(pl.col("placed")).alias("purchase-date"),
        _fmt(pl.col("latest_ship")).alias("latest-ship-date"),
        _fmt(pl.col("latest_delivery")).alias("latest-delivery-date"),
        pl.col("sku"),
        pl.col("title").alias("product-name"),
        pl.col("quantity").cast(pl.String).alias("quantity-purchased"),
        pl.when(pl.col("tracking").is_null() & pl.col("ship_time").is_not_null())
        .then(pl.lit("First-Class Letter"))
        .otherwise(pl.lit("Standard"))
        .alias("ship-service-level"),
        pl.col("status").alias("order-status"),
        pl.col("buyer_cancel")
        .cast(pl.String)
        .str.to_lowercase()
        .alias("is-buyer-requested-cancellation"),
        _fmt(pl.col("ship_time")).alias("ship-date"),
        pl.when(pl.col("ship_time").is_null())
        .then(pl.lit(""))
        .otherwise(pl.col("carrier"))
        .alias("carrier-name"),
        pl.col("tracking").fill_null("").alias("tracking-number"),
        _fmt(pl.col("delivered")).alias("delivery-date"),
    )
    frame.write_csv(path, separator="\t", quote_style="never")


def _order_problems(data: Orders, products: list[cat.Product]) -> list[PlantedProblem]:
    role = {p.role: p.asin for p in products if p.role}
    ship = data.shipments
    orders = data.orders.filter(pl.col("mfn"))
    return [
        PlantedProblem(
            "late_shipments",
            "performance_late_shipment",
            orders=_ids(ship.filter(pl.col("late"))),
            facts={"carrier": cat.LATE_CARRIER, "window_days": [10, 30]},
        ),
        PlantedProblem(
            "seller_cancellations",
            "performance_cancellation",
            asins=(role["cancel"],),
            orders=_ids(orders.filter((pl.col("status") == "Cancelled") & ~pl.col("buyer_cancel"))),
            facts={
                "window_days": 7,
                "buyer_cancelled_orders": list(_ids(orders.filter(pl.col("buyer_cancel")))),
            },
        ),
        PlantedProblem(
            "missing_tracking",
            "performance_tracking",
            asins=(role["tracking"],),
            orders=_ids(ship.filter(pl.col("untracked"))),
            facts={"window_days": 30},
        ),
        PlantedProblem(
            "late_deliveries",
            "performance_other",
            orders=_ids(ship.filter(pl.col("late_delivery"))),
            facts={"window_days": 14},
        ),
    ]


def _ids(frame: pl.DataFrame) -> tuple[str, ...]:
    return tuple(sorted(frame.get_column("order_id").to_list()))
