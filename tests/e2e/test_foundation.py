"""A new user signs in with the demo login, opens the demo case and reads it in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from reinstate_web.cases.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from tests.e2e.browser import sign_in


@pytest.fixture
def demo(transactional_db: None) -> str:
    """The demo case's title as the English page shows it."""
    case, _created = load_demo()
    with translation.override("en"):
        return case.display_title


def test_it_walks_a_new_user_from_sign_in_to_the_case_in_chinese(
    demo: str, live_server: object, page: Page, artifacts: Path
) -> None:
    base_url = str(live_server)
    sign_in(page, base_url, DEMO_EMAIL, DEMO_PASSWORD)

    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    expect(page.get_by_text("days left").first).to_be_visible()
    page.get_by_role("link", name=demo).click()

    expect(page.get_by_role("heading", name=demo)).to_be_visible()
    current = page.locator('.steps [aria-current="step"]')
    # The demo's appeal went to Amazon yesterday: the case waits for the answer.
    expect(current).to_contain_text("Wait for Amazon")
    expect(page.get_by_text("Step 6 of 7")).to_be_visible()
    expect(page.locator("#submissions-wait")).to_contain_text("Waiting for Amazon's answer")
    page.screenshot(path=str(artifacts / "case-page-en.png"), full_page=True)

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator('.steps [aria-current="step"]')).to_contain_text("等待回复")
    expect(page.get_by_text("第 6 步，共 7 步")).to_be_visible()
    expect(page.get_by_text("还剩").first).to_be_visible()
    page.screenshot(path=str(artifacts / "case-page-zh-hans.png"), full_page=True)

    page.get_by_role("button", name="繁體中文").click()
    expect(page.locator('.steps [aria-current="step"]')).to_contain_text("等待回覆")
    page.screenshot(path=str(artifacts / "case-page-zh-hant.png"), full_page=True)


def test_it_keeps_an_unknown_visitor_out(demo: str, live_server: object, page: Page) -> None:
    sign_in(page, live_server, DEMO_EMAIL, "not the password")
    expect(page.get_by_text("do not match")).to_be_visible()
