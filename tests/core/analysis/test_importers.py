"""Importers recognise each report by its columns, in the encodings and shapes sellers meet, and
account for every row they do not use."""

from __future__ import annotations

import gzip
import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from reinstate.analysis import SourceReport, analyze, detect_report
from reinstate.analysis import reader as reader_module
from reinstate.analysis.columns import detect_kind, normalise_header
from reinstate.analysis.dataset import Dataset, load
from reinstate.analysis.reader import read_file
from reinstate.demo import DemoManifest
from reinstate.errors import InputError

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load([FIXTURES])


def _source(data: Dataset, name: str) -> SourceReport:
    return next(s for s in data.sources if s.path.name == name)


@pytest.mark.parametrize(
    ("name", "kind", "encoding"),
    [
        ("all_orders_us_2026.txt", "all_orders", "utf-8"),
        ("all_orders_it_2017_cp1252.txt", "all_orders", "cp1252"),
        ("feedback_us.txt", "feedback", "utf-8"),
        ("feedback_de.txt", "feedback", "utf-8"),
        ("feedback_zh_gb18030.txt", "feedback", "gb18030"),
        ("fba_returns.txt", "fba_returns", "utf-8"),
        ("fba_returns_12col.txt", "fba_returns", "utf-8"),
        ("mfn_returns.txt", "mfn_returns", "utf-8"),
        ("listings_uk.txt", "listings", "cp1252"),
        ("listings_jp_cp932.txt", "listings", "cp932"),
        ("voice_of_the_customer.csv", "voc", "utf-8-sig"),
        ("claims_de.csv", "claims", "utf-8"),
        ("shipments_utf16.txt", "mfn_shipments", "utf-16"),
        ("fba_shipments_jp_cp932.txt", "fba_shipments", "cp932"),
        ("performance_schema_names.json", "performance_report", "utf-8"),
        ("performance_example_names.json", "performance_report", "utf-8-sig"),
    ],
)
def test_it_recognises_each_report_by_its_columns_and_encoding(
    name: str, kind: str, encoding: str
) -> None:
    table = read_file(FIXTURES / name)
    assert (table.kind, table.encoding) == (kind, encoding)
    detected = detect_report(FIXTURES / name)
    assert detected.kind == kind


def test_it_matches_whole_header_names_after_normalising_case_dashes_and_spaces() -> None:
    assert normalise_header("Sessions – Total") == normalise_header("sessions - total")
    assert normalise_header("Sessions - Total") != normalise_header("Sessions - Total - B2B")
    assert normalise_header("（子）ASIN") == "(子)asin"
    assert normalise_header("\ufeffOrder_ID ") == "order id"
    kind, mapping = detect_kind(["ORDER ID", "date", "RATING", "comments"])
    assert kind == "feedback"
    assert mapping["order_id"] == "ORDER ID"
    assert detect_kind(["Order ID Extra", "Date", "Rating"])[0] == "unknown"


def test_it_counts_and_samples_every_rejected_order_row_with_its_reason(data: Dataset) -> None:
    source = _source(data, "all_orders_us_2026.txt")
    reasons = {r.line: r.reason for r in source.rejected_samples}
    assert source.rows_rejected == 5
    assert reasons[6] == "the purchase date is missing or not a date"
    assert reasons[7] == "the ASIN is not 10 letters and digits"
    assert reasons[8] == "the quantity is not a number"
    assert reasons[9] == "the row has 35 fields, the header has 34"
    assert reasons[12] == "the purchase date is missing or not a date"  # the truncated last line
    assert any("padded" in w for w in source.warnings)
    assert source.rows_read == 6


def test_it_pads_short_rows_and_keeps_their_values(data: Dataset) -> None:
    short = data.orders.filter(pl.col("order_id") == "113-0000010-0000010").row(0, named=True)
    assert short["purchase_day"] == date(2026, 4, 6)
    assert short["asin"] == "B0CMUG0001"
    assert short["quantity"] == 1


def test_it_reads_order_channels_days_statuses_and_lowercase_asins(data: Dataset) -> None:
    by_order = {r["order_id"]: r for r in data.orders.iter_rows(named=True)}
    late_evening = by_order["113-0000002-0000002"]
    assert late_evening["purchase_day"] == date(2026, 4, 1)  # the local day, not UTC
    assert late_evening["fulfillment"] == "afn"
    assert by_order["113-0000003-0000003"]["cancelled"] is True
    assert by_order["113-0000004-0000004"]["asin"].upper() == "B0CINF0002"
    italian = by_order["405-1111111-2222222"]
    assert italian["title"] == "Caffettiera Moka 3 tazze – alluminio"
    assert italian["purchase_day"] == date(2017, 6, 17)


