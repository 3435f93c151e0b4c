"""Shortcuts of the calculations give what the plain rule gives: OrderCounts the distinct-order
counts of an ``n_unique`` over every row, the tracking check the shape of the stripped ID."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from reinstate.analysis import AnalysisReport, analyze, dates, shipping, text_rows
from reinstate.analysis import complaints as complaints_module
from reinstate.analysis import metric_tools as mt
from reinstate.analysis.dataset import _SCHEMAS, Dataset
from reinstate.analysis.knowledge import complaints, term_pattern
from reinstate.analysis.limits import TooLarge
from reinstate.analysis.metric_tools import Results
from reinstate.analysis.order_counts import OrderCounts, first_rows, shared_rows
from reinstate.analysis.shapes import check_lines, long_line
from reinstate.demo import DemoManifest

from .expected import one_ending_per_term


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


def test_tracking_ids_are_judged_as_if_stripped_first() -> None:
    """The tracking check skips white space at either end inside its pattern; the rule is
    the shape of the stripped ID (7 to 41 letters, digits, dashes, spaces; a letter or digit
    first) and not a placeholder."""
    ids = ["", " ", "ABC1234", " ABC1234 ", "ABC123", "ABC12  ", "  ABC12", "ABC12 -",
           "-ABC1234", "ABC 1234", "unknown", " Unknown\t", "no tracking", "NO TRACKING ",
           "no  tracking", "1Z9A4E034727365476", "A" * 41, "A" * 42, " " + "A" * 41 + " ",
           "ABC1234\t", "ABC-123-", "ÄBC12345", "abc1234 x", "\u00a0ABC1234\u00a0",
           "AB\u00a0C1234", "ABC1234\n", None]  # fmt: skip

    def rule(value: str | None) -> bool:
        if value is None:
            return False
        stripped = value.strip()
        shaped = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\- ]{6,40}", stripped) is not None
        return shaped and stripped.lower() not in {"unknown", "no tracking"}

    found = pl.DataFrame({"t": ids}, schema={"t": pl.String}).select(
        shipping.valid_tracking(pl.col("t"))
    )
    assert found.to_series().to_list() == [rule(i) for i in ids]


@pytest.mark.parametrize("contiguous", [True, False], ids=["runs", "scattered"])
def test_first_rows_are_the_first_of_each_order(contiguous: bool) -> None:
    rows = _rows(3, contiguous=contiguous).with_row_index("n")
    expected = rows.unique("order_key", keep="first", maintain_order=True)
    assert first_rows(rows).get_column("n").to_list() == expected.get_column("n").to_list()
    # Some orders have several rows (the test would pass on any frame of one-row orders).
    assert first_rows(rows).height < rows.height


def test_sku_names_take_the_first_asin_and_title_in_row_order() -> None:
    """Grouped by the streaming engine, the SKU's first ASIN and title are still its first
    rows' (rows far apart, so that they fall in different chunks of the stream)."""
    empty = {name: pl.DataFrame(schema=schema) for name, schema in _SCHEMAS.items()}
    filler = 300_000
    skus = ["S1", "S2"] + ["S3"] * filler + ["S1", "S2", "S1"]
    asins = [None, "B00000000B"] + ["B00000000Z"] * filler + ["B00000000A", "B00000000C", None]
    titles = ["first", None] + ["z"] * filler + ["second", "third", "fourth"]
    orders = pl.DataFrame(
        {
            "order_key": pl.Series(range(len(skus)), dtype=pl.UInt64),
            "sku": skus,
            "asin": asins,
            "title": titles,
        }
    ).with_columns(pl.col("title").cast(_SCHEMAS["orders"]["title"]))
    data = Dataset(**{**empty, "orders": orders})  # type: ignore[arg-type]
    names = {row[0]: row[1:] for row in data.sku_names().sort("sku").iter_rows()}
    assert names == {
        "S1": ("B00000000A", "first"),
        "S2": ("B00000000B", "third"),
        "S3": ("B00000000Z", "z"),
    }


