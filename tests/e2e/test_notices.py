"""A seller opens a case by uploading Amazon's e-mail and reads what it means, in English and
in Chinese, with the words that decided it highlighted."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases.models import SellerAccount
from tests.e2e.browser import sign_in

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notices"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def seller(transactional_db: None) -> User:
    organisation = Organisation.objects.create(name="Ningbo Harbour Trading")
    user = User.objects.create_user("seller@example.com", PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    SellerAccount.objects.create(organisation=organisation, store_name="Harbour Goods")
    return user


def test_it_opens_a_case_from_an_uploaded_notice_and_explains_it(
    seller: User, live_server: object, page: Page, artifacts: Path
) -> None:
    sign_in(page, live_server, seller.email, PASSWORD)

    page.goto(f"{live_server}/cases/new/")
    page.get_by_label("…or upload it").set_input_files(str(FIXTURES / "eml_forwarded_gmail.eml"))
    page.get_by_role("button", name="Open the case").click()

    headline = page.locator(".notice-headline").first
    expect(headline).to_be_visible()
    expect(page.locator(".notice-facts")).to_contain_text("B0CXZ4R8TN")
    expect(page.get_by_text("Where to answer")).to_be_visible()
    expect(page.get_by_text("What Amazon asks you to send")).to_be_visible()
    expect(page.locator(".deadline-box")).to_be_visible()
    english = headline.inner_text()
    page.screenshot(path=str(artifacts / "notice-en.png"), full_page=True)

    page.get_by_role("button", name="简体中文").click()
    expect(page.get_by_text("亚马逊要求你提交的材料")).to_be_visible()
    expect(page.get_by_text("在哪里回复")).to_be_visible()
    assert page.locator(".notice-headline").first.inner_text() != english
    page.screenshot(path=str(artifacts / "notice-zh-hans.png"), full_page=True)

    page.get_by_role("link", name="阅读完整邮件").click()
    expect(page.locator(".notice-text mark").first).to_be_visible()
    page.screenshot(path=str(artifacts / "notice-detail-zh-hans.png"), full_page=True)


VAGUE_NOTICE = (
    "Hello,\n\nYour Amazon seller account has been deactivated. Your listings have been removed."
    "\nFunds will not be transferred to you but will stay in your account while we work with you."
    "\nPlease ship any open orders to avoid further impact to your account.\n"
)


def test_an_unsure_diagnosis_asks_the_seller_to_choose_before_any_letter(
    seller: User, live_server: object, page: Page, artifacts: Path
) -> None:
    sign_in(page, live_server, seller.email, PASSWORD)
    page.goto(f"{live_server}/cases/new/")
    page.get_by_label("Paste Amazon's message").fill(VAGUE_NOTICE)
    page.get_by_role("button", name="Open the case").click()

    expect(page.locator(".notice-headline").first).to_contain_text("not sure")
    choice = page.locator("#choose-category")
    expect(choice).to_be_visible()
    expect(choice.locator(".candidate input[type=radio]").first).to_be_visible()
    expect(page.get_by_text("Reinstate does not know the kind of case yet")).to_be_attached()
    page.screenshot(path=str(artifacts / "notice-unsure-en.png"), full_page=True)

    choice.get_by_label("Another policy").select_option("verification")
    choice.get_by_role("button", name="Use this category").click()

    expect(page.get_by_text("You chose the category")).to_be_visible()
    expect(page.locator("#choose-category[open]")).to_have_count(0)
    expect(page.get_by_text("Reinstate does not know the kind of case yet")).to_have_count(0)
    page.screenshot(path=str(artifacts / "notice-unsure-chosen.png"), full_page=True)
