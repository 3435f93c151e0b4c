"""Reading documents: fields with their page and box from text PDFs and from scans (OCR), in
English and Chinese, clean and noisy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from reinstate.demo.documents import (
    SELLER_NAME,
    SELLER_NAME_ZH,
    BillSpec,
    bill_pdf,
    invoice_pdf,
    scan,
)
from reinstate.evidence import Reading, Submitted, check_evidence, read_document
from tests.core.evidence.conftest import ASIN, INVOICE, INVOICE_ZH, OTHER_ASIN, context

Read = Callable[[str, Callable[[], bytes]], Reading]


def _inside(box: object) -> bool:
    assert isinstance(box, tuple)
    x0, y0, x1, y1 = box
    return 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1


def test_it_reads_an_english_text_pdf_with_positions(invoice_en: Reading) -> None:
    assert (invoice_en.format, invoice_en.read_by, invoice_en.kind) == ("pdf", "text", "invoice")
    issued = invoice_en.fields["issue_date"]
    assert (issued.value, issued.text, issued.page) == ("2026-03-02", "2 March 2026", 1)
    assert _inside(issued.box)
    supplier = invoice_en.supplier
    assert supplier.name
    assert supplier.name.value == INVOICE.supplier.name
    assert supplier.phone
    assert supplier.phone.value == "+86 769 8531 2266"
    assert supplier.website
    assert supplier.website.value == "www.huaxin-appliance.example"
    assert supplier.address
    assert "Industrial Avenue" in supplier.address.value
    assert invoice_en.buyer.name
    assert invoice_en.buyer.name.value == SELLER_NAME
    assert [(i.identifiers, i.quantity) for i in invoice_en.line_items] == [
        ((ASIN,), 500),
        ((OTHER_ASIN,), 1200),
    ]
    assert all(_inside(i.box) and i.page == 1 for i in invoice_en.line_items)


def test_it_reads_a_chinese_text_pdf(invoice_zh: Reading) -> None:
    assert invoice_zh.language == "zh"
    assert invoice_zh.kind == "invoice"
    assert invoice_zh.fields["issue_date"].value == "2026-03-02"
    assert invoice_zh.supplier.name
    assert invoice_zh.supplier.name.value == "东莞市华信电器有限公司"
    assert invoice_zh.supplier.phone
    assert invoice_zh.supplier.phone.value == "0769-85312266"
    assert invoice_zh.buyer.name
    assert invoice_zh.buyer.name.value == SELLER_NAME_ZH
    assert invoice_zh.buyer.address
    assert "天安数码城" in invoice_zh.buyer.address.value
    assert [i.quantity for i in invoice_zh.line_items] == [500, 1200]


def test_the_reading_round_trips_through_json(invoice_zh: Reading) -> None:
    assert Reading.from_json(invoice_zh.to_json()).to_json() == invoice_zh.to_json()


@pytest.mark.parametrize(
    ("key", "make"),
    [
        ("scan-en.jpg", lambda: scan(invoice_pdf(INVOICE), tilt=1.2, noise=0.01)),
        ("scan-en.pdf", lambda: scan(invoice_pdf(INVOICE), fmt="pdf", tilt=-0.8, noise=0.01)),
        ("scan-zh.png", lambda: scan(invoice_pdf(INVOICE_ZH), fmt="png", tilt=0.6)),
        ("scan-zh-noisy.jpg", lambda: scan(invoice_pdf(INVOICE_ZH), tilt=-1.0, noise=0.008)),
    ],
)
def test_it_reads_scans_through_ocr_and_the_invoice_passes(
    key: str, make: Callable[[], bytes], read: Read
) -> None:
    reading = read(key, make)
    assert reading.read_by == "ocr"
    assert reading.kind == "invoice"
    assert reading.fields["issue_date"].value == "2026-03-02"
    assert _inside(reading.fields["issue_date"].box)
    assert {i.quantity for i in reading.line_items} >= {500, 1200}
    report = check_evidence([Submitted(reading, "invoices", (ASIN,))], context())
    assert [f.rule for f in report.all_findings()] == []
    assert report.passed


def test_it_reads_gif_and_tiff_scans(read: Read) -> None:
    bill = BillSpec(issued=date(2026, 4, 10))
    for fmt in ("gif", "tiff"):
        reading = read(f"bill.{fmt}", lambda fmt=fmt: scan(bill_pdf(bill), fmt=fmt))
        assert reading.format == fmt
        assert reading.kind == "utility_bill"
        assert reading.fields["issue_date"].value == "2026-04-10"


def test_it_never_takes_the_file_name_for_the_format() -> None:
    reading = read_document(b"%PDF-1.4 not really", "invoice.jpg")
    assert reading.format == "pdf"
    assert reading.problems[0].code == "unreadable"
