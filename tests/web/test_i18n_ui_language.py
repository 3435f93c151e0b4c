"""One language per page: the Chinese pages show no English outside the letter, Amazon's and
customers' own words, the seller's data and the codes of ``ui_language.ALLOWED``; the English
pages show no Chinese outside the letter's Chinese meaning and the customers' words.

Needs the compiled catalogues (like test_i18n.py): a new string shows in English until the lead
runs ``scripts/i18n.py``.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from reinstate_web.accounts.models import User
from reinstate_web.analysis import runner
from reinstate_web.analysis.presenters import summary
from reinstate_web.cases.demo import DEMO_EMAIL, DEMO_ORGANISATION, DEMO_STORE, load_demo
from reinstate_web.cases.models import Case
from reinstate_web.drafting.demo import demo_answers
from reinstate_web.evidence.submission import files_for_letter
from tests.web.conftest import client_for
from tests.web.ui_language import chinese_leaks, english_words, html_text_nodes, leaks

pytestmark = pytest.mark.django_db

DATA = [DEMO_STORE, DEMO_ORGANISATION, DEMO_EMAIL, "Li Wei (demo)"] + [
    str(v) for k, v in demo_answers().items() if k.endswith("supplier_name")
]


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> tuple[Case, Client]:
    monkeypatch.setattr(runner, "CHART_LANGS", ())  # charts are images: not text to check
    case, _created = load_demo()
    user = User.objects.get(email=DEMO_EMAIL)
    return case, client_for(user)


def _pages(case: Case) -> list[str]:
    notice = case.notices.get()
    return [
        reverse("cases:dashboard"),
        reverse("cases:detail", kwargs={"pk": case.pk}),
        reverse("cases:accounts"),
        reverse("cases:account", kwargs={"pk": case.account_id}),
        reverse("cases:account_new"),
        reverse("cases:new"),
        reverse("accounts:profile"),
        reverse("accounts:team"),
        reverse("drafting:version", kwargs={"pk": case.pk}),
        reverse("notices:detail", kwargs={"pk": case.pk, "notice_id": notice.pk}),
    ]


def _data(case: Case) -> list[str]:
    """The seller's own values: names typed in and the names of the documents the letter lists
    as attached (the seller's uploads, named for sending), in English and in its Chinese
    meaning."""
    return [*DATA, *(name for names in files_for_letter(case).values() for name in names)]


def _shown(client: Client, url: str, language: str) -> list[str]:
    html = client.get(url, headers={"accept-language": language}).content.decode()
    # The seller opens every step of the case page; panels inside a step stay as they are.
    html = html.replace('<details class="card step-panel', '<details open class="card step-panel')
    return html_text_nodes(html, ui=language[:2])


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_it_shows_no_english_on_the_chinese_pages_of_the_demo_case(
    demo: tuple[Case, Client], language: str
) -> None:
    case, client = demo
    found = {url: leaks(_shown(client, url, language), _data(case)) for url in _pages(case)}
    assert {url: texts for url, texts in found.items() if texts} == {}


def test_it_shows_no_chinese_on_the_english_pages_of_the_demo_case(
    demo: tuple[Case, Client],
) -> None:
    case, client = demo
    found = {url: chinese_leaks(_shown(client, url, "en"), _data(case)) for url in _pages(case)}
    assert {url: texts for url, texts in found.items() if texts} == {}


def test_it_says_the_password_is_too_short_in_chinese(db: None) -> None:
    response = Client().post(
        reverse("accounts:signup"),
        {"name": "陈静", "email": "chen@example.com", "password": "tea", "organisation": "宁波"},
        headers={"accept-language": "zh-hans"},
    )
    html = response.content.decode()
    errors = " ".join(re.findall(r'<p class="error">(.*?)</p>', html, re.S))
    assert "10" in errors
    assert english_words(re.sub(r"<[^>]+>", " ", errors)) == []


def test_it_names_amazons_account_statuses_in_the_readers_language() -> None:
    facts = {"ahr_status": "WARNED", "ahr_score": 180.0}
    with translation.override("en"):
        assert summary("account_health_report", facts) == (
            "Account Health Rating: Warned: a policy warning is open (180)."
        )
    with translation.override("zh-hans"):
        shown = summary("account_health_report", facts)
    assert "WARNED" not in shown
    assert "180.0" not in shown


def test_it_rewrites_the_analysis_cores_file_notes() -> None:
    from reinstate_web.analysis.core_messages import row_reason, source_warning

    note = "unknown return reason codes kept as written: CR-GIFT_RETURN (3)"
    with translation.override("en"):
        shown = source_warning(note)
        assert shown == (
            "Return reasons Reinstate does not know, kept as Amazon wrote them: "
            "<code>CR-GIFT_RETURN (3)</code>"
        )
        assert row_reason("the ship-by date is not a date") == (
            "the ship-by date is missing or is not a date"
        )
        assert source_warning("a note of a new kind") == "a note of a new kind"
    with translation.override("zh-hans"):
        assert "kept as written" not in source_warning(note)
        assert "<code>CR-GIFT_RETURN (3)</code>" in source_warning(note)
