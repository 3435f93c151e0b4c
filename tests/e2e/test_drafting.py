"""The demo seller answers the questionnaire, writes the appeal, reads it beside its Chinese
meaning, adds a pleading sentence and sees it flagged, saves, and downloads the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from reinstate_web.cases.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from reinstate_web.drafting.models import Draft
from tests.e2e.browser import sign_in

pytestmark = pytest.mark.xdist_group("browser")

# Screenshots go to the ignored artifacts folder; docs/screenshots holds reviewed copies.
SCREENSHOTS = Path(__file__).resolve().parent / "artifacts"
PLEA = "We are so sorry, please give us a second chance."
CHINESE = re.compile("[\u4e00-\u9fff]")
ENGLISH_WORDS = re.compile("[A-Za-z]{4,}")


@pytest.fixture
def demo(transactional_db: None) -> str:
    """The demo case's title as the English page shows it."""
    case, _created = load_demo()
    with translation.override("en"):
        return case.display_title


def test_it_goes_from_questionnaire_to_a_pdf_download(
    demo: str, live_server: object, page: Page, artifacts: Path
) -> None:
    base_url = str(live_server)
    sign_in(page, base_url, DEMO_EMAIL, DEMO_PASSWORD)
    page.get_by_role("link", name=demo).click()

    page.locator("#step-2").evaluate("step => { step.open = true; }")  # current step: open
    draft_panel = page.locator("#drafting-draft")
    latest = Draft.objects.order_by("-number").first()  # the demo's last version
    assert latest is not None
    first = latest.number
    expect(draft_panel.get_by_text(f"Your appeal, version {first}")).to_be_visible()

    # Answer the questionnaire: another person runs the checks, new dates are picked.
    page.locator(".questionnaire > summary").click()
    page.locator('#q-owner_role input[value="compliance_manager"]').check()
    page.get_by_role("button", name="Write my appeal again").click()
    expect(draft_panel.get_by_text(f"Your appeal, version {first + 1}")).to_be_visible()

    # English beside its Chinese meaning, line by line.
    row = draft_panel.locator("table.mirror tbody tr", has_text="compliance manager").first
    expect(row.locator('td[lang="en"]')).to_contain_text("compliance manager")
    expect(row.locator('td[lang="zh-Hans"]')).to_contain_text(CHINESE)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    draft_panel.locator("section.draft").screenshot(path=str(SCREENSHOTS / "drafting-draft.png"))

    # Edit one sentence; the inline check marks the plea, explained on hover in the page's
    # language (English here; Chinese on the Chinese page).
    letter = page.locator("#drafting-letter")
    text = letter.input_value()
    letter.fill(text.replace("Root cause\n", f"Root cause\n{PLEA} ", 1))
    mark = page.locator('#drafting-check mark[data-codes*="tone_pleading"]').first
    expect(mark).to_be_visible()
    expect(mark).to_contain_text("please")
    expect(mark).to_have_attribute("title", ENGLISH_WORDS)
    mark.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "drafting-check.png"), full_page=True)
    page.locator(".edit-area").screenshot(path=str(SCREENSHOTS / "drafting-check.png"))

    page.get_by_role("button", name="Save as a new version").click()
    expect(draft_panel.get_by_text(f"Your appeal, version {first + 2}")).to_be_visible()
    expect(page.locator("table.versions")).to_contain_text("Edited by hand")
    saved = Draft.objects.order_by("-number").first()
    assert saved is not None
    assert PLEA in saved.letter
    assert saved.origin == "edited"

    # Step 5: the boxes to paste and the downloads.
    page.locator("#step-5 > summary").click()
    submit = page.locator("#drafting-submit")
    expect(submit.locator("#drafting-box-root_cause")).to_contain_text("second chance")
    with page.expect_download() as download_info:
        submit.get_by_role("link", name="PDF", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(f"-v{first + 2}.pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    submit.screenshot(path=str(SCREENSHOTS / "drafting-submit.png"))
