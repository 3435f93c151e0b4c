"""The team, invitation, leaving and sign-in pause pages (and the invitation e-mail) speak the
reader's language: no English on the Chinese pages outside the people's own names and
addresses.

Needs the compiled catalogues (like test_i18n.py): a new string shows in English until the lead
runs ``scripts/i18n.py``.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from reinstate_web.accounts.models import Organisation, User
from reinstate_web.cases.models import Case
from tests.web.conftest import client_for
from tests.web.invitation_helpers import LINK, invite
from tests.web.ui_language import english_words, html_text_nodes, leaks

LANGUAGES = ["zh-hans", "zh-hant"]


def _data(organisation: Organisation, *users: User) -> list[str]:
    return [organisation.name, *(u.email for u in users), *(u.name for u in users if u.name)]


def _leaks(
    client: Client, url: str, language: str, data: list[str], method: str = "get"
) -> list[str]:
    response = getattr(client, method)(url, headers={"accept-language": language})
    return leaks(html_text_nodes(response.content.decode(), ui="zh"), data)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_owners_team_page_and_the_invitation_pages_are_in_chinese(
    language: str,
    owner: User,
    owner_client: Client,
    organisation: Organisation,
    outsider: User,
    case: Case,
) -> None:
    link = invite(owner_client, organisation, "wang@example.com", language=language)
    data = [*_data(organisation, owner, outsider), "wang@example.com"]
    pages = {
        "team": _leaks(owner_client, reverse("accounts:team"), language, data),
        "leave (last owner)": _leaks(
            owner_client,
            reverse("accounts:team_leave", kwargs={"pk": organisation.pk}),
            language,
            data,
        ),
        "invitation": _leaks(Client(), link, language, data),
        "invitation, someone else": _leaks(client_for(outsider), link, language, data),
        "invitation sign-up": _leaks(Client(), link + "signup/", language, data),
        "invitation gone": _leaks(Client(), "/invitations/nothing/", language, data),
    }
    assert {name: found for name, found in pages.items() if found} == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_members_leave_page_is_in_chinese(
    language: str, member: User, member_client: Client, organisation: Organisation
) -> None:
    url = reverse("accounts:team_leave", kwargs={"pk": organisation.pk})
    assert _leaks(member_client, url, language, _data(organisation, member)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_invitation_e_mail_is_in_the_owners_language(
    language: str, owner: User, organisation: Organisation
) -> None:
    client = client_for(owner)
    client.post(
        reverse("accounts:team_invite", kwargs={"pk": organisation.pk}),
        {"email": "wang@example.com", "role": "viewer"},
        headers={"accept-language": language},
    )
    letter = mail.outbox[-1]
    text = LINK.sub(" ", f"{letter.subject}\n{letter.body}").replace("https://testserver", " ")
    text = text.replace("http://testserver", " ")
    assert english_words(text, [*_data(organisation, owner), "wang@example.com"]) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_in_pause_is_in_chinese(language: str, owner: User) -> None:
    client = Client(headers={"accept-language": language})
    for n in range(int(settings.AXES_FAILURE_LIMIT)):
        response = client.post(
            reverse("accounts:login"), {"username": owner.email, "password": f"x{n}"}
        )
    assert response.status_code == 429
    assert leaks(html_text_nodes(response.content.decode(), ui="zh"), [owner.email]) == []
