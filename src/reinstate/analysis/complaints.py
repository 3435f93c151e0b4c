"""Customer complaint signals per ASIN: condition, authenticity, safety, listing accuracy.

A *signal* is one return, one feedback entry (1-3 stars) or one VoC row that points to a
complaint family: by its return reason code, by the warehouse's disposition, or by words of the
family in the customer's comment (complaints.yaml, seven languages). A row counts at most once
per family. :mod:`.complaint_findings` turns the signals into one finding per family.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from reinstate.analysis.dataset import Dataset
from reinstate.analysis.knowledge import complaints
from reinstate.analysis.metric_tools import ENGINE, KEY
from reinstate.analysis.order_counts import first_rows
from reinstate.analysis.parse_orders import order_key

SIGNAL_SCHEMA = {
    "family": pl.String,
    "source": pl.String,
    "via": pl.String,
    "asin": pl.String,
    "sku": pl.String,
    "title": pl.String,
    "order_id": pl.String,
    "day": pl.Date,
    "text": pl.String,
    "reason": pl.String,
    "text_hit": pl.Boolean,
}
# A family's frames when it has no ranked ASIN or no row found by its words (their columns
# are read only when they have rows).


def _lookups(
    data: Dataset, wanted: pl.Series, *, by_sku_needed: bool
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """order key -> (asin, sku, title) and sku -> asin, from orders, shipments and listings.

    Only the ``wanted`` orders are looked up (those of the returns and feedback that point to
    a complaint family); the SKU map only when ``by_sku_needed`` (a return without an ASIN).
    Both are collected here, once.
    """
    named = pl.col("asin").is_not_null() | pl.col("sku").is_not_null()
    # The first order row of each order that names its product; the shipment rows only for
    # the orders the order rows do not name (none, when All Orders covers the returns).
    found = first_rows(
        data.orders.lazy()
        .filter(KEY.is_in(wanted.implode()) & named)
        .select("order_key", "asin", "sku", pl.col("title").cast(pl.String))
        .collect(engine=ENGINE)
        # A few thousand rows in as many pieces as the order rows: in one piece first.
        .rechunk()
    )
    parts = [found]
    missing = wanted.filter(~wanted.is_in(found.get_column("order_key").implode()))
    if not missing.is_empty():
        shipped = (
            data.shipments.lazy()
            .filter(KEY.is_in(missing.implode()) & named)
            .select("order_key", "asin", "sku", pl.lit(None, dtype=pl.String).alias("title"))
            .collect(engine=ENGINE)
        )
        parts.append(first_rows(shipped))
    by_order = pl.concat(parts).rename({"asin": "o_asin", "sku": "o_sku", "title": "o_title"})
    by_sku = pl.LazyFrame(schema={"sku": pl.String, "s_asin": pl.String})
    if by_sku_needed:
        # Only returns without an ASIN need the SKU -> ASIN map (a pass over every order).
        by_sku = (
            pl.concat(
                [
                    data.listings.lazy().select("sku", "asin"),
                    data.orders.lazy().select("sku", "asin"),
                ],
                how="vertical_relaxed",
            )
            .drop_nulls()
            .unique("sku", keep="first")
            .rename({"asin": "s_asin"})
        )
    return by_order.lazy(), by_sku.collect(engine=ENGINE).lazy()


def signals(data: Dataset) -> pl.DataFrame:
    """One row per (complaint family, return / feedback / VoC row that points to it).

    The rows are matched first (reason codes, dispositions, the families' words); the few
    that point to a family are then given their product from the orders (joins on order
    keys, not order IDs), instead of every return and feedback row.
    """
    knowledge = complaints()
    reason_key = (
        pl.col("reason").str.strip_chars().str.to_uppercase().str.replace(r"^(RO_)?(CR-)?", "")
    )
    reasons = dict(knowledge.return_reasons)
    # Each distinct reason as written is keyed once (codes and localised reasons repeat).
    written = (
        data.returns.select(pl.col("reason").unique().drop_nulls())
        .with_columns(reason_key.alias("key"))
        .filter(pl.col("key").is_in(list(reasons)))
    )
    reason_families = {str(r): reasons[str(k)] for r, k in written.iter_rows()}
    no_key = pl.lit(None, dtype=pl.UInt64).alias("order_key")
    returns = (
        data.returns.lazy()
        .with_columns(
            order_key(pl.col("order_id")).alias("order_key"),
            pl.col("reason")
            .replace_strict(reason_families, default=None, return_dtype=pl.String)
            .alias("r_fam"),
            pl.col("reason").is_in(list(reason_families)).alias("r_known"),
            pl.col("disposition")
            .replace_strict(dict(knowledge.dispositions), default=None, return_dtype=pl.String)
            .alias("d_fam"),
        )
        .with_columns(
            # A reason that is not a known code is the customer's or a localised text: read it.
            pl.concat_str(
                [
                    pl.when(pl.col("r_known")).then(None).otherwise(pl.col("reason")),
                    pl.col("comment"),
                ],
                separator=" — ",
                ignore_nulls=True,
            )
            .replace("", None)
            .alias("text"),
            pl.col("return_day").alias("day"),
        )
    )
    columns = ["source", "asin", "sku", "title", "order_id", "day", "text", "reason"]
    feedback = (
        data.feedback.lazy()
        .filter(pl.col("rating") <= 3)
        .select(
            pl.lit("feedback").alias("source"),
            *(pl.lit(None, dtype=pl.String).alias(name) for name in ("asin", "sku", "title")),
            "order_id",
            "day",
            pl.col("comment").alias("text"),
            pl.lit(None, dtype=pl.String).alias("reason"),
            order_key(pl.col("order_id")).alias("order_key"),
        )
    )
    voc = data.voc.lazy().select(
        pl.lit("voc").alias("source"),
        "asin",
        "sku",
        "title",
        pl.lit(None, dtype=pl.String).alias("order_id"),
        pl.lit(None, dtype=pl.Date).alias("day"),
        pl.col("top_ncx_reason").alias("text"),
        pl.lit(None, dtype=pl.String).alias("reason"),
        no_key,
    )
    no_family = {"r_fam": pl.lit(None, pl.String), "d_fam": pl.lit(None, pl.String)}
    everything = pl.concat(
        [
            returns.select(*columns, "order_key", "r_fam", "d_fam"),
            feedback.with_columns(**no_family),
            voc.with_columns(**no_family),
        ],
        how="vertical_relaxed",
    )
    families = list(knowledge.families.values())
    # One pattern per family, all in one pass (the columns are matched in parallel); a single
    # pattern for all families would outgrow the regex engine's fast automaton (50x slower).
    hits = [pl.col(f"hit:{f.code}") for f in families]
    marked = (
        everything.with_columns(
            pl.col("text").str.contains(f.presence).fill_null(False).alias(f"hit:{f.code}")
            for f in families
        )
        .filter(
            pl.any_horizontal(*hits, pl.col("r_fam").is_not_null(), pl.col("d_fam").is_not_null())
        )
        .collect(engine=ENGINE)
    )
    ordered = marked.filter(pl.col("source") != "voc")
    by_order, by_sku = _lookups(
        data,
        ordered.get_column("order_key"),
        by_sku_needed=bool(
            ordered.filter(pl.col("source") != "feedback").get_column("asin").null_count()
        ),
    )
    source = pl.col("source")
    named = (
        marked.lazy()
        .join(by_order, on="order_key", how="left", maintain_order="left")
        .join(by_sku, on="sku", how="left", maintain_order="left")
        .with_columns(
            pl.when(source == "feedback")
            .then(pl.col("o_asin"))
            .when(source == "voc")
            .then(pl.col("asin"))
            .otherwise(pl.coalesce("asin", "o_asin", "s_asin"))
            .alias("asin"),
            *(
                pl.when(source == "feedback")
                .then(pl.col(f"o_{name}"))
                .when(source == "voc")
                .then(pl.col(name))
                .otherwise(pl.coalesce(name, f"o_{name}"))
                .alias(name)
                for name in ("sku", "title")
            ),
        )
        .collect(engine=ENGINE)
    )
    parts = []
    for family in families:
        hit = pl.col(f"hit:{family.code}")
        by_code = (pl.col("r_fam") == family.code).fill_null(False)
        by_disposition = (pl.col("d_fam") == family.code).fill_null(False)
        parts.append(
            named.lazy()
            .filter(hit | by_code | by_disposition)
            .select(
                pl.lit(family.code).alias("family"),
                "source",
                pl.when(hit)
                .then(pl.lit("words"))
                .when(by_code)
                .then(pl.lit("reason_code"))
                .otherwise(pl.lit("disposition"))
                .alias("via"),
                *columns[1:],
                hit.alias("text_hit"),
            )
        )
    found = pl.concat(parts, how="vertical_relaxed").collect(engine=ENGINE)
    return found.cast(SIGNAL_SCHEMA)  # type: ignore[arg-type]


def units_by_asin(
    data: Dataset, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Units sold (not cancelled) and orders per ASIN, optionally within [start, end]."""
    days = data.asin_days()
    if start is not None and end is not None:
        days = days.filter(pl.col("purchase_day").is_between(start, end))
    return days.group_by("asin").agg(pl.col("units").sum(), pl.col("orders").sum())
