"""A seller opens the demo case's step 3, sees the checklist and the documents already checked,
uploads a supplier invoice (a tilted, speckled scan) and another that is too old, and reads what
to fix; the document's page shows what was read, boxed on the page image."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from reinstate.demo.documents import InvoiceSpec, Item, invoice_pdf, scan
from reinstate.evidence import units_from_report
from reinstate_web.analysis.services import latest_report
from reinstate_web.cases.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from reinstate_web.cases.models import Case
from reinstate_web.notices.demo import demo_asin
from tests.e2e.browser import sign_in


@pytest.fixture
def demo_case(transactional_db: None) -> Case:
    case, _created = load_demo()
    return case


def _invoices(case: Case, folder: Path) -> tuple[Path, Path]:
    asin = demo_asin()
    report = latest_report(case)
    units, _window, _partial = units_from_report(report) if report else ({}, None, False)
    today = timezone.localdate()
    spec = InvoiceSpec(
        issued=today - timedelta(days=40),
        items=(Item("Hair Dryer Brush 1000W", asin, units.get(asin, 0) + 50),),
        number="HX-2026-0402",
    )
    scanned = folder / "huaxin-invoice-scan.jpg"
    scanned.write_bytes(scan(invoice_pdf(spec), tilt=0.9, noise=0.004))
    old = folder / "huaxin-invoice-2024.pdf"
    old.write_bytes(invoice_pdf(replace(spec, issued=today - timedelta(days=500), number="HX-1")))
    return scanned, old


def _open_step_3(page: Page) -> None:
    """Step 3 of the case page, open whatever step the demo case stands at."""
    page.locator("#step-3").evaluate("details => { details.open = true; }")


def _upload(page: Page, path: Path, proves: str) -> None:
    panel = page.locator("#evidence-panel")
    panel.get_by_label("Document").set_input_files(str(path))
    panel.get_by_label("What it proves").select_option(proves)
    panel.locator("input[type=checkbox]").first.check()
    panel.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".evidence-document", has_text=path.name)).to_be_visible(timeout=90_000)


def test_it_uploads_documents_to_the_demo_case_and_shows_the_checklist_and_findings(
    demo_case: Case, live_server: object, page: Page, artifacts: Path, tmp_path: Path
) -> None:
    scanned, old = _invoices(demo_case, tmp_path)
    sign_in(page, live_server, DEMO_EMAIL, DEMO_PASSWORD)
    page.goto(f"{live_server}/cases/{demo_case.pk}/#step-3")
    _open_step_3(page)
    panel = page.locator("#evidence-panel")
    expect(panel.get_by_role("heading", name="What this case still needs")).to_be_visible()
    invoices = panel.locator(".evidence-item", has_text="invoices").first
    expect(invoices).to_be_visible()
    # The demo's documents: one passes, one lacks the supplier's contact, one is too old.
    expect(panel.get_by_text("Missing on the invoice: phone number, website.")).to_be_visible()
    expect(
        panel.get_by_text("Invoices must be issued within 365 days before the notice.").first
    ).to_be_visible()

    _upload(page, scanned, "invoices")
    row = page.locator(".evidence-document", has_text=scanned.name)
    expect(row.get_by_text("Passes")).to_be_visible()
    _upload(page, old, "invoices")
    row = page.locator(".evidence-document", has_text=old.name)
    expect(row.get_by_text("Needs attention")).to_be_visible()
    expect(row.get_by_text("Send invoices issued from")).to_be_visible()
    expect(page.locator("#evidence-panel .evidence-submission")).to_contain_text("01-invoice-")
    page.locator("#step-3").screenshot(path=str(artifacts / "evidence-step-3-en.png"))

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    _open_step_3(page)
    expect(page.locator("#evidence-panel").get_by_text("这个案件还需要什么")).to_be_visible()
    expect(
        page.locator("#evidence-panel").get_by_text("发票必须在通知前 365 天内开具。").first
    ).to_be_visible()
    page.locator("#step-3").screenshot(path=str(artifacts / "evidence-step-3-zh-hans.png"))

    page.get_by_role("button", name="English").click()
    page.goto(f"{live_server}/cases/{demo_case.pk}/")
    _open_step_3(page)
    page.get_by_role("link", name=scanned.name).click()
    expect(page.get_by_role("heading", name="Page 1: what was read")).to_be_visible()
    boxes = page.locator("svg.evidence-svg rect.evidence-box")
    expect(boxes.first).to_be_attached()
    assert boxes.count() >= 4
    image = page.locator("svg.evidence-svg image")
    assert "/pages/1.png" in (image.get_attribute("href") or "")
    expect(page.get_by_text("Read from the scan by OCR.")).to_be_visible()
    page.screenshot(path=str(artifacts / "evidence-document-en.png"), full_page=True)
