"""A seller uploads two Seller Central exports on a case and sees what they show: a finding
with the customers' words and a chart, and the metric names in Chinese after switching."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reinstate.demo import DemoManifest, write_demo_data
from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases import services
from reinstate_web.cases.models import Case, SellerAccount
from tests.e2e.browser import sign_in

PASSWORD = "correct horse battery staple"
# Screenshots go to the ignored artifacts folder; docs/screenshots holds reviewed copies.
SCREENSHOTS = Path(__file__).resolve().parent / "artifacts"
# Visible is not loaded: after switching language the new chart's bytes may
# still be on their way, so wait for the browser to decode the image (this
# rejects, failing the test, when the image is broken).
LOADED = "img => img.decode().then(() => img.naturalWidth > 0)"


@pytest.fixture
def seller_case(transactional_db: None) -> tuple[User, Case]:
    organisation = Organisation.objects.create(name="Ningbo Harbour Trading")
    user = User.objects.create_user("seller@example.com", PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    account = SellerAccount.objects.create(organisation=organisation, store_name="Harbour Goods")
    case = services.open_case(
        account, title="Deactivated: inauthentic complaints", actor=user, category="inauthentic"
    )
    return user, case


@pytest.fixture
def exports(tmp_path: Path) -> DemoManifest:
    return write_demo_data(tmp_path, orders=800, today=date(2026, 5, 2), seed=5)


def test_it_uploads_two_exports_and_shows_a_finding_and_a_chart(
    seller_case: tuple[User, Case],
    exports: DemoManifest,
    live_server: object,
    page: Page,
    artifacts: Path,
) -> None:
    user, case = seller_case
    sign_in(page, live_server, user.email, PASSWORD)
    page.goto(f"{live_server}/cases/{case.pk}/")

    expect(page.get_by_text("Up to 1024 MB per file")).to_be_visible()
    page.get_by_label("Seller Central exports").set_input_files(
        [str(exports.path("all_orders")), str(exports.path("fba_returns"))]
    )
    page.get_by_role("button", name="Upload and analyse").click()

    planted = exports.problem("complaints_inauthentic").asins[0]
    finding = page.locator(".analysis-finding", has_text="Customer complaints").filter(
        has_text=planted
    )
    expect(finding.first).to_be_visible(timeout=60_000)
    expect(finding.first.locator("blockquote").first).to_be_visible()
    expect(page.locator(".analysis-files")).to_contain_text("All Orders report")
    expect(page.locator(".analysis-files")).to_contain_text("FBA customer returns")
    chart = page.locator(".analysis-chart img").first
    expect(chart).to_be_visible()
    assert chart.evaluate(LOADED)
    assert "/charts/en/" in (chart.get_attribute("src") or "")
    page.screenshot(path=str(artifacts / "analysis-en.png"), full_page=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#analysis-panel").screenshot(path=str(SCREENSHOTS / "analysis-panel-en.png"))

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator(".analysis-metric-name").first).to_contain_text("订单缺陷率")
    chart = page.locator(".analysis-chart img").first
    expect(chart).to_be_visible()
    assert "/charts/zh-hans/" in (chart.get_attribute("src") or "")
    assert chart.evaluate(LOADED)
    page.screenshot(path=str(artifacts / "analysis-zh-hans.png"), full_page=True)
