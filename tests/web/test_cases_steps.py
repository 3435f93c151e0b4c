"""The seven-step bar: each step opens its panel, the bar and the status follow a new draft in
the same response, steps 6 and 7 promise nothing that is not built, and a case handed to a team
without a letter has no letter step marked done. The case page runs no inline script or style
(a strict Content-Security-Policy comes later)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from reinstate_web.cases.models import Case
from tests.web.drafting_helpers import compose, make_inauthentic

pytestmark = pytest.mark.django_db


def _page(client: Client, case: Case, language: str = "en") -> str:
    url = reverse("cases:detail", kwargs={"pk": case.pk})
    return client.get(url, headers={"accept-language": language}).content.decode()


def _states(html: str) -> dict[int, str]:
    """Step number -> state, read from the step bar."""
    bar = html[html.index('id="case-steps"') :]
    bar = bar[: bar.index("</nav>")]
    return {
        int(n): state
        for state, n in re.findall(r'<li class="step (\w+)">\s*<a href="#step-(\d)"', bar)
    }


def test_it_links_each_step_of_the_bar_to_its_panel(case: Case, owner_client: Client) -> None:
    html = _page(owner_client, case)
    for number in range(1, 8):
        assert f'<a href="#step-{number}" data-step="{number}"' in html
        assert f'id="step-{number}"' in html
    assert 'src="/static/reinstate/app.js"' in html


def test_it_runs_no_inline_script_or_style_on_the_pages(case: Case, owner_client: Client) -> None:
    make_inauthentic(case)
    compose(owner_client, case)
    pages = [
        _page(owner_client, case),
        owner_client.get(reverse("cases:dashboard")).content.decode(),
        owner_client.get(reverse("accounts:team")).content.decode(),
    ]
    for html in pages:
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
        assert not re.search(r"\son[a-z]+=", html), "inline event handler"
        assert not re.search(r"\sstyle=", html), "inline style"
        assert "<style" not in html


def test_it_updates_the_step_bar_and_status_in_the_same_response_as_the_draft(
    case: Case, owner_client: Client
) -> None:
    make_inauthentic(case)
    assert _states(_page(owner_client, case))[1] == "current"
    response = compose(owner_client, case).content.decode()
    # htmx swaps these by id: the bar, the status line, each step's tag, the buttons, the timeline.
    for element in ("case-steps", "case-facts", "step-1-state", "case-move", "case-timeline"):
        assert re.search(rf'id="{element}"[^>]*hx-swap-oob="true"', response), element
    assert _states(response) == {
        1: "done",
        2: "current",
        3: "todo",
        4: "todo",
        5: "todo",
        6: "todo",
        7: "todo",
    }
    facts = response[response.index('id="case-facts"') :]
    assert "Writing the appeal" in facts[: facts.index("</p>")]
    assert "Draft saved" in response  # the timeline's new line


def test_it_marks_no_letter_step_done_when_a_case_without_letter_goes_to_a_team(
    case: Case, owner_client: Client
) -> None:
    owner_client.post(reverse("cases:status", kwargs={"pk": case.pk}), {"status": "drafting"})
    owner_client.post(reverse("cases:status", kwargs={"pk": case.pk}), {"status": "escalated"})
    case.refresh_from_db()
    assert case.status == "escalated"
    html = _page(owner_client, case)
    states = _states(html)
    # Handed over while writing the appeal, with no letter yet: step 1 done, step 2 where it is.
    assert states == {
        1: "done",
        2: "current",
        3: "todo",
        4: "todo",
        5: "todo",
        6: "todo",
        7: "todo",
    }
    assert "With a professional team" in html


def test_it_marks_steps_done_up_to_where_a_case_with_a_letter_was_handed_over(
    case: Case, owner_client: Client
) -> None:
    make_inauthentic(case)
    compose(owner_client, case)  # a letter, and the case moves to "drafting"
    for status in ("review", "escalated"):
        owner_client.post(reverse("cases:status", kwargs={"pk": case.pk}), {"status": status})
    states = _states(_page(owner_client, case))
    assert states == {
        1: "done",
        2: "done",
        3: "done",
        4: "current",
        5: "todo",
        6: "todo",
        7: "todo",
    }


def test_it_does_not_promise_mailbox_watching_or_a_hand_over(
    case: Case, owner_client: Client
) -> None:
    html = _page(owner_client, case)
    assert "watches your mailbox" not in html
    assert "hand the case to specialists" not in html
    step_6 = html[html.index('id="step-6"') : html.index('id="step-7"')]
    # No mailbox connected: no promise that it is watched, only where the answer arrives.
    assert "Until a mailbox is connected" in step_6
    assert 'href="#add-notice"' in step_6  # where the seller adds Amazon's reply today
    assert 'id="add-notice"' in html
    step_7 = html[html.index('id="step-7"') :]
    assert "does not send the case to anyone" in step_7