def test_an_order_is_untracked_when_any_of_its_rows_is() -> None:
    day = date(2026, 3, 1)
    rows = pl.DataFrame(
        {
            "order_id": ["A", "A", "B", "C", "C", "D"],
            "ship_day": [day] * 6,
            "cancelled": [False] * 6,
            "valid_tracking": [True, False, True, False, False, True],
            "carrier": ["UPS"] * 6,
            "asin": ["B000000001"] * 6,
            "sku": ["S"] * 6,
            "title": ["T"] * 6,
        }
    ).with_columns(order_key=pl.col("order_id").hash(seed=7))
    results = Results()
    shipping.tracking(rows.lazy(), day, results, 5)
    (metric,) = results.metrics
    assert (metric.numerator, metric.denominator) == (2, 4)
    (finding,) = results.findings
    assert finding.orders == ("A", "C")


def test_presence_patterns_find_the_texts_the_full_patterns_find() -> None:
    """For every family and language: each term as written, with an ending, inside a longer
    word, at either end of a text, in capitals, and beside punctuation."""
    texts: list[str] = ["", "nothing to see here", "ok."]
    for family in complaints().families.values():
        for words in family.terms.values():
            for term in words:
                stem = term.rstrip("*")
                texts += [stem, f"{stem}s", f"x{stem}", f"it was {stem}!", stem.upper(),
                          f"{stem}ed, really", f"({stem})", f"{stem}_x", f"{stem}é"]  # fmt: skip
    frame = pl.DataFrame({"text": texts})
    for family in complaints().families.values():
        pairs = [(family.pattern, family.presence)] + [
            (family.language_patterns[lang], family.language_presence[lang])
            for lang in family.terms
        ]
        for full, presence in pairs:
            found = frame.select(
                pl.col("text").str.contains(full).alias("full"),
                pl.col("text").str.contains(presence).alias("presence"),
            )
            assert found.get_column("full").to_list() == found.get_column("presence").to_list()
            assert found.get_column("full").any()
            # Python's engine too (the quotes' sentences and languages are found with it).
            full_re, presence_re = re.compile(full), re.compile(presence)
            assert [bool(full_re.search(t)) for t in texts] == [
                bool(presence_re.search(t)) for t in texts
            ]


def test_shared_endings_extract_the_same_words() -> None:
    """The keywords are what the family pattern extracts: sharing the ``\\w*`` of neighbouring
    terms must not change a single match."""
    saved = 0
    for family in complaints().families.values():
        terms = [term_pattern(t, lang) for lang, words in family.terms.items() for t in words]
        saved += one_ending_per_term(terms).count(r"\w*") - family.pattern.count(r"\w*")
        texts = []
        for words in family.terms.values():
            for term in words:
                stem = term.rstrip("*")
                texts += [f"{stem}ed {stem}", f"x{stem} {stem.upper()}s, {stem}!", f"({stem})"]
        texts += [" ".join(texts[i : i + 5]) for i in range(0, len(texts), 5)]
        frame = pl.DataFrame({"text": texts})
        found = frame.select(
            pl.col("text").str.extract_all(family.pattern).alias("shared"),
            pl.col("text").str.extract_all(one_ending_per_term(terms)).alias("unshared"),
        )
        assert found.get_column("shared").to_list() == found.get_column("unshared").to_list()
    assert saved > 0


def test_the_line_check_finds_the_first_line_longer_than_the_limit(tmp_path: Path) -> None:
    """The mapped check looks closely only at blocks without a line break; it finds the same
    first long line as measuring every line (lines around the limit, at every offset)."""
    rng = random.Random(11)
    limit = 16
    for case in range(400):
        lengths = [rng.choice([0, 1, 7, 8, 9, 15, 16, 17, 31, 33, rng.randrange(40)])
                   for _ in range(rng.randrange(1, 12))]  # fmt: skip
        lines = ["x" * n for n in lengths]
        data = ("\n".join(lines) + rng.choice(["", "\n"])).encode()
        first = next((i for i, n in enumerate(lengths) if n > limit), None)
        expected = None if first is None else sum(n + 1 for n in lengths[:first])
        assert long_line(data, limit) == expected, (case, lengths)
        path = tmp_path / f"{case}.txt"
        path.write_bytes(data)
        if first is None:
            check_lines(path, limit, name="f", columns=100)
            continue
        with pytest.raises(TooLarge) as refused:
            check_lines(path, limit, name="f", columns=100)
        if first:  # a first line that long is judged as a header first
            assert refused.value.facts["line"] == first + 1
            assert refused.value.facts["length"] == lengths[first]


