from __future__ import annotations

from django.test import Client
from django.urls import reverse

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case, CaseEvent, SellerAccount


def test_it_lists_a_case_with_its_status_and_nearest_deadline(
    case: Case, owner_client: Client
) -> None:
    page = owner_client.get(reverse("cases:dashboard")).content.decode()
    assert "Deadlines for ODR" not in page
    assert case.title in page
    assert "Finding the cause" in page
    assert "17 days left" in page or "16 days left" in page


def test_it_highlights_the_current_step_on_the_case_page(case: Case, owner_client: Client) -> None:
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert page.count('class="step current"') == 1
    assert '<a href="#step-1" data-step="1" aria-current="step">' in page
    assert page.count('class="step todo"') == 6


def test_it_moves_the_case_on_and_records_it_on_the_timeline(
    case: Case, member_client: Client, member: User
) -> None:
    url = reverse("cases:status", kwargs={"pk": case.pk})
    response = member_client.post(url, {"status": "drafting"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "drafting"
    event = CaseEvent.objects.filter(case=case, kind="status").get()
    assert event.actor == member
    assert event.data == {"previous": "diagnosing", "status": "drafting"}


def test_it_refuses_a_step_the_workflow_does_not_allow(case: Case, owner_client: Client) -> None:
    url = reverse("cases:status", kwargs={"pk": case.pk})
    response = owner_client.post(url, {"status": "reinstated"}, follow=True)
    case.refresh_from_db()
    assert case.status == "diagnosing"
    assert "not possible" in response.content.decode()


def test_it_opens_a_new_case_on_the_users_account(
    account: SellerAccount, owner_client: Client
) -> None:
    response = owner_client.post(
        reverse("cases:new"), {"account": account.pk, "title": "Listing removed"}
    )
    case = Case.objects.get(title="Listing removed")
    assert response["Location"] == reverse("cases:detail", kwargs={"pk": case.pk})
    assert case.events.filter(kind="created").exists()


def test_it_saves_a_seller_account_with_its_marketplaces(owner_client: Client, owner: User) -> None:
    organisation = owner.organisations.get()
    response = owner_client.post(
        reverse("cases:account_new"),
        {
            "organisation": organisation.pk,
            "store_name": "Blue Lotus",
            "merchant_token": "A1B2C3D4E5",
            "marketplaces": ["US", "DE"],
            "registered_email": "shop@example.com",
        },
    )
    account = SellerAccount.objects.get(store_name="Blue Lotus")
    assert response.status_code == 302
    assert account.marketplaces == ["US", "DE"]


def test_it_signs_in_with_email_and_password(owner: User) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": "owner@example.com", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert client.get(reverse("cases:dashboard")).status_code == 200


def test_it_stores_passwords_with_argon2(owner: User) -> None:
    assert owner.password.startswith("argon2")


def test_it_explains_a_wrong_password_without_revealing_which_part(owner: User) -> None:
    response = Client().post(
        reverse("accounts:login"), {"username": "owner@example.com", "password": "nope"}
    )
    assert "do not match" in response.content.decode()


def test_it_serves_its_own_stylesheet_and_htmx_without_a_cdn(db: None) -> None:
    client = Client()
    for path in ("/static/reinstate/app.css", "/static/vendor/htmx-2.0.11.min.js"):
        response = client.get(path)
        assert response.status_code == 200, path
    page = client.get(reverse("accounts:login")).content.decode()
    assert "https://" not in page.split("<body")[0]
