"""A seller submits the appeal in Seller Central by copying the boxes, records it with the
invoice they uploaded there, and the case waits for Amazon's answer; a second appeal is refused
with the reason; the same page in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases import services
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.submissions.models import Submission
from tests.e2e.browser import sign_in
from tests.web.submission_helpers import PDF, ready_letter, with_notice

PASSWORD = "correct horse battery staple"


@pytest.fixture
def seller_case(transactional_db: None) -> tuple[User, Case]:
    organisation = Organisation.objects.create(name="Ningbo Harbour Trading")
    user = User.objects.create_user("seller@example.com", PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    account = SellerAccount.objects.create(
        organisation=organisation,
        store_name="Harbour Home",
        marketplaces=["US"],
        merchant_token="A2HARBOUR7X",
    )
    case = services.open_case(account, title="Deactivated: inauthentic", actor=user)
    with_notice(case, user)
    ready_letter(case, user)
    return user, case


def test_it_records_an_appeal_pasted_into_seller_central(
    seller_case: tuple[User, Case], live_server: object, page: Page, artifacts: Path, tmp_path: Path
) -> None:
    user, case = seller_case
    invoice = tmp_path / "invoice-NH-0412.pdf"
    invoice.write_bytes(PDF)
    sign_in(page, live_server, user.email, PASSWORD)
    page.goto(f"{live_server}/cases/{case.pk}/")
    page.locator('.steps a[data-step="5"]').click()
    step = page.locator("#step-5")
    expect(step).to_have_attribute("open", "")

    # The notice asks for a reply; the seller appeals in Account Health instead.
    step.get_by_role("link", name="Account Health appeal form").click()
    step = page.locator("#step-5")
    expect(step.locator(".submit-steps")).to_contain_text("Reactivate your account")
    expect(step.locator(".submit-limits")).to_contain_text("unconfirmed")
    expect(step.locator(".copy-head .chars").first).to_contain_text("of about")
    copy = step.locator("#drafting-submit [data-copy]").first
    copy.click()
    expect(copy).to_have_text("Copied")
    page.screenshot(path=str(artifacts / "submit-guide-en.png"), full_page=True)

    step.locator("#submit-record-files").set_input_files(str(invoice))
    step.get_by_role("button", name="I have submitted it").click()

    expect(
        page.get_by_text("Recorded: Reinstate keeps exactly what you submitted.")
    ).to_be_visible()
    expect(page.locator('.steps [aria-current="step"]')).to_contain_text("Wait for Amazon")
    wait = page.locator("#submissions-wait")
    expect(wait).to_contain_text("Waiting for Amazon's answer")
    expect(wait).to_contain_text("Reinstate offers one short receipt check")
    submission = Submission.objects.get(case=case)
    assert submission.state == "recorded"
    assert submission.attachments[0]["name"] == "invoice-NH-0412.pdf"
    page.locator('.steps a[data-step="5"]').click()
    history = page.locator(".submissions-history")
    expect(history).to_contain_text(submission.sha256[:12])
    expect(history).to_contain_text("invoice-NH-0412.pdf")
    expect(page.locator("#submit-pending")).to_contain_text("duplicate contact")
    expect(page.get_by_role("button", name="I have submitted it")).to_have_count(0)
    page.screenshot(path=str(artifacts / "submit-recorded-en.png"), full_page=True)

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("#submit-pending")).to_contain_text("重复")
    expect(page.locator('.steps [aria-current="step"]')).to_contain_text("等待")
    page.screenshot(path=str(artifacts / "submit-recorded-zh-hans.png"), full_page=True)

    # The dashboard lists the case as waiting, with the time of the receipt check.
    page.goto(f"{live_server}/")
    expect(page.locator("#waiting-for-amazon")).to_be_visible()