def test_ship_by_moments_read_once_per_value_match_the_arithmetic() -> None:
    """Columns of few distinct ISO moments go through polars' cache (offset parsed by polars);
    they read the same instants and local days as the arithmetic on the fixed positions, and
    refuse the same values (another length, an impossible date, time or offset sign)."""
    values = ["2026-01-05T23:59:59-07:00", "2026-03-08T23:59:59-08:00", "2026-01-05T00:00:00+05:30",
              "2026-01-05T23:59:59+00:00", "2026-12-31T23:59:59+14:00", "2026-01-05T23:59:59-0700",
              "2026-02-30T23:59:59-07:00", "2026-01-05T24:00:00-07:00", "2026-01-05T23:59:59Z",
              "2026-01-05 23:59:59-07:00", "2026-01-05T23:59:59*07:00", "2026-01-05T23:59:59-07:0x",
              "2026-01-05T23:59:59-07:00 ", "", None]  # fmt: skip
    frame = pl.DataFrame({"v": values * 3}, schema={"v": pl.String})
    column = pl.col("v")
    found = frame.select(
        dates.iso_offset_cached(column).alias("instant"),
        dates.iso_offset_day(column).alias("day"),
        dates.iso_offset_instant(column).alias("arithmetic"),
        dates.iso_offset_local(column).dt.date().alias("local_day"),
    )
    assert found.get_column("instant").to_list() == found.get_column("arithmetic").to_list()
    readable = found.filter(pl.col("instant").is_not_null())
    assert readable.height == 5 * 3
    assert readable.get_column("day").to_list() == readable.get_column("local_day").to_list()
    # Offsets the arithmetic reads leniently (any character between hours and minutes, a sign
    # followed by a digit's sign, 99 hours) are refused: the row is rejected as not a date.
    odd = pl.DataFrame({"v": ["2026-01-05T23:59:59-07x00", "2026-01-05T23:59:59-+7:00",
                              "2026-01-05T23:59:59-99:00"]})  # fmt: skip
    assert odd.select(dates.iso_offset_cached(column)).to_series().null_count() == 3


@pytest.mark.parametrize("contiguous", [True, False], ids=["runs", "scattered"])
def test_counts_over_marked_shared_rows_match_distinct_keys(contiguous: bool) -> None:
    """Shipment rows marked with whether their order has other rows are counted as the rows
    of one-row orders plus the distinct keys of the others: the same as every key hashed, per
    group and filter, for the carriers, the per-ASIN orders, the daily counts and the totals."""
    rows = _rows(5, contiguous=contiguous).rename({"fulfillment": "carrier"})
    marked = rows.with_columns(shared_rows(rows.get_column("order_key")).alias(mt.SHARED))
    key = pl.col("order_key")
    for where in (None, pl.col("cancelled"), pl.col("asin").is_null()):
        for by in (["carrier"], ["asin"], ["purchase_day"]):
            found = marked.group_by(by).agg(mt.orders_count(marked.columns, where).alias("n"))
            plain = rows.group_by(by).agg(
                (key if where is None else key.filter(where)).n_unique().alias("n")
            )
            assert found.sort(by).rows() == plain.sort(by).rows()
        some = marked if where is None else marked.filter(where)
        assert mt.distinct(some) == some.get_column("order_key").n_unique()
    assert mt.carriers(marked, "cancelled", "bad") == mt.carriers(rows, "cancelled", "bad")
    assert mt.orders_per_asin(marked).sort("asin").rows() == (
        mt.orders_per_asin(rows).sort("asin").rows()
    )
    daily = mt.daily_counts(marked.lazy(), "purchase_day", pl.col("cancelled"))
    plain_daily = mt.daily_counts(rows.lazy(), "purchase_day", pl.col("cancelled"))
    assert daily.sort("purchase_day").rows() == plain_daily.sort("purchase_day").rows()
    # Orders of several rows are among them (else the shortcut would not be tested).
    assert marked.get_column(mt.SHARED).sum() > 100


