"""An outsider must get 404 on every page that names an object; a viewer cannot change things."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case, SellerAccount
from tests.web.conftest import client_for
from tests.web.object_factories import FACTORIES


def _object_patterns(argument: str = "pk") -> list[tuple[str, str]]:
    """Every named URL of our apps that takes a ``pk`` (or another ``argument``; walks the
    URLconf, so new pages are covered without editing this test)."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in ("admin",):
                    continue
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner)
            elif entry.name and argument in entry.pattern.regex.groupindex:
                found.append((namespace + entry.name, str(entry.pattern)))

    walk(get_resolver().url_patterns, "")
    return found


OBJECT_PAGES = _object_patterns()
# Pages for the owners of the seller's organisation only (a seller's data out or gone): a
# specialist or viewer of the same organisation gets 403 (tests/web/test_retention.py).
OWNER_ONLY = {"cases:delete", "cases:account_delete", "cases:account_export"}
# Pages reached by a secret link (an invitation's token) instead of a membership.
LINK_PAGES = _object_patterns("token")


def _kwargs(name: str, pattern: str, case: Case, owner: User, pk: int | None = None) -> dict:
    """The URL's arguments: the case (or its account) and a real object for every other one."""
    if name.startswith(("accounts:team", "teams:team")):
        own = case.account.organisation_id  # team pages name the organisation
    else:
        own = case.account_id if ":account" in name else case.pk
    kwargs = {"pk": pk or own}
    for argument in re.findall(r"<(?:\w+:)?(\w+)>", pattern):
        if argument != "pk":
            assert argument in FACTORIES, f"add a factory for <{argument}> to object_factories.py"
            kwargs[argument] = FACTORIES[argument](case, owner)
    return kwargs


def test_it_finds_the_object_pages_to_check() -> None:
    names = {name for name, _ in OBJECT_PAGES}
    assert {"cases:detail", "cases:account", "cases:status"} <= names
    assert names >= OWNER_ONLY


@pytest.mark.parametrize(("name", "pattern"), OBJECT_PAGES)
def test_it_gives_an_outsider_404_on_every_object_page(
    name: str, pattern: str, case: Case, owner: User, outsider_client: Client
) -> None:
    kwargs = _kwargs(name, pattern, case, owner)
    url = reverse(name, kwargs=kwargs)
    missing = reverse(name, kwargs={**kwargs, "pk": 987654})
    get_status = outsider_client.get(url).status_code
    # A POST-only action answers GET with 405 whether the object exists or not: no leak.
    assert get_status == 404 or get_status == outsider_client.get(missing).status_code == 405
    assert outsider_client.post(url).status_code == 404


@pytest.mark.parametrize(("name", "pattern"), OBJECT_PAGES)
def test_it_shows_every_object_page_to_a_team_member(
    name: str, pattern: str, case: Case, owner: User, member_client: Client
) -> None:
    response = member_client.get(reverse(name, kwargs=_kwargs(name, pattern, case, owner)))
    assert response.status_code in ((403,) if name in OWNER_ONLY else (200, 405))


def test_it_hides_other_organisations_cases_from_the_dashboard(
    case: Case, outsider_client: Client, owner_client: Client
) -> None:
    assert case.title not in outsider_client.get(reverse("cases:dashboard")).content.decode()
    assert case.title in owner_client.get(reverse("cases:dashboard")).content.decode()


def test_it_refuses_a_viewer_who_tries_to_change_the_status(case: Case, viewer: object) -> None:
    client = client_for(viewer)  # type: ignore[arg-type]
    response = client.post(reverse("cases:status", kwargs={"pk": case.pk}), {"status": "drafting"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == "diagnosing"


def test_it_does_not_let_an_outsider_open_a_case_on_someone_elses_account(
    account: SellerAccount, outsider_client: Client
) -> None:
    response = outsider_client.post(
        reverse("cases:new"), {"account": account.pk, "title": "Sneaky"}
    )
    assert response.status_code == 200  # the form re-renders with an error
    assert not Case.objects.filter(title="Sneaky").exists()


def test_it_sends_anonymous_visitors_to_sign_in(case: Case) -> None:
    response = Client().get(reverse("cases:detail", kwargs={"pk": case.pk}))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_finds_the_link_pages_to_check() -> None:
    assert {"accounts:invitation", "accounts:invitation_accept", "teams:handover_accept"} <= {
        n for n, _ in LINK_PAGES
    }


@pytest.mark.parametrize(("name", "pattern"), LINK_PAGES)
def test_it_gives_404_on_every_link_page_with_a_wrong_token(
    name: str, pattern: str, case: Case, owner: User, outsider_client: Client
) -> None:
    """A real invitation exists, but a guessed or altered link opens nothing, signed in or not."""
    FACTORIES["invitation_id"](case, owner)
    url = reverse(name, kwargs={"token": "guessed-" + "A" * 35})
    for client in (outsider_client, Client()):
        assert client.get(url).status_code in (404, 405)
        assert client.post(url).status_code in (404, 405)
        assert 404 in (client.get(url).status_code, client.post(url).status_code)
