"""The hand-over in a real browser: the demo seller asks a professional team for help by e-mail;
the team's specialist signs in through the link and accepts, keeps an internal note, revises the
letter and shares the new version; the seller reads the shared version but never the note, then
revokes access, and the team's next visit to the case is a 404."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from reinstate_web.teams.models import CaseGrant, InternalNote
from tests.e2e.browser import sign_in

TEAM_EMAIL = "wang@harbour-appeals.example"
TEAM_PASSWORD = "harbour-appeals-pass-42"
NOTE = "Supplier invoices from May look edited: ask for the originals."
REVISION = "Our appeal specialist checked every complaint against the May shipment records."
LINK = re.compile(r"https?://\S+/handover/[A-Za-z0-9_-]+/")


@pytest.fixture
def demo(transactional_db: None) -> tuple[Case, str]:
    """The demo case and its title as the English page shows it, and a team with a specialist."""
    case, _created = load_demo()
    team = Organisation.objects.create(name="Harbour Appeals", kind=Organisation.Kind.AGENCY)
    specialist = User.objects.create_user(TEAM_EMAIL, TEAM_PASSWORD, name="Wang Lei")
    Membership.objects.create(user=specialist, organisation=team, role=Membership.Role.SPECIALIST)
    with translation.override("en"):
        return case, case.display_title


def _handover_link() -> str:
    letters = [m for m in mail.outbox if m.to == [TEAM_EMAIL]]
    assert len(letters) == 1
    found = LINK.search(str(letters[0].body))
    assert found
    return found.group(0)


def test_a_team_takes_the_case_works_on_it_and_loses_it_when_the_seller_revokes(
    demo: tuple[Case, str],
    live_server: object,
    page: Page,
    browser: Browser,
    artifacts: Path,
) -> None:
    case, title = demo
    base_url = str(live_server)
    case_url = f"{base_url}/cases/{case.pk}/"

    # The seller escalates from the case page, with consent.
    sign_in(page, base_url, DEMO_EMAIL, DEMO_PASSWORD)
    page.get_by_role("link", name=title).click()
    panel = page.locator("#team-panel")
    panel.get_by_role("link", name="Get professional help").click()
    page.get_by_label("Or invite a team by e-mail").fill(TEAM_EMAIL)
    page.get_by_label("Message to the team").fill("Amazon said no twice. Please take over.")
    page.get_by_role("button", name="Hand the case over").click()
    expect(page.locator(".consent .error")).to_be_visible()  # no consent, no hand-over
    assert not CaseGrant.objects.exists()
    page.get_by_label("I let this team see the whole case").check()
    page.get_by_role("button", name="Hand the case over").click()
    expect(page.locator(".messages")).to_contain_text(f"Invitation sent to {TEAM_EMAIL}")
    expect(panel).to_contain_text("Waiting for")
    link = _handover_link()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(15_000)
    try:
        team = context.new_page()
        team.goto(link)
        expect(team.get_by_role("heading", name="A seller asks for your help")).to_be_visible()
        team.get_by_role("link", name="Sign in to accept").click()
        team.get_by_label("Email address").fill(TEAM_EMAIL)
        team.get_by_label("Password").fill(TEAM_PASSWORD)
        team.get_by_role("button", name="Sign in").click()
        expect(team.get_by_role("button", name="Accept the case")).to_be_visible()
        # Signed in, the team sees the request only, nothing of the case, until it accepts.
        response = team.goto(case_url)
        assert response is not None
        assert response.status == 404
        team.goto(link)
        team.get_by_label("Accept for").select_option(label="Harbour Appeals")
        team.get_by_role("button", name="Accept the case").click()
        expect(team.locator(".messages")).to_contain_text("Harbour Appeals has the case now")
        expect(team.get_by_role("heading", name=title)).to_be_visible()
        team_panel = team.locator("#team-panel")
        expect(team_panel).to_contain_text("Handed to Harbour Appeals")

        # An internal note, for the team only.
        team_panel.get_by_label("New internal note").fill(NOTE)
        team_panel.get_by_role("button", name="Keep the note").click()
        expect(team.locator(".messages")).to_contain_text("Only your team sees it")
        expect(team.locator("#team-panel .team-notes")).to_contain_text(NOTE)

        # The team revises the letter: a version of its own, until it shares it.
        team.locator("#step-2").evaluate("step => { step.open = true; }")
        letter = team.locator("#drafting-letter")
        letter.fill(letter.input_value().replace("Root cause\n", f"Root cause\n{REVISION} ", 1))
        before = Draft.objects.filter(case=case).count()
        team.get_by_role("button", name="Save as a new version").click()
        expect(team.locator("#drafting-draft")).to_contain_text(
            f"Your appeal, version {before + 1}"
        )
        revised = Draft.objects.get(case=case, number=before + 1)
        team.reload()
        expect(team.locator("#team-panel")).to_contain_text(
            f"Share version {revised.number} with the seller"
        )
        assert revised.team is not None
        assert REVISION in revised.letter

        # Before sharing, the seller does not see the team's version.
        page.goto(case_url)
        expect(page.locator("#team-panel")).to_contain_text("Harbour Appeals works on this case")
        assert REVISION not in page.content()

        team.locator("#team-panel").get_by_role(
            "button", name=f"Share version {revised.number} with the seller"
        ).click()
        expect(team.locator(".messages")).to_contain_text("the seller sees it now")
        team.screenshot(path=str(artifacts / "handover-team-en.png"), full_page=True)

        # The seller reads the shared version, never the note.
        page.goto(case_url)
        shared_list = page.locator("#team-panel .team-shared")
        expect(shared_list).to_be_visible()
        assert NOTE not in page.content()
        shared_list.get_by_role("link").first.click()
        expect(page.locator("body")).to_contain_text(REVISION)
        assert NOTE not in page.content()
        page.goto(f"{base_url}/cases/{case.pk}/audit/")
        assert NOTE not in page.content()

        # The seller revokes; the team can no longer open the case.
        page.goto(case_url)
        page.locator("#team-panel").get_by_role("button", name="Revoke the team's access").click()
        expect(page.locator(".messages")).to_contain_text("Access revoked")
        page.screenshot(path=str(artifacts / "handover-revoked-en.png"), full_page=True)
        response = team.goto(case_url)
        assert response is not None
        assert response.status == 404
        response = team.goto(f"{base_url}/cases/{case.pk}/bundle.zip")
        assert response is not None
        assert response.status == 404
    finally:
        context.close()

    grant = CaseGrant.objects.get(case=case)
    assert grant.state == CaseGrant.State.REVOKED
    assert InternalNote.objects.filter(case=case, text=NOTE).count() == 1
