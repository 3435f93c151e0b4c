"""A seller connects their account to the Selling Partner API (a local server plays Amazon),
fetches the reports from the case page and sees the dated snapshots and Amazon's own order
defect rate among the findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases import services
from reinstate_web.cases.models import Case, SellerAccount
from tests.core.live.amazon_mock import APP_ID, CLIENT_SECRET, REFRESH_TOKEN, AmazonMock
from tests.e2e.browser import sign_in

PASSWORD = "correct horse battery staple"
# Screenshots go to the ignored artifacts folder; docs/screenshots holds reviewed copies.
SCREENSHOTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture
def seller_case(transactional_db: None) -> tuple[User, Case]:
    organisation = Organisation.objects.create(name="Yiwu Brightway Trading")
    user = User.objects.create_user("seller@example.com", PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    account = SellerAccount.objects.create(
        organisation=organisation, store_name="Brightway Home", marketplaces=["US"]
    )
    case = services.open_case(
        account, title="Deactivated: order defect rate", actor=user, category="performance_odr"
    )
    return user, case


def test_it_connects_fetches_and_shows_the_snapshots(
    seller_case: tuple[User, Case],
    amazon: AmazonMock,
    live_server: object,
    page: Page,
) -> None:
    user, case = seller_case
    sign_in(page, live_server, user.email, PASSWORD)

    page.goto(f"{live_server}/accounts/{case.account_id}/")
    page.get_by_role("link", name="Connect to Amazon").click()
    page.get_by_label("LWA client identifier").fill(APP_ID)
    page.get_by_label("LWA client secret").fill(CLIENT_SECRET)
    page.get_by_label("Refresh token").fill(REFRESH_TOKEN)
    page.get_by_role("button", name="Check and connect").click()
    expect(page.locator("#live-account").get_by_text("Connected", exact=True)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(REFRESH_TOKEN)

    page.goto(f"{live_server}/cases/{case.pk}/")
    page.get_by_role("button", name="Fetch from Amazon now").click()
    snapshots = page.locator(".live-snapshots")
    expect(snapshots).to_contain_text("Account health (seller performance report)")
    expect(snapshots).to_contain_text("FBA customer returns")
    # The snapshots are the case's files, analysed like uploads: Amazon's ODR is a finding.
    expect(page.locator("#analysis-panel")).to_contain_text(
        "amazon_US_GET_V2_SELLER_PERFORMANCE_REPORT_"
    )
    expect(page.locator("#analysis-panel")).to_contain_text("1.7", timeout=30_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#live-panel").screenshot(path=str(SCREENSHOTS / "live-panel-en.png"))
