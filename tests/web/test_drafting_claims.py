"""The draft states only what the seller did: suggestions are confirmed or removed on the page,
and a hand edit is held against the case's facts like the composed letter."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from tests.web.conftest import client_for
from tests.web.drafting_helpers import compose, make_inauthentic

MARK = "[Suggested - confirm or remove]"


def _first(client: Client, case: Case) -> Draft:
    make_inauthentic(case)
    assert compose(client, case).status_code == 200
    return Draft.objects.get(case=case, number=1)


def test_it_lists_the_suggestions_and_holds_the_letter_back(
    owner_client: Client, case: Case
) -> None:
    draft = _first(owner_client, case)
    assert draft.unconfirmed
    assert MARK in draft.letter
    assert draft.verdict != "ready"
    assert any(f["code"] == "claim_unconfirmed" for f in draft.check_report["findings"])
    page = owner_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Did you do these? Reinstate suggested them" in page
    assert page.count('name="done"') == len(draft.unconfirmed)


def test_ticked_suggestions_are_stated_and_unticked_ones_leave_the_letter(
    owner_client: Client, case: Case
) -> None:
    draft = _first(owner_client, case)
    kept = [s.partition(":")[2] for s in draft.unconfirmed if s.startswith("actions:")]
    dropped = [s.partition(":")[2] for s in draft.unconfirmed if s.startswith("preventions:")]
    response = owner_client.post(
        reverse("drafting:confirm", args=[case.pk]), {"done": kept}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    second = Draft.objects.get(case=case, number=2)
    assert second.origin == Draft.Origin.CONFIRMED
    assert second.unconfirmed == []
    assert MARK not in second.letter
    titles = {o["id"]: o for o in second.options["preventive_measures"]}
    assert not any(titles[i]["selected"] for i in dropped)
    assert set(second.choices["confirmed"]) >= set(kept)


def test_a_hand_edit_that_invents_a_figure_is_held_against_the_case(
    owner_client: Client, case: Case
) -> None:
    draft = _first(owner_client, case)
    owner_client.post(
        reverse("drafting:confirm", args=[case.pk]),
        {"done": [s.partition(":")[2] for s in draft.unconfirmed]},
        HTTP_HX_REQUEST="true",
    )
    confirmed = Draft.objects.get(case=case, number=2)
    edited = confirmed.letter.replace(
        "Root cause\n", "Root cause\nWe found 999 buyer complaints about B0C7XK2M4Q.\n", 1
    )
    owner_client.post(
        reverse("drafting:save", args=[case.pk]),
        {"letter": edited, "n": confirmed.number},
        HTTP_HX_REQUEST="true",
    )
    third = Draft.objects.get(case=case, number=3)
    codes = {f["code"]: f for f in third.check_report["findings"]}
    assert "claim_contradicted" in codes or "claim_unsupported" in codes
    assert third.verdict != "ready"


def test_a_viewer_cannot_confirm(owner_client: Client, case: Case, viewer: User) -> None:
    _first(owner_client, case)
    response = client_for(viewer).post(reverse("drafting:confirm", args=[case.pk]), {"done": []})
    assert response.status_code in (403, 404)
    assert Draft.objects.filter(case=case).count() == 1
