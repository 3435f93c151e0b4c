"""The pages work under the strict Content-Security-Policy: a real browser walks the demo case
(dashboard, every step of the case page, the drafting interactions, the notice) and reports no
policy violation, while the policy is really enforced (a style attribute set by script is
refused and reported)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import ConsoleMessage, Page, expect

from reinstate_web.cases.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from tests.e2e.browser import sign_in

pytestmark = pytest.mark.xdist_group("browser")

PLEA = "We are so sorry, please give us a second chance."

# Collects every violation the page reports (init scripts run outside the page's policy).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def demo(transactional_db: None) -> tuple[Case, str]:
    case, _created = load_demo()
    with translation.override("en"):
        return case, case.display_title


def _violations(page: Page) -> list[str]:
    return list(page.evaluate("window.__cspViolations || []"))


def test_it_runs_the_demo_case_under_the_policy_without_a_violation(
    demo: tuple[Case, str], live_server: object, page: Page, artifacts: Path
) -> None:
    case, title = demo
    base_url = str(live_server)
    console: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            console.append(message.text)

    page.on("console", on_console)
    page.add_init_script(LISTEN)
    seen: list[str] = []

    def check(where: str) -> None:
        found = _violations(page)
        seen.extend(f"{where}: {v}" for v in found)

    sign_in(page, base_url, DEMO_EMAIL, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    check("dashboard")

    response = page.goto(f"{base_url}/cases/{case.pk}/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert response.headers["cache-control"] == "private, no-store"
    expect(page.get_by_role("heading", name=title)).to_be_visible()

    # Every step, opened from the steps bar as a seller would.
    for number in range(1, 8):
        page.locator(f'.steps a[data-step="{number}"]').click()
        expect(page.locator(f"#step-{number}")).to_have_attribute("open", "")
    check("case page, every step")

    # Drafting: questionnaire, a new version through htmx (its indicator hidden when idle, from
    # the static CSS now), the inline letter check, and a copy button.
    draft_panel = page.locator("#drafting-draft")
    latest = Draft.objects.order_by("-number").first()  # the demo's last version
    assert latest is not None
    first = latest.number
    expect(page.get_by_text("Writing…")).to_be_hidden()
    page.locator(".questionnaire > summary").click()
    page.locator('#q-owner_role input[value="compliance_manager"]').check()
    page.get_by_role("button", name="Write my appeal again").click()
    expect(draft_panel.get_by_text(f"Your appeal, version {first + 1}")).to_be_visible()
    letter = page.locator("#drafting-letter")
    letter.fill(letter.input_value().replace("Root cause\n", f"Root cause\n{PLEA} ", 1))
    expect(page.locator('#drafting-check mark[data-codes*="tone_pleading"]').first).to_be_visible()
    page.locator('.steps a[data-step="5"]').click()  # still open: the link keeps it so
    copy = page.locator("#drafting-submit [data-copy]").first
    copy.click()
    expect(copy).to_have_text("Copied")
    check("drafting")

    notice = case.notices.get()
    page.goto(f"{base_url}/cases/{case.pk}/notices/{notice.pk}/")
    expect(page.locator("main h1")).to_be_visible()
    check("notice")
    page.goto(f"{base_url}/cases/{case.pk}/drafting/version/")
    check("versions")
    page.screenshot(path=str(artifacts / "security-versions.png"), full_page=True)

    assert seen == []
    assert console == []

    # The net catches what the policy refuses: a style attribute written by script.
    page.evaluate("document.body.setAttribute('style', 'background: red')")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert any("style-src" in v for v in _violations(page))
