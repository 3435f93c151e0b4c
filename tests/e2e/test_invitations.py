"""An owner invites a colleague from the Team page; the colleague opens the e-mailed link, creates
their account through it and sees the organisation's cases. Inviting an address that already
has an account gives the owner the very same answer, and adds nobody."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases import services
from reinstate_web.cases.models import SellerAccount
from tests.e2e.browser import sign_in

PASSWORD = "correct horse battery staple"
CASE_TITLE = "Deactivated: inauthentic complaints"
LINK = re.compile(r"https?://\S+/invitations/[A-Za-z0-9_-]+/")


@pytest.fixture
def team(transactional_db: None) -> tuple[Organisation, User]:
    organisation = Organisation.objects.create(name="Ningbo Harbour Trading")
    owner = User.objects.create_user("owner@example.com", PASSWORD, name="Chen Jing")
    Membership.objects.create(user=owner, organisation=organisation, role=Membership.Role.OWNER)
    account = SellerAccount.objects.create(organisation=organisation, store_name="Harbour Goods")
    services.open_case(account, title=CASE_TITLE, actor=owner)
    other = Organisation.objects.create(name="Another Seller Ltd")
    outsider = User.objects.create_user("outsider@example.com", PASSWORD)
    Membership.objects.create(user=outsider, organisation=other, role=Membership.Role.OWNER)
    return organisation, outsider


def _invite(page: Page, email: str) -> str:
    """Invite ``email`` as a specialist from the Team page; the confirmation the owner reads."""
    page.get_by_text("Invite a colleague").click()
    form = page.locator("form[action$='/invitations/']")
    form.get_by_label("Email address").fill(email)
    form.get_by_label("Role").select_option(label="Specialist")
    form.get_by_role("button", name="Send invitation").click()
    message = page.locator(".messages .message").first
    expect(message).to_contain_text("Invitation sent to")
    return message.inner_text()


def _link_sent_to(email: str) -> str:
    letters = [m for m in mail.outbox if m.to == [email]]
    assert letters, f"no e-mail to {email}"
    found = LINK.search(str(letters[-1].body))
    assert found
    return found.group(0)


def test_a_colleague_joins_through_the_link_and_an_outsider_gets_the_same_answer(
    team: tuple[Organisation, User],
    live_server: object,
    page: Page,
    browser: Browser,
    artifacts: Path,
) -> None:
    organisation, outsider = team
    sign_in(page, live_server, "owner@example.com", PASSWORD)
    page.goto(f"{live_server}/team/")
    new_answer = _invite(page, "newcomer@example.com")
    existing_answer = _invite(page, outsider.email)
    # The owner cannot tell which address has an account.
    assert new_answer.replace("newcomer@example.com", "@") == existing_answer.replace(
        outsider.email, "@"
    )
    expect(page.get_by_text("Invitations waiting for an answer")).to_be_visible()
    page.screenshot(path=str(artifacts / "team-invitations-en.png"), full_page=True)
    # Nobody was added by the invitation itself.
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        invitee = context.new_page()
        invitee.goto(_link_sent_to("newcomer@example.com"))
        expect(invitee.get_by_role("heading", name="Join Ningbo Harbour Trading")).to_be_visible()
        expect(invitee.get_by_text("invites you to join Ningbo Harbour Trading")).to_be_visible()
        invitee.screenshot(path=str(artifacts / "invitation-en.png"), full_page=True)
        invitee.get_by_role("link", name="Create my account").click()
        invitee.get_by_label("Your name").fill("Wang Fang")
        invitee.get_by_label("Password").fill("tea-kettle-harbour-42")
        invitee.get_by_role("button", name="Create my account and join").click()
        expect(invitee.get_by_text("You joined Ningbo Harbour Trading")).to_be_visible()
        expect(invitee.get_by_text(CASE_TITLE)).to_be_visible()
        invitee.goto(f"{live_server}/team/")
        expect(invitee.get_by_role("heading", name="Ningbo Harbour Trading")).to_be_visible()
        # The same link does not work twice.
        invitee.goto(_link_sent_to("newcomer@example.com"))
        expect(invitee.get_by_text("This invitation link does not work")).to_be_visible()
    finally:
        context.close()

    newcomer = User.objects.get(email="newcomer@example.com")
    assert Membership.objects.get(user=newcomer, organisation=organisation).role == "specialist"
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()
