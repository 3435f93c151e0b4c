"""All Orders statuses and channels are read as categoricals by the fast reader and classified
once per distinct value (cancelled, afn / mfn): the result must be the per-row rules' on every
row, on the fast path (files over 1 MB) and on the exact path, with or without the columns."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest

from reinstate.analysis import parse_common as pc
from reinstate.analysis.parse_orders import all_orders
from reinstate.analysis.reader import EXACT_BELOW, read_file
from reinstate.analysis.text_rows import NULL_CELLS

STATUSES = ["Shipped", "Cancelled", "Pending", "Storniert", " Canceled ", "Annulée", "", "--"]
ITEM_STATUSES = ["Shipped", "Unshipped", "Cancelled", "キャンセル", ""]
CHANNELS = ["Amazon", "Merchant", " AMAZON_EU", "Seller ", "fba", "somewhere", "", "卖家"]


def _write(path: Path, rows: int, *, item_status: bool, channel: bool, seed: int) -> None:
    rng = random.Random(seed)
    header = ["amazon-order-id", "purchase-date", "order-status", "sku", "asin", "quantity"]
    header += ["item-status"] * item_status + ["fulfillment-channel"] * channel
    lines = ["\t".join(header)]
    for n in range(rows):
        cells = [
            f"111-{n:07d}-{rng.randrange(10**7):07d}",
            f"2026-04-{rng.randrange(1, 29):02d}T10:00:00-07:00",
            rng.choice(STATUSES),
            f"SKU-{rng.randrange(50)}",
            f"B0{rng.randrange(10**8):08d}",
            str(rng.randrange(1, 4)),
        ]
        cells += [rng.choice(ITEM_STATUSES)] * item_status + [rng.choice(CHANNELS)] * channel
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n", "utf-8")


def _expected(path: Path) -> pl.DataFrame:
    """The per-row rules on the cells as the fast reader reads them."""
    raw = pl.read_csv(
        path, separator="\t", infer_schema=False, quote_char=None, null_values=list(NULL_CELLS)
    )

    def column(name: str) -> pl.Expr:
        return pl.col(name) if name in raw.columns else pl.lit(None, dtype=pl.String)

    return raw.select(
        cancelled=pc.is_cancelled(column("order-status")) | pc.is_cancelled(column("item-status")),
        fulfillment=pc.fulfillment(column("fulfillment-channel")),
    )


@pytest.mark.parametrize("rows", [20_000, 300], ids=["fast", "exact"])
@pytest.mark.parametrize("columns", [(True, True), (False, False)], ids=["all", "without"])
def test_statuses_and_channels_are_classified_as_the_per_row_rules_do(
    tmp_path: Path, rows: int, columns: tuple[bool, bool]
) -> None:
    path = tmp_path / "All Orders.txt"
    _write(path, rows, item_status=columns[0], channel=columns[1], seed=rows)
    table = read_file(path)
    assert table.exact == (rows < 1000)  # a fast read needs a file over 1 MB
    assert table.exact == (path.stat().st_size <= EXACT_BELOW)
    frame = all_orders(table)
    assert frame.height == rows
    expected = _expected(path)
    assert frame.get_column("cancelled").to_list() == expected.get_column("cancelled").to_list()
    assert (
        frame.get_column("fulfillment").cast(pl.String).to_list()
        == expected.get_column("fulfillment").to_list()
    )
    assert frame.get_column("cancelled").any()
    if columns[1]:
        assert set(frame.get_column("fulfillment").drop_nulls().cast(pl.String)) == {"afn", "mfn"}
        assert frame.get_column("fulfillment").null_count()
