"""Invoice rules, each passing and failing as it should (text PDFs; the scans are read in
test_reading.py and pass the same rules)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader, PdfWriter

from reinstate.demo.documents import (
    SELLER,
    SUPPLIER,
    BillSpec,
    Company,
    Item,
    bill_pdf,
    invoice_pdf,
    scan,
)
from reinstate.evidence import Reading, Submitted, check_evidence, read_document
from tests.core.evidence.conftest import ASIN, INVOICE, context

Read = Callable[[str, Callable[[], bytes]], Reading]


def rules(reading: Reading, **changes: object) -> list[str]:
    """The document's own findings (a failing invoice also leaves its ASIN uncovered: that is
    test_coverage.py's business)."""
    report = check_evidence([Submitted(reading, "invoices", (ASIN,))], context(**changes))
    return [f.rule for f in report.documents[0].findings]


def test_a_good_invoice_passes_every_rule(invoice_en: Reading) -> None:
    assert rules(invoice_en) == []


def test_an_invoice_older_than_365_days_before_the_notice_is_too_old(read: Read) -> None:
    old = read("old.pdf", lambda: invoice_pdf(replace(INVOICE, issued=date(2025, 4, 27))))
    just = read("just.pdf", lambda: invoice_pdf(replace(INVOICE, issued=date(2025, 4, 28))))
    report = check_evidence([Submitted(old, "invoices", (ASIN,))], context())
    finding = report.documents[0].findings[0]
    assert (finding.rule, finding.value, finding.expected, finding.page) == (
        "invoice_too_old", "2025-04-27", "2025-04-28", 1,
    )  # fmt: skip
    assert finding.box is not None
    assert "invoice_too_old" not in rules(just)


def test_the_notices_own_window_wins(invoice_en: Reading) -> None:
    assert rules(invoice_en, invoice_max_age_days=180) == []
    assert rules(invoice_en, invoice_max_age_days=30) == ["invoice_too_old"]


def test_an_invoice_without_a_date(read: Read) -> None:
    undated = read("undated.pdf", lambda: invoice_pdf(replace(INVOICE, dated=False)))
    assert rules(undated) == ["invoice_date_missing"]


def test_a_proforma_invoice_is_not_a_final_invoice(read: Read) -> None:
    proforma = read("pi.pdf", lambda: invoice_pdf(replace(INVOICE, title="PROFORMA INVOICE")))
    assert proforma.kind == "not_final_invoice"
    assert rules(proforma) == ["not_final_invoice"]


def test_a_supplier_without_phone_and_website(read: Read) -> None:
    bare = replace(SUPPLIER, phone=None, website=None, email=None)
    reading = read("bare.pdf", lambda: invoice_pdf(replace(INVOICE, supplier=bare)))
    report = check_evidence([Submitted(reading, "invoices", (ASIN,))], context())
    [finding] = report.documents[0].findings
    assert finding.rule == "invoice_supplier_contact_missing"
    assert finding.facts["missing"] == ["phone", "website"]


def test_an_invoice_to_another_buyer(read: Read) -> None:
    other = Company("Brightway Home Store", SELLER.address)
    reading = read("other-buyer.pdf", lambda: invoice_pdf(replace(INVOICE, buyer=other)))
    assert rules(reading) == ["buyer_mismatch"]
    assert rules(reading, account=None) == []  # nothing to compare with


def test_an_invoice_to_another_address(read: Read) -> None:
    moved = Company(SELLER.name, SELLER.address.replace("1201", "1202"))
    reading = read("other-room.pdf", lambda: invoice_pdf(replace(INVOICE, buyer=moved)))
    assert rules(reading) == ["address_mismatch"]


def test_an_invoice_without_quantities(read: Read) -> None:
    items = (Item("Hair Dryer Brush 1000W", ASIN, 0),)
    reading = read("no-qty.pdf", lambda: invoice_pdf(replace(INVOICE, items=items)))
    assert "invoice_quantity_missing" in rules(reading)


def test_an_invoice_that_names_no_product_of_the_asin(read: Read) -> None:
    items = (Item("Spare parts assortment", "SP-100", 900),)
    reading = read("vague.pdf", lambda: invoice_pdf(replace(INVOICE, items=items)))
    assert rules(reading) == ["product_not_identified"]


def test_a_figure_typed_over_in_another_font_is_a_sign_of_alteration(read: Read) -> None:
    reading = read("overtyped.pdf", lambda: invoice_pdf(replace(INVOICE, overtyped="date")))
    report = check_evidence([Submitted(reading, "invoices", (ASIN,))], context())
    [finding] = report.all_findings()
    assert (finding.rule, finding.severity.value) == ("altered", "medium")
    assert finding.facts["sign"] == "mixed_fonts"
    assert finding.facts["field"] == "issue_date"
    assert report.passed  # a warning: the seller is told, the document is not refused


def _edited(producer: str, created: str, modified: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(invoice_pdf(INVOICE))))
    writer.add_metadata({"/Producer": producer, "/CreationDate": created, "/ModDate": modified})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("producer", "modified", "signs"),
    [
        ("PDFescape Online 2.1", "D:20260302090000", {"pdf_editor"}),
        ("Microsoft® Word for Microsoft 365", "D:20260302090000", {"editable_source"}),
        ("WeasyPrint 70.0", "D:20260415090000", {"modified_after_creation"}),
    ],
)
def test_edited_pdf_metadata_is_a_sign_of_alteration(
    producer: str, modified: str, signs: set[str]
) -> None:
    reading = read_document(_edited(producer, "D:20260302090000", modified), "edited.pdf")
    report = check_evidence([Submitted(reading, "invoices", (ASIN,))], context())
    assert {f.facts["sign"] for f in report.all_findings() if f.rule == "altered"} == signs


def test_a_bill_handed_in_as_an_invoice(read: Read) -> None:
    bill = read("bill-as-invoice.pdf", lambda: bill_pdf(BillSpec(issued=date(2026, 4, 10))))
    assert "kind_mismatch" in rules(bill)


def test_a_tiff_invoice_is_not_an_accepted_format(read: Read) -> None:
    tiff = read("invoice.tiff", lambda: scan(invoice_pdf(INVOICE), fmt="tiff"))
    assert rules(tiff) == ["format_not_accepted"]