def test_complaint_rows_get_their_product_from_the_right_source() -> None:
    """The signals look up products only for the rows that point to a family: a return takes
    its own ASIN, else its order's, else its SKU's (listings first); feedback its order's (All
    Orders first, else the shipments); VoC keeps its own, even none, when its SKU maps to one.
    Rows that point nowhere are left out and looked up for nothing."""
    empty = {name: pl.DataFrame(schema=schema) for name, schema in _SCHEMAS.items()}
    day = date(2026, 3, 1)
    orders = pl.DataFrame(
        {
            "order_id": ["A", "B"],
            "sku": ["S1", "S2"],
            "asin": ["B00000000A", "B00000000B"],
            "title": ["Mug", "Bowl"],
        }
    ).with_columns(
        pl.col("order_id").hash(seed=7).alias("order_key"),
        pl.col("title").cast(_SCHEMAS["orders"]["title"]),
    )
    shipments = pl.DataFrame({"order_id": ["C"], "sku": ["S3"], "asin": ["B00000000C"]})
    shipments = shipments.with_columns(pl.col("order_id").hash(seed=7).alias("order_key"))
    listings = pl.DataFrame({"sku": ["S4", "S1"], "asin": ["B00000000D", "B00000000E"]})
    returns = pl.DataFrame(
        {
            "source": ["fba_returns"] * 4,
            "return_day": [day] * 4,
            "order_id": ["A", "Z", "B", "C"],
            "sku": ["S1", "S4", None, None],
            "asin": [None, None, None, None],
            "reason": ["DEFECTIVE", None, None, None],
            "comment": [None, "The mug arrived broken", "great product", "fake, not genuine"],
        },
        schema_overrides={"sku": pl.String, "asin": pl.String, "reason": pl.String},
    )
    feedback = pl.DataFrame(
        {
            "day": [day, day],
            "rating": [1, 1],
            "order_id": ["B", "A"],
            "comment": ["item was used and dirty", "great product"],
        }
    )
    voc = pl.DataFrame(
        {
            "asin": ["B00000000V", None],
            "sku": ["S1", "S1"],
            "title": ["Own", None],
            "top_ncx_reason": ["The mug arrived broken", "item was used and dirty"],
        }
    )
    frames = {"orders": orders, "shipments": shipments, "listings": listings,
              "returns": returns, "feedback": feedback, "voc": voc}  # fmt: skip
    tables = {
        name: pl.concat([empty[name], frame], how="diagonal_relaxed").select(empty[name].columns)
        for name, frame in frames.items()
    }
    data = Dataset(**{**empty, **tables})  # type: ignore[arg-type]
    found = complaints_module.signals(data)
    rows = {(r["family"], r["source"], r["order_id"]): (r["asin"], r["sku"], r["title"])
            for r in found.iter_rows(named=True)}  # fmt: skip
    assert rows == {
        ("defective", "fba_returns", "A"): ("B00000000A", "S1", "Mug"),
        ("damaged", "fba_returns", "Z"): ("B00000000D", "S4", None),
        ("inauthentic", "fba_returns", "C"): ("B00000000C", "S3", None),
        ("used", "feedback", "B"): ("B00000000B", "S2", "Bowl"),
        ("damaged", "voc", None): ("B00000000V", "S1", "Own"),
        ("used", "voc", None): (None, "S1", None),
    }


def test_marked_shipment_rows_give_the_same_report(
    demo: DemoManifest, demo_report: AnalysisReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shipment rows are marked for cheaper counts only from MARKED_ROWS rows on; marked at
    any size, the demo's shipping metrics, findings and series are the same."""
    shipments = pl.read_csv(demo.out_dir / demo.files["mfn_shipments"], separator="\t")
    assert shipments.get_column("order-id").is_duplicated().any()  # orders of several rows
    monkeypatch.setattr(shipping, "MARKED_ROWS", 0)
    marked = analyze([demo.out_dir])
    assert repr(marked.metrics) == repr(demo_report.metrics)
    assert repr(marked.findings) == repr(demo_report.findings)
    assert repr(marked.series) == repr(demo_report.series)


def test_the_tab_count_reads_any_block_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tab and line-end totals are the same whatever the read size (blocks end mid-line,
    the last one short, the file unterminated or empty)."""
    rng = random.Random(4)
    for case in range(60):
        lines = ["\t".join("x" * rng.randrange(3) for _ in range(rng.choice([3, 3, 3, 2, 4])))
                 for _ in range(rng.randrange(0, 30))]  # fmt: skip
        data = ("\n".join(lines) + rng.choice(["", "\n"])).encode()
        path = tmp_path / f"{case}.txt"
        path.write_bytes(data)
        widths = [line.count("\t") + 1 for line in data.decode().splitlines()]
        expected = data.count(b"\t") != 2 * len(widths)
        for block in (1, 7, 64, 8 * 2**20):
            monkeypatch.setattr(text_rows, "_COUNT_BLOCK", block)
            assert text_rows.ragged(path, 0, 3) == expected, (case, block)
