"""OrderCounts gives the distinct-order counts a plain ``n_unique`` over every row gives."""

from __future__ import annotations

import random
from datetime import date, timedelta

import polars as pl
import pytest

from reinstate.analysis.order_counts import OrderCounts, shared_rows


def _rows(seed: int, *, contiguous: bool) -> pl.DataFrame:
    """Orders of one to four rows; ASINs repeat inside an order, some are missing."""
    rng = random.Random(seed)
    rows = []
    for order in range(600):
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(20))
        channel = rng.choice(["mfn", "afn"])
        for _ in range(rng.choice([1, 1, 1, 2, 3, 4])):
            rows.append(
                {
                    "order_key": order,
                    "purchase_day": day,
                    "fulfillment": channel,
                    "asin": rng.choice(["B000000001", "B000000002", "B000000003", None]),
                    "cancelled": rng.random() < 0.2,
                    "quantity": rng.randrange(1, 4),
                }
            )
    if not contiguous:
        rng.shuffle(rows)
    return pl.DataFrame(rows).with_columns(pl.col("order_key").cast(pl.UInt64))


def _plain(rows: pl.DataFrame, by: list[str], where: pl.Expr) -> pl.DataFrame:
    return (
        rows.filter(where)
        .group_by(by)
        .agg(
            pl.col("order_key").n_unique().alias("orders"),
            pl.col("quantity").sum().alias("units"),
        )
    )


@pytest.mark.parametrize("contiguous", [True, False], ids=["runs", "scattered"])
@pytest.mark.parametrize(
    ("by", "where"),
    [
        (["purchase_day"], ~pl.col("cancelled")),
        (["fulfillment", "purchase_day"], pl.col("purchase_day") >= date(2026, 1, 5)),
        (["fulfillment", "asin"], pl.lit(True)),
        (["asin", "purchase_day"], ~pl.col("cancelled") & pl.col("asin").is_not_null()),
    ],
)
def test_counts_match_distinct_keys(contiguous: bool, by: list[str], where: pl.Expr) -> None:
    rows = _rows(7, contiguous=contiguous)
    found = OrderCounts.of(rows.lazy()).count(by, where, units=True)
    expected = _plain(rows, by, where)
    assert found.schema["orders"] == expected.schema["orders"]
    assert (
        found.sort(by, nulls_last=True).rows()
        == expected.select(found.columns).sort(by, nulls_last=True).rows()
    )
    # The orders of several rows are counted too (not only the one-row orders).
    assert OrderCounts.of(rows.lazy()).shared.height > 0


def test_shared_rows_with_runs_and_without() -> None:
    runs = pl.Series([5, 5, 6, 7, 7, 8], dtype=pl.UInt64)
    assert shared_rows(runs).to_list() == [True, True, False, True, True, False]
    # An order whose rows are apart is still found (the runs outnumber the distinct keys).
    apart = pl.Series([5, 6, 5, 7], dtype=pl.UInt64)
    assert shared_rows(apart).to_list() == [True, False, True, False]
