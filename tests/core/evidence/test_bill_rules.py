"""Utility bills and bank statements: issued within 90 days, the account's name and address,
provider details, a full page and not a screenshot."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from PIL import Image

from reinstate.demo.documents import (
    SELLER,
    SELLER_ZH,
    BillSpec,
    Company,
    bill_pdf,
    page_image,
    scan,
)
from reinstate.evidence import Reading, Submitted, check_evidence
from tests.core.evidence.conftest import TODAY, context

Read = Callable[[str, Callable[[], bytes]], Reading]
BILL = BillSpec(issued=TODAY - timedelta(days=20))


def rules(reading: Reading, proves: str = "utility_bill") -> list[str]:
    return [f.rule for f in check_evidence([Submitted(reading, proves)], context()).all_findings()]


def test_a_recent_bill_in_the_accounts_name_passes(read: Read) -> None:
    assert rules(read("bill.pdf", lambda: bill_pdf(BILL))) == []
    assert rules(read("bill.pdf", lambda: bill_pdf(BILL)), "bank_statement") == ["kind_mismatch"]


def test_a_chinese_bill_scan_passes(read: Read) -> None:
    zh = replace(BILL, holder=SELLER_ZH, language="zh")
    reading = read("bill-zh.jpg", lambda: scan(bill_pdf(zh), tilt=0.7, noise=0.005))
    assert reading.read_by == "ocr"
    assert reading.fields["issue_date"].value == BILL.issued.isoformat()
    assert rules(reading) == []


def test_a_bill_older_than_90_days_is_too_old(read: Read) -> None:
    old = read("old-bill.pdf", lambda: bill_pdf(replace(BILL, issued=TODAY - timedelta(91))))
    fresh = read("90-bill.pdf", lambda: bill_pdf(replace(BILL, issued=TODAY - timedelta(90))))
    assert rules(old) == ["bill_too_old"]
    assert rules(fresh) == []


def test_a_bill_without_a_date(read: Read) -> None:
    assert rules(read("undated-bill.pdf", lambda: bill_pdf(replace(BILL, dated=False)))) == [
        "bill_date_missing"
    ]


def test_a_bill_in_another_name_or_at_another_address(read: Read) -> None:
    named = replace(BILL, holder=Company("Li Wei", SELLER.address))
    moved = replace(BILL, holder=Company(SELLER.name, "No. 9 Binhe Road, Luohu District, Shenzhen"))
    assert rules(read("li-wei.pdf", lambda: bill_pdf(named))) == ["name_mismatch"]
    assert rules(read("moved.pdf", lambda: bill_pdf(moved))) == ["address_mismatch"]


def test_a_bill_without_the_providers_details(read: Read) -> None:
    anonymous = replace(BILL, provider=Company("", ""))
    assert rules(read("no-provider.pdf", lambda: bill_pdf(anonymous))) == ["bill_provider_missing"]


def _png(image: Image.Image, **save: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", **save)
    return out.getvalue()


def test_a_screenshot_of_a_bill_is_refused(read: Read) -> None:
    page = page_image(bill_pdf(BILL), dpi=150)
    screen = Image.new("L", (1920, 1080), 235)
    screen.paste(page.resize((700, 990)), (610, 45))
    reading = read("screenshot.png", lambda: _png(screen))
    report = check_evidence([Submitted(reading, "utility_bill")], context())
    finding = next(f for f in report.all_findings() if f.rule == "screenshot")
    assert finding.severity.value == "high"
    assert not report.passed


def test_a_cropped_bill_is_not_a_full_page(read: Read) -> None:
    reading = read("cropped.png", lambda: scan(bill_pdf(BILL), fmt="png", crop=(0, 0, 1, 0.45)))
    assert "partial_page" in rules(reading)


def test_a_coarse_scan_is_low_resolution(read: Read) -> None:
    reading = read("coarse.jpg", lambda: scan(bill_pdf(BILL), dpi=100))
    assert "low_resolution" in rules(reading)
