"""A new Chinese-reading seller, from nothing to a letter ready to send, in one sitting:
sign up, add the suspended account, open a case from Amazon's e-mail, upload the Seller Central
exports, write the appeal, read the check, download the letter. Everything in 简体中文."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reinstate.demo import write_demo_data
from reinstate_web.notices.demo import demo_asin, demo_notice_bytes


@pytest.fixture
def seller_files(tmp_path: Path) -> tuple[Path, list[Path]]:
    notice = tmp_path / "Amazon deactivation.eml"
    notice.write_bytes(demo_notice_bytes())
    exports = tmp_path / "exports"
    write_demo_data(exports, orders=1500, today=date.today())
    return notice, sorted(p for p in exports.iterdir() if not p.name.startswith("_"))


def test_a_new_seller_goes_from_sign_up_to_a_letter_in_chinese(
    transactional_db: None,
    live_server: object,
    browser: object,
    seller_files: tuple[Path, list[Path]],
    artifacts: Path,
) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(30_000)
    page: Page = context.new_page()
    notice, exports = seller_files

    page.goto(f"{live_server}/")
    page.get_by_role("link", name="创建账号").click()
    page.get_by_label("你的姓名").fill("陈静")
    page.get_by_label("邮箱地址").fill("chen@example.com")
    page.get_by_label("密码").fill("tea-kettle-harbour-42")
    page.get_by_label("你的公司或团队").fill("宁波海港贸易有限公司")
    page.get_by_role("button", name="创建我的账号").click()

    page.get_by_label("店铺名称").fill("Harbour Home")
    page.get_by_label("amazon.com", exact=True).check()
    page.get_by_role("button", name="保存").click()

    page.goto(f"{live_server}/cases/new/")
    page.locator('input[type="file"]').set_input_files(str(notice))
    page.get_by_role("button", name="创建案件").click()
    expect(page.locator(".notice-headline").first).to_contain_text("真实性投诉")
    expect(page.get_by_text("亚马逊要求你提交的材料")).to_be_visible()
    expect(page.locator(".deadline-box")).to_contain_text("还剩")

    page.locator("#analysis-panel input[type=file]").set_input_files([str(p) for p in exports])
    page.get_by_role("button", name="上传并分析").click()
    finding = page.locator(".analysis-finding", has_text=demo_asin()).first
    # The upload runs the analysis and draws charts in three languages: allow a loaded machine.
    expect(finding).to_contain_text("假货", timeout=90_000)
    page.screenshot(path=str(artifacts / "journey-step1-zh.png"), full_page=True)

    page.locator("#step-2 > summary").click()
    page.get_by_role("button", name="生成我的申诉信").first.click()
    expect(page.get_by_text("你的申诉信，第 1 版")).to_be_visible(timeout=30_000)
    mirror = page.locator("table.mirror").first
    expect(mirror).to_contain_text(demo_asin())
    expect(mirror).to_contain_text("根本原因")

    page.locator("#step-4 > summary").click()
    expect(page.locator("#step-4")).to_contain_text("/100")

    page.locator("#step-5 > summary").click()
    with page.expect_download() as download_info:
        page.locator("#drafting-submit").get_by_role("link", name="Word (DOCX)").click()
    docx = Path(download_info.value.path()).read_bytes()
    assert docx.startswith(b"PK")  # a real Word file (a zip)
    page.screenshot(path=str(artifacts / "journey-step5-zh.png"), full_page=True)
    context.close()
