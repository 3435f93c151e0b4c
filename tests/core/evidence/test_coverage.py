"""The invoices together: every ASIN of the notice covered, and the quantities covering the units
sold in the window, computed from the seller's own order data (``reinstate.analysis``)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from reinstate.analysis import analyze
from reinstate.demo import catalogue, write_demo_data
from reinstate.demo.documents import InvoiceSpec, Item, invoice_pdf
from reinstate.evidence import (
    Reading,
    Submitted,
    check_evidence,
    products_from_report,
    read_document,
    units_from_report,
)
from tests.core.evidence.conftest import ASIN, INVOICE, OTHER_ASIN, context

NOTICE = date(2026, 4, 28)


@pytest.fixture(scope="module")
def sold(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, dict[str, int], object]:
    """The demo seller's orders: the planted counterfeit ASIN, its title, and units sold."""
    folder: Path = tmp_path_factory.mktemp("orders")
    write_demo_data(folder, orders=1500, today=date(2026, 5, 2), seed=7)
    product = next(p for p in catalogue(random.Random(7)) if p.role == "fake")
    report = analyze([folder], notice_asins=[product.asin], notice_date=NOTICE)
    units, window, _partial = units_from_report(report)
    return product.asin, product.title, units, (window, products_from_report(report))


def _invoice(asin: str, title: str, quantity: int) -> Reading:
    spec = InvoiceSpec(issued=date(2026, 2, 2), items=(Item(title, asin, quantity),))
    return read_document(invoice_pdf(spec), f"invoice-{quantity}.pdf")


def test_invoices_short_of_the_units_sold_in_the_window(
    sold: tuple[str, str, dict[str, int], object],
) -> None:
    asin, title, units, (window, products) = sold  # type: ignore[misc]
    needed = units[asin]
    assert needed > 20
    ctx = context(asins=(asin,), units_sold=units, units_window=window, products=products)
    short = _invoice(asin, title, needed - 7)
    report = check_evidence([Submitted(short, "invoices", (asin,))], ctx)
    [finding] = report.findings
    assert finding.rule == "invoice_quantity_short"
    assert finding.facts["units_sold"] == needed
    assert finding.facts["invoiced"] == needed - 7
    assert finding.facts["short"] == 7
    assert finding.facts["window_end"] == NOTICE.isoformat()
    assert not report.passed

    enough = _invoice(asin, title, needed)
    report = check_evidence([Submitted(enough, "invoices", (asin,))], ctx)
    assert report.findings == ()
    assert report.passed
    assert report.coverage[asin]["covered"]


def test_two_invoices_add_up(sold: tuple[str, str, dict[str, int], object]) -> None:
    asin, title, units, _rest = sold
    ctx = context(asins=(asin,), units_sold=units)
    half = units[asin] // 2 + 1
    documents = [Submitted(_invoice(asin, title, half), "invoices", (asin,)) for _ in range(2)]
    assert check_evidence(documents, ctx).findings == ()


def test_a_line_is_matched_to_its_asin_by_the_listing_title(
    sold: tuple[str, str, dict[str, int], object],
) -> None:
    asin, title, units, (_window, products) = sold  # type: ignore[misc]
    spec = InvoiceSpec(issued=date(2026, 2, 2), items=(Item(title, "HD-1000W", units[asin]),))
    reading = read_document(invoice_pdf(spec), "by-title.pdf")
    ctx = context(asins=(asin,), units_sold=units, products=products)
    report = check_evidence([Submitted(reading)], ctx)  # untagged: found by its title
    assert report.documents[0].units == {asin: units[asin]}
    assert report.passed


def test_an_asin_of_the_notice_no_invoice_covers(invoice_en: Reading) -> None:
    ctx = context(asins=(ASIN, "B0ZZZZ9999"), units_sold={ASIN: 10})
    report = check_evidence([Submitted(invoice_en, "invoices")], ctx)
    assert [(f.rule, f.value) for f in report.findings] == [("asin_not_covered", "B0ZZZZ9999")]


def test_an_invoice_that_fails_covers_nothing(invoice_en: Reading) -> None:
    old = read_document(invoice_pdf(replace(INVOICE, issued=date(2024, 1, 5))), "old.pdf")
    report = check_evidence([Submitted(old, "invoices")], context(asins=(ASIN, OTHER_ASIN)))
    assert {f.rule for f in report.findings} == {"asin_not_covered"}
    assert report.findings[0].facts["failing"] == ["old.pdf"]
    assert check_evidence([Submitted(invoice_en, "invoices")], context()).passed
