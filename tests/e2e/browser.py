"""What every browser test does first: sign in through the real form."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def sign_in(page: Page, base_url: object, email: str, password: str) -> None:
    page.goto(f"{base_url}/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