def test_it_reads_feedback_dates_in_each_marketplace_style(data: Dataset) -> None:
    days = {(r["order_id"], r["rating"]): r["day"] for r in data.feedback.iter_rows(named=True)}
    assert days[("113-0000001-0000001", 1)] in {date(2026, 4, 20), date(2026, 4, 2)}
    assert days[("302-1234567-7654322", 2)] == date(2026, 4, 13)  # 13.4.26, German style
    assert days[("302-1234567-7654321", 1)] == date(2026, 4, 3)  # 3.4.26, not the year 26
    us = _source(data, "feedback_us.txt")
    assert {r.reason for r in us.rejected_samples} == {
        "the rating is not 1 to 5",
        "the date is missing or not a date",
    }


def test_it_reads_chinese_feedback_exported_in_gb18030(data: Dataset) -> None:
    comments = set(data.feedback.get_column("comment").to_list())
    assert "收到的是假货，包装也被拆过。" in comments


def test_it_keeps_unknown_return_reasons_verbatim_and_reports_them(data: Dataset) -> None:
    source = _source(data, "fba_returns.txt")
    assert any("BRAND_NEW_REASON_2026 (1)" in w for w in source.warnings)
    assert "BRAND_NEW_REASON_2026" in data.returns.get_column("reason").to_list()
    assert source.rows_rejected == 1


def test_it_reads_seller_fulfilled_returns_with_blank_space_cells_and_a_cut_row(
    data: Dataset,
) -> None:
    mfn = data.returns.filter(pl.col("source") == "mfn_returns").sort("order_id")
    assert mfn.get_column("return_day").to_list() == [date(2025, 7, 14)] * 2
    assert mfn.get_column("a_to_z").to_list() == [False, True]
    assert mfn.get_column("quantity").to_list() == [2, 2]
    assert _source(data, "mfn_returns.txt").rows_rejected == 0


def test_it_reads_the_12_column_fba_returns_without_status(data: Dataset) -> None:
    row = data.returns.filter(pl.col("order_id") == "408-4870009-9733125").row(0, named=True)
    assert row["return_day"] == date(2025, 6, 5)
    assert row["reason"] == "UNDELIVERABLE_REFUSED"


def test_it_reads_listings_with_time_zone_names_japanese_headers_and_condition_codes(
    data: Dataset,
) -> None:
    listings = {r["sku"]: r for r in data.listings.iter_rows(named=True)}
    assert listings["DE-168-UK"]["open_day"] == date(2025, 9, 29)  # 29/09/2025 16:19:39 BST
    assert listings["DE-168-UK-USED"]["condition_code"] == 3
    assert listings["DE-168-UK"]["title"] == "Crème brûlée ramekins, set of 4"
    assert listings["K01E-GW-U"]["asin"] == "B01BALMU01"
    assert listings["K01E-GW-U"]["condition_code"] == 2
    assert listings["K01E-GW"]["open_day"] == date(2024, 5, 1)


def test_it_reads_the_voice_of_the_customer_csv_with_quoted_newlines(data: Dataset) -> None:
    voc = {r["asin"]: r for r in data.voc.iter_rows(named=True)}
    mug = voc["B0CMUG0001"]
    assert mug["ncx_rate"] == pytest.approx(0.125)
    assert mug["return_rate"] == pytest.approx(0.31)
    assert mug["top_ncx_reason"] == "Item arrived used"
    assert mug["cx_health"] == "very poor"
    assert voc["B0CINF0002"]["top_ncx_reason"] is None  # "--"
    source = _source(data, "voice_of_the_customer.csv")
    assert [r.line for r in source.rejected_samples] == [7]


def test_it_reads_a_claims_table_with_german_names_and_money(data: Dataset) -> None:
    claims = {r["order_id"]: r for r in data.claims.iter_rows(named=True)}
    assert claims["113-0000001-0000001"]["claim_type"] == "a_to_z"
    assert claims["113-0000001-0000001"]["amount"] == pytest.approx(12.99)
    assert claims["113-0000004-0000004"]["claim_type"] == "chargeback"
    assert claims["113-0000002-0000002"]["counted"] is False  # "Abgelehnt" = denied
    assert claims["113-0000001-0000001"]["counted"] is True


def test_it_reads_shipments_saved_as_utf16_by_excel(data: Dataset) -> None:
    late = data.shipments.filter(pl.col("order_id") == "113-0000004-0000004").row(0, named=True)
    assert late["carrier"] == "OnTrac"
    assert late["tracking_number"] is None
    assert late["ship_time"] > late["latest_ship"]
    assert late["latest_ship_day"] == date(2026, 4, 5)


