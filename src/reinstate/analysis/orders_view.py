"""Order keys: the 64-bit hash that joins orders across reports (parse_orders.order_key).

With a million order rows, every join and grouping on text order IDs would cost more than
reading the file; the analyses compare keys instead.
"""

from __future__ import annotations

import polars as pl

from reinstate.analysis.parse_orders import order_key


def keys(frame: pl.DataFrame, column: str = "order_id") -> pl.Series:
    """The order keys of the order IDs in ``column`` (for is_in tests against order tables)."""
    return frame.select(order_key(pl.col(column))).to_series()
