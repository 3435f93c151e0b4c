"""A complaint finding lists the same reason codes for the same rows in every run: ten at most,
by count, ties by code (polars' value_counts comes in no fixed order)."""

from __future__ import annotations

import random

import polars as pl

from reinstate.analysis.complaint_findings import top_reasons


def test_tied_reasons_at_the_cut_are_chosen_by_code_in_any_row_order() -> None:
    codes = [f"R{n:02d}" for n in range(12)] * 3 + ["R99"] * 5 + [None]
    expected = {"R99": 5, **{f"R{n:02d}": 3 for n in range(9)}}
    for seed in range(20):
        shuffled = codes[:]
        random.Random(seed).shuffle(shuffled)
        assert top_reasons(pl.Series("reason", shuffled)) == expected


def test_no_reasons_give_an_empty_list() -> None:
    assert top_reasons(pl.Series("reason", [None, None], dtype=pl.String)) == {}
