"""Writers of the demo exports, each in the shape and encoding of the real file."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from reinstate.demo import catalog as cat

MARKETPLACE = "ATVPDKIKX0DER"


def later(
    rng: np.random.Generator, frame: pl.DataFrame, today: date, low: int, high: int
) -> pl.Expr:
    offsets = pl.Series(rng.integers(low, high, frame.height))
    return pl.min_horizontal(pl.col("day") + pl.duration(days=pl.lit(offsets)), pl.lit(today))


def write_feedback(frame: pl.DataFrame, path: Path) -> None:
    """Feedback Manager download: US short dates (M/D/YY, no zero padding)."""
    out = frame.sort("feedback_day", "order_id", descending=[True, False]).select(
        pl.col("feedback_day").dt.strftime("%-m/%-d/%y").alias("Date"),
        pl.col("rating").cast(pl.String).alias("Rating"),
        pl.col("comment").alias("Comments"),
        pl.lit("").alias("Your Response"),
        pl.col("order_id").alias("Order ID"),
        pl.concat_str(
            [pl.col("order_id").str.slice(4, 7), pl.lit("@marketplace.amazon.com")]
        ).alias("Rater Email"),
    )
    out.write_csv(path, separator="\t", quote_style="never")


def write_fba_returns(frame: pl.DataFrame, path: Path) -> None:
    n = frame.height
    centres = pl.Series([("PHX7", "LEX1", "ONT8")[i % 3] for i in range(n)])
    out = (
        frame.sort("return_day", "order_id")
        .with_row_index("i")
        .select(
            (pl.col("return_day").cast(pl.Datetime("us")) + pl.duration(hours=pl.col("i") % 24 + 0))
            .dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")
            .alias("return-date"),
            pl.col("order_id").alias("order-id"),
            pl.col("sku"),
            pl.col("asin"),
            pl.concat_str([pl.lit("X00"), pl.col("asin").str.slice(3)]).alias("fnsku"),
            pl.col("title").alias("product-name"),
            pl.lit("1").alias("quantity"),
            centres.alias("fulfillment-center-id"),
            pl.col("disposition").alias("detailed-disposition"),
            pl.col("reason"),
            pl.lit("Unit returned to inventory").alias("status"),
            pl.concat_str([pl.lit("LPNRR"), (pl.col("i") + 4_000_000).cast(pl.String)]).alias(
                "license-plate-number"
            ),
            pl.col("comment").fill_null("").alias("customer-comments"),
        )
    )
    out.write_csv(path, separator="\t", quote_style="never")


def write_mfn_returns(frame: pl.DataFrame, path: Path) -> None:
    """Manage Returns report: title-case headers, DD-Mon-YYYY dates, single-space blank cells."""
    blank = pl.lit(" ")
    out = (
        frame.sort("return_day", "order_id")
        .with_row_index("i")
        .select(
            pl.col("order_id").alias("Order ID"),
            pl.col("day").dt.strftime("%d-%b-%Y").alias("Order date"),
            pl.col("return_day").dt.strftime("%d-%b-%Y").alias("Return request date"),
            pl.lit("Approved").alias("Return request status"),
            pl.concat_str(
                [pl.lit("D"), (pl.col("i") * 7 + 1_000_000).cast(pl.String), pl.lit("RMA")]
            ).alias("Amazon RMA ID"),
            blank.alias("Merchant RMA ID"),
            pl.lit("AmazonPrePaidLabel").alias("Label type"),
            pl.lit("4.14").alias("Label cost"),
            pl.lit("USD").alias("Currency code"),
            pl.lit("USPS").alias("Return carrier"),
            pl.concat_str([pl.lit("9202090"), (pl.col("i") + 10**14).cast(pl.String)]).alias(
                "Tracking ID"
            ),
            pl.lit("Seller").alias("Label to be paid by"),
            pl.when(pl.col("a_to_z"))
            .then(pl.lit("Y"))
            .otherwise(pl.lit("N"))
            .alias("A-to-Z Claim"),
            pl.lit("N").alias("Is prime"),
            pl.col("asin").alias("ASIN"),
            pl.col("sku").alias("Merchant SKU"),
            pl.col("title").alias("Item Name"),
            pl.lit("1").alias("Return quantity"),
            pl.col("reason").alias("Return Reason"),
            pl.lit("Y").alias("In policy"),
            pl.lit("C-Returns").alias("Return type"),
            pl.lit("StandardRefund").alias("Resolution"),
            blank.alias("Invoice number"),
            blank.alias("Return delivery date"),
            pl.col("price").cast(pl.String).alias("Order Amount"),
            pl.col("quantity").cast(pl.String).alias("Order quantity"),
            *[
                pl.lit("").alias(c)
                for c in (
                    "SafeT Action reason",
                    "SafeT claim id",
                    "SafeT claim state",
                    "SafeT claim creation time",
                    "SafeT claim reimbursement amount",
                )
            ],
            pl.col("price").cast(pl.String).alias("Refunded Amount"),
        )
    )
    out.write_csv(path, separator="\t", quote_style="never")


def claims_table(
    rng: np.random.Generator,
    today: date,
    a_to_z: pl.DataFrame,
    denied: pl.DataFrame,
    chargebacks: pl.DataFrame,
    old: pl.DataFrame,
) -> pl.DataFrame:
    """No official export exists: the plain table a seller keeps from the claims pages."""
    parts = []
    for frame, kind, reasons, statuses in (
        (
            a_to_z,
            "A-to-z Guarantee claim",
            ("Item not received", "Item not as expected"),
            ("Granted", "Under review"),
        ),
        (denied, "A-to-z Guarantee claim", ("Item not received",), ("Denied",)),
        (
            chargebacks,
            "Chargeback",
            ("Unauthorized transaction", "Merchandise not received"),
            ("Refunded to buyer",),
        ),
        (old, "A-to-z Guarantee claim", ("Item not received",), ("Granted",)),
    ):
        n = frame.height
        parts.append(
            frame.select(
                pl.col("order_id").alias("order-id"),
                pl.lit(kind).alias("claim-type"),
                later(rng, frame, today, 5, 26).dt.strftime("%Y-%m-%d").alias("claim-date"),
                pl.Series(
                    "claim-reason", [reasons[i % len(reasons)] for i in range(n)], dtype=pl.String
                ),
                pl.format("${}", (pl.col("price") * pl.col("quantity")).round(2)).alias(
                    "claim-amount"
                ),
                pl.Series(
                    "claim-status", [statuses[i % len(statuses)] for i in range(n)], dtype=pl.String
                ),
            )
        )
    return pl.concat(parts).sort("claim-date", "order-id")


def voc_table(
    rng: np.random.Generator, products: list[cat.Product], rows: pl.DataFrame, today: date
) -> tuple[pl.DataFrame, list[dict[str, Any]]]:
    recent = (
        rows.filter(
            (pl.col("status") != "Cancelled") & (pl.col("day") >= today - timedelta(days=59))
        )
        .group_by("asin")
        .agg(pl.col("order_id").n_unique().alias("orders"))
    )
    totals = dict(recent.iter_rows())
    planted = {"used": (0.11, "Poor"), "damaged": (0.07, "Fair")}
    records, signals = [], []
    for product in products:
        total = int(totals.get(product.asin, 0))
        if total == 0:
            continue
        rate, health = planted.get(product.role or "", (float(rng.uniform(0.002, 0.012)), "Good"))
        # A planted ASIN keeps at least three NCX orders, so it stands out at any size.
        ncx = max(3, round(total * rate)) if product.role in planted else round(total * rate)
        reason = cat.VOC_REASONS.get(product.role or "")
        if reason:
            signals.append(
                {
                    "family": product.role,
                    "asin": product.asin,
                    "order_id": None,
                    "source": "voc",
                    "language": "en",
                    "text": reason,
                    "code": None,
                }
            )
            top = f"{reason}\n{int(rng.integers(45, 70))}%"
        else:
            top = cat.VOC_NEUTRAL_REASONS[int(rng.integers(0, len(cat.VOC_NEUTRAL_REASONS)))]
            top = top if top == "--" else f"{top}\n{int(rng.integers(30, 60))}%"
        records.append(
            {
                "Product name": product.title,
                "ASIN": product.asin,
                "SKU": product.sku,
                "Condition": "New",
                "Fulfilled by": "Amazon" if product.channel == "afn" else "Seller",
                "NCX rate": f"{100 * ncx / total:.1f}%",
                "NCX orders": str(ncx),
                "Total orders": str(total),
                "Star rating": f"{rng.uniform(3.4, 4.8):.1f}",
                "Return rate": f"{rng.uniform(1, 6):.1f}%",
                "Top NCX reason": top,
                "Last updated": today.strftime("%m/%d/%Y"),
                "CX Health": health,
                "Return Badge Displayed": "--",
            }
        )
    return pl.DataFrame(records), signals


_LISTING_HEADER = (
    "item-name",
    "item-description",
    "listing-id",
    "seller-sku",
    "price",
    "quantity",
    "open-date",
    "image-url",
    "item-is-marketplace",
    "product-id-type",
    "zshop-shipping-fee",
    "item-note",
    "item-condition",
    "zshop-category1",
    "zshop-browse-path",
    "zshop-storefront-feature",
    "asin1",
    "asin2",
    "asin3",
    "will-ship-internationally",
    "expedited-shipping",
    "zshop-boldface",
    "product-id",
    "bid-for-featured-placement",
    "add-delete",
    "pending-quantity",
    "fulfillment-channel",
    "merchant-shipping-group",
    "status",
)


def write_listings(products: list[cat.Product], path: Path) -> dict[str, Any]:
    """All-listings report in Cp1252 (as Amazon sends it in Europe); one used listing planted."""
    lines = ["\t".join(_LISTING_HEADER)]
    entries = [(p, p.sku, 11, "") for p in products]
    target = next(p for p in products if p.role == "listing_used")
    used = (target, f"{target.sku}-LN", 1, "Opened box, never used")
    entries.append(used)
    for number, (product, sku, condition, note) in enumerate(entries):
        cells = dict.fromkeys(_LISTING_HEADER, "")
        cells.update(
            {
                "item-name": product.title,
                "listing-id": f"0{number + 1001:04d}ABCDE",
                "seller-sku": sku,
                "price": f"{product.price:.2f}",
                "quantity": "25",
                "open-date": f"2024-{(number % 12) + 1:02d}-15 10:22:13 PST",
                "item-is-marketplace": "y",
                "product-id-type": "1",
                "item-note": note,
                "item-condition": str(condition),
                "asin1": product.asin,
                "product-id": product.asin,
                "fulfillment-channel": "AMAZON_NA" if product.channel == "afn" else "DEFAULT",
                "merchant-shipping-group": "Migrated Template",
                "status": "Active",
            }
        )
        lines.append("\t".join(cells[h] for h in _LISTING_HEADER))
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    return {"asin": target.asin, "sku": used[1], "condition_code": 1, "new_sku": target.sku}


def _block(
    count: int,
    total: int,
    target: float,
    condition: str,
    start: date,
    end: date,
    names: tuple[str, str],
    good_when_low: bool = True,
) -> dict[str, Any]:
    rate = count / total if total else 0.0
    bad = rate >= target if good_when_low else rate < target
    return {
        "reportingDateRange": {
            "reportingDateFrom": f"{start.isoformat()}T00:00:00Z",
            "reportingDateTo": f"{end.isoformat()}T23:59:59Z",
        },
        names[0]: count,
        names[1]: total,
        "rate": round(rate, 4),
        "targetValue": target,
        "targetCondition": condition,
        "status": "BAD" if bad else "GOOD",
    }


def write_performance(
    path: Path,
    rows: pl.DataFrame,
    shipments: pl.DataFrame,
    feedback: pl.DataFrame,
    claims: pl.DataFrame,
    mfn_returns: pl.DataFrame,
    today: date,
    counters: dict[str, int],
) -> None:
    """Amazon's snapshot, written with the published example's field names (not the schema's)."""
    start = today - timedelta(days=59)
    orders = rows.unique("order_id").filter(pl.col("day") >= start)
    counted = claims.filter(pl.col("claim-status") != "Denied")
    defects = set(feedback.filter(pl.col("rating") <= 2).get_column("order_id").to_list())
    defects |= set(counted.get_column("order-id").to_list())
    defects |= set(mfn_returns.filter(pl.col("a_to_z")).get_column("order_id").to_list())
    odr = {}
    for channel, is_mfn in (("mfn", True), ("afn", False)):
        own = orders.filter(pl.col("mfn") == is_mfn)
        bad = own.filter(pl.col("order_id").is_in(list(defects)))
        block = _block(
            bad.height,
            own.height,
            0.01,
            "LESS_THAN",
            start,
            today,
            ("orderWithDefects", "orderCount"),
        )
        block["orderWithDefects"] = {"count": bad.height, "status": block["status"]}
        for key, frame in (("negativeFeedback", feedback.filter(pl.col("rating") <= 2)),):
            block[key] = {
                "count": bad.filter(
                    pl.col("order_id").is_in(frame.get_column("order_id").to_list())
                ).height
            }
        block["fulfillmentType"] = channel.upper()
        odr[channel] = block
    late_start = today - timedelta(days=29)
    ship = shipments.filter(
        (pl.col("status") == "Shipped")
        & pl.col("latest_ship").dt.date().is_between(late_start, today)
    )
    metrics = {
        "marketplaceId": MARKETPLACE,
        "accountHealthRating": {
            "ahrStatus": "WARNED",
            "ahrScore": 180,
            "reportingDateRange": {
                "reportingDateFrom": f"{start}T00:00:00Z",
                "reportingDateTo": f"{today}T23:59:59Z",
            },
        },
        "orderDefectRate": odr,
        "lateShipmentRate": _block(
            ship.filter(pl.col("late")).height,
            ship.height,
            0.04,
            "LESS_THAN",
            late_start,
            today,
            ("lateShipmentCount", "orderCount"),
        ),
        "validTrackingRate": _block(
            ship.filter(~pl.col("untracked")).height,
            ship.height,
            0.95,
            "GREATER_THAN",
            late_start,
            today,
            ("validTrackingCount", "shipmentCount"),
            good_when_low=False,
        ),
        "warningState": [{"warningType": "ORDER_DEFECT_RATE", "status": "AT_RISK"}],
        "documentRequest": {"defectsCount": 0, "status": "GOOD"},
        "productAuthenticityCustomerComplaints": {
            "defectsCount": counters["product_authenticity_customer_complaints"],
            "status": "BAD",
        },
        "productConditionCustomerComplaints": {
            "defectsCount": counters["product_condition_customer_complaints"],
            "status": "BAD",
        },
        "productSafetyCustomerComplaints": {
            "defectsCount": counters["product_safety_customer_complaints"],
            "status": "BAD",
        },
        "receivedIntellectualPropertyComplaints": {
            "defectsCount": counters["received_ip_complaints"],
            "status": "GOOD",
        },
    }
    document = {
        "accountStatuses": [{"marketplaceId": MARKETPLACE, "status": "AT_RISK"}],
        "performanceMetrics": [metrics],
    }
    path.write_text(json.dumps(document, indent=2), "utf-8")