def test_it_reads_japanese_fba_shipments_in_cp932(data: Dataset) -> None:
    row = data.fba_shipments.row(0, named=True)
    assert (row["carrier"], row["shipment_day"]) == ("YAMATO", date(2017, 6, 5))


def test_it_reports_files_it_cannot_use_without_failing(data: Dataset) -> None:
    unknown = {s.path.name: s for s in data.sources if s.kind == "unknown"}
    assert set(unknown) == {"bank_statement.csv", "random.bin", "empty.txt"}
    assert unknown["empty.txt"].warnings == ("the file is empty",)


def test_it_reads_an_excel_workbook_with_a_title_row(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["FBA customer returns, exported 2026-05-01"])
    sheet.append(["return-date", "order-id", "sku", "asin", "fnsku", "quantity",
                  "detailed-disposition", "reason", "customer-comments"])  # fmt: skip
    sheet.append([datetime(2026, 4, 2, 10, 0), "113-0000001-0000001", "MUG-350-W", "B0CMUG0001",
                  "X00CMUG001", 1, "DEFECTIVE", "DEFECTIVE", "Es una imitación."])  # fmt: skip
    sheet.append([None] * 9)
    sheet.append(["2026-04-03", "113-0000004-0000004", "INF-LEAF", "B0CINF0002", "X00INF",
                  2.0, "SELLABLE", "UNWANTED_ITEM", None])  # fmt: skip
    path = tmp_path / "returns.xlsx"
    book.save(path)
    data = load([path])
    assert data.sources[0].kind == "fba_returns"
    assert data.returns.get_column("return_day").to_list() == [date(2026, 4, 2), date(2026, 4, 3)]
    assert data.returns.get_column("quantity").to_list() == [1, 2]


def test_it_reads_a_gzip_compressed_report(tmp_path: Path) -> None:
    target = tmp_path / "report.txt.gz"
    target.write_bytes(gzip.compress((FIXTURES / "feedback_us.txt").read_bytes()))
    data = load([target])
    assert data.sources[0].kind == "feedback"
    assert data.sources[0].rows_read == 3
    assert "gzip-compressed" in data.sources[0].warnings


def test_it_does_not_count_a_row_twice_when_two_downloads_overlap(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        shutil.copy(FIXTURES / "feedback_us.txt", tmp_path / name)
    data = load([tmp_path])
    assert data.feedback.height == 3


def test_it_raises_an_input_error_for_paths_that_do_not_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load([tmp_path / "missing.txt"])
    with pytest.raises(InputError, match="none of the files"):
        load([FIXTURES / "bank_statement.csv"])


def test_the_fast_reader_for_large_files_agrees_with_the_exact_one(
    small_demo: DemoManifest, monkeypatch: pytest.MonkeyPatch
) -> None:
    exact = analyze([small_demo.out_dir]).to_json()
    monkeypatch.setattr(reader_module, "EXACT_BELOW", 0)
    fast = analyze([small_demo.out_dir]).to_json()
    assert fast == exact
    orders = read_file(small_demo.path("all_orders"))
    assert orders.exact is False


def test_the_fast_reader_falls_back_to_the_exact_one_on_bytes_that_are_not_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader_module, "EXACT_BELOW", 0)
    text = (FIXTURES / "feedback_us.txt").read_bytes() * 2000 + "caf\xe9\n".encode("latin-1")
    path = tmp_path / "feedback.txt"
    path.write_bytes(text)
    data = load([path])
    assert data.sources[0].kind == "feedback"
    assert data.sources[0].encoding == "cp1252"


def test_the_marketplace_of_tied_sales_channels_is_the_same_every_time() -> None:
    """Two channels as frequent as each other: the first in sort order, whatever the order of
    the rows (value_counts alone orders ties by hash, so the report's marketplace could change
    between two runs of the same files)."""
    import random

    import polars as pl

    from reinstate.analysis.dataset import most_common

    rows = ["Amazon.de", "Amazon.co.uk"] * 50 + ["Amazon.fr"] * 10
    seen = set()
    for seed in range(20):
        random.Random(seed).shuffle(rows)
        seen.add(most_common(pl.Series("sales_channel", rows)))
    assert seen == {"Amazon.co.uk"}
    assert most_common(pl.Series("sales_channel", ["Amazon.de", "Amazon.de", "Amazon.com"])) == (
        "Amazon.de"
    )
