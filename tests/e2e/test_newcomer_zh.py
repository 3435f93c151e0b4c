"""A newcomer who reads Chinese walks a new case in 简体中文 and meets no English outside the
letter: sign up, add the suspended store, open a case from Amazon's e-mail, upload the exports
``reinstate demo-data`` writes, answer the questions, write the appeal, read every step.

On every page the visible text (and the labels and tooltips) is checked with
``tests/web/ui_language.py``: English may show only in the letter and in Amazon's and customers'
own words (marked with their ``lang``), in the seller's own data (marked ``translate="no"``, or
typed by this test: ``DATA``), in codes (``<code>``: ASINs, orders, SKUs) and in the short,
reviewed ``ALLOWED`` list. The same walk checks that the step bar opens its panel and that the
step and status follow "生成我的申诉信" without a reload.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from reinstate_web.notices.demo import demo_asin, demo_notice_bytes
from tests.web.ui_language import leaks, visible_text_nodes

STORE = "Harbour Home"
PERSON = "Chen Jing"
COMPANY = "Ningbo Harbour Trading Co., Ltd."
SUPPLIER = "Yiwu Jiali Trading Co., Ltd."
NOTICE_FILE = "Amazon deactivation.eml"
# What the seller typed or uploaded: shown as written, never translated.
DATA = [STORE, PERSON, COMPANY, SUPPLIER, NOTICE_FILE, "chen@example.com"]


def _reinstate() -> str:
    """The ``reinstate`` command of this environment."""
    beside = Path(sys.executable).with_name("reinstate")
    return str(beside) if beside.exists() else (shutil.which("reinstate") or "reinstate")


@pytest.fixture
def seller_files(tmp_path: Path) -> tuple[Path, list[Path]]:
    notice = tmp_path / NOTICE_FILE
    notice.write_bytes(demo_notice_bytes())
    exports = tmp_path / "exports"
    subprocess.run(
        [_reinstate(), "demo-data", str(exports), "--orders", "1500"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    files = sorted(p for p in exports.iterdir() if not p.name.startswith("_"))
    assert files, "reinstate demo-data wrote no export"
    return notice, files


def _english(page: Page, where: str, data: list[str]) -> list[str]:
    """The English a Chinese reader sees on the page, after the page has settled."""
    page.wait_for_load_state("networkidle")
    found = leaks(visible_text_nodes(page, "zh"), data)
    return [f"{where}: {text}" for text in found]


def _once(found: list[str]) -> list[str]:
    """Each English text once, at the first page it showed on (a panel stays open)."""
    seen: dict[str, str] = {}
    for line in found:
        where, _sep, text = line.partition(": ")
        seen.setdefault(text, where)
    return [f"{where}: {text}" for text, where in seen.items()]


def _answer_the_questions(page: Page) -> None:
    """The inauthentic-complaints questions, then any other required one (the knowledge base
    may add questions): a first choice, a recent date, a number or a name in English."""
    today = date.today()
    form = page.locator("#drafting-answers")
    known = {
        "sourcing_channel": "unauthorised_wholesaler",
        "invoices_cover_sales": "partly",
        "barcode_type": "manufacturer",
        "owner_role": "operations_manager",
    }
    for qid, value in known.items():
        choice = form.locator(f'#q-{qid} input[value="{value}"]')
        if choice.count():
            choice.check()
    fills = {
        "supplier_name": SUPPLIER,
        "invoice_units": "420",
        "first_invoice_date": (today - timedelta(days=200)).isoformat(),
        "units_removed": "180",
        "action_date": (today - timedelta(days=4)).isoformat(),
        "start_date": (today - timedelta(days=2)).isoformat(),
    }
    for name, value in fills.items():
        field = form.locator(f'input[name="{name}"]')
        if field.count():
            field.fill(value)
    for fieldset in form.locator("fieldset.question").all():
        if not fieldset.locator(".tag").count():
            continue  # optional
        if fieldset.locator("input[type=radio]").count():
            if not fieldset.locator("input[type=radio]:checked").count():
                fieldset.locator("input[type=radio]").first.check()
        elif fieldset.locator("input[type=checkbox]").count():
            if not fieldset.locator("input[type=checkbox]:checked").count():
                fieldset.locator("input[type=checkbox]").first.check()
        elif fieldset.locator("input[type=date]").count():
            box = fieldset.locator("input[type=date]")
            if not box.input_value():
                box.fill((today - timedelta(days=3)).isoformat())
        elif fieldset.locator("input[type=text]").count():
            box = fieldset.locator("input[type=text]").first
            if not box.input_value():
                box.fill("100" if box.get_attribute("inputmode") == "decimal" else SUPPLIER)


def test_a_newcomer_walks_a_new_case_in_chinese_and_meets_no_english(
    transactional_db: None,
    live_server: object,
    browser: Browser,
    seller_files: tuple[Path, list[Path]],
    artifacts: Path,
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(30_000)
    page = context.new_page()
    notice, exports = seller_files
    data = DATA + [p.name for p in exports]
    found: list[str] = []

    # Sign up: a short password first, whose error must be Chinese too.
    page.goto(f"{live_server}/")
    found += _english(page, "sign-in", data)
    page.get_by_role("link", name="创建账号").click()
    page.get_by_label("你的姓名").fill(PERSON)
    page.get_by_label("邮箱地址").fill("chen@example.com")
    page.get_by_label("密码").fill("short")
    page.get_by_label("你的公司或团队").fill(COMPANY)
    page.get_by_role("button", name="创建我的账号").click()
    expect(page.locator(".field.has-error")).to_be_visible()
    found += _english(page, "sign-up error", data)
    page.get_by_label("密码").fill("tea-kettle-harbour-42")
    page.get_by_role("button", name="创建我的账号").click()

    found += _english(page, "new seller account", data)
    page.get_by_label("店铺名称").fill(STORE)
    page.get_by_label("amazon.com", exact=True).check()
    page.get_by_role("button", name="保存").click()
    found += _english(page, "seller account", data)

    page.goto(f"{live_server}/cases/new/")
    found += _english(page, "new case", data)
    page.locator('input[type="file"]').set_input_files(str(notice))
    page.get_by_role("button", name="创建案件").click()
    expect(page.locator(".notice-headline").first).to_contain_text("真实性投诉")
    case_url = page.url.split("#")[0]
    # The title is Chinese, with the ASIN to tell it from the next case.
    expect(page.locator("h1")).to_contain_text(demo_asin())
    expect(page.locator("h1")).to_contain_text("真实性投诉")
    found += _english(page, "case, step 1", data)

    page.locator("#analysis-panel input[type=file]").set_input_files([str(p) for p in exports])
    page.get_by_role("button", name="上传并分析").click()
    finding = page.locator(".analysis-finding", has_text=demo_asin()).first
    expect(finding).to_contain_text("假货", timeout=120_000)
    page.goto(case_url)
    expect(page.locator("#notice-gap")).to_have_count(0)  # the exports cover the notice's ASIN
    found += _english(page, "case, step 1 with the data", data)
    page.screenshot(path=str(artifacts / "newcomer-zh-step1.png"), full_page=True)

    # The step bar opens the step it names.
    page.locator('.steps a[data-step="2"]').click()
    expect(page.locator("#step-2")).to_have_attribute("open", "")
    expect(page.locator(".steps [aria-current=step]")).to_contain_text("查找原因")
    found += _english(page, "step 2, questions", data)
    _answer_the_questions(page)
    page.get_by_role("button", name="生成我的申诉信").first.click()
    expect(page.get_by_text("你的申诉信，第 1 版")).to_be_visible(timeout=60_000)
    # The step and the status follow the new draft in the same response, without a reload.
    expect(page.locator(".steps [aria-current=step]")).to_contain_text("撰写申诉")
    expect(page.locator("#case-facts")).to_contain_text("正在撰写申诉")
    expect(page.locator("#step-1-state")).to_contain_text("已完成")
    found += _english(page, "step 2, the letter", data)
    page.screenshot(path=str(artifacts / "newcomer-zh-step2.png"), full_page=True)

    for step in range(3, 8):
        page.locator(f'.steps a[data-step="{step}"]').click()
        expect(page.locator(f"#step-{step}")).to_have_attribute("open", "")
        found += _english(page, f"step {step}", data)

    page.get_by_role("link", name="案件", exact=True).first.click()
    expect(page.locator("table.cases")).to_contain_text(demo_asin())
    found += _english(page, "cases", data)
    page.goto(f"{case_url}drafting/version/")
    found += _english(page, "letter version", data)
    page.goto(case_url)
    page.locator("#step-1").evaluate("step => { step.open = true; }")
    page.get_by_text("阅读完整邮件").first.click()
    found += _english(page, "Amazon's message", data)
    for name in ("卖家账户", "团队", "个人资料"):
        page.get_by_role("navigation").get_by_role("link", name=name).click()
        found += _english(page, name, data)
    context.close()
    assert not found, "English on the Chinese pages:\n" + "\n".join(_once(found))
