"""The rejection loop on a case: an answer of Amazon's that asks for more information or says no
opens a round (what it asks for against what the last letter gave), moves the case to that
answer, and writes a revised draft whose new paragraphs answer each ask; the case history shows
every round."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from reinstate.compose import KnowledgeBase
from reinstate.workflow import Status
from reinstate_web.accounts.models import User
from reinstate_web.cases import services as case_services
from reinstate_web.cases.models import Case, CaseEvent
from reinstate_web.drafting.models import Draft, Round
from reinstate_web.notices.services import add_notice
from tests.web.drafting_helpers import compose, make_inauthentic

MORE_INFO = b"""From: Amazon Seller Performance <seller-performance@amazon.com>
Subject: Re: Your Amazon.com selling account
Date: Mon, 10 Mar 2025 10:00:00 +0000
Content-Type: text/plain; charset=utf-8

Hello,

Thank you for submitting your appeal. We received your submission but do not have enough
information to reactivate your account at this time. To complete our review, please reply with
this information:

-- Copies of receipts or invoices for the ASIN under review.
-- Your distributor's or supplier's contact information (name, phone number, address).
-- Greater detail on the root cause of the complaints about the authenticity of your items.

Seller Performance Team
"""

DENIED = b"""From: Amazon Seller Performance <seller-performance@amazon.com>
Subject: Re: Your Amazon.com selling account
Date: Tue, 18 Mar 2025 10:00:00 +0000
Content-Type: text/plain; charset=utf-8

Hello,

We reviewed the information you provided and completed the review of your account. Upon careful
consideration, we have decided not to reinstate your selling privileges.

Seller Performance Team
"""

ASKS = KnowledgeBase.default().reviewer_asks
Capture = Callable[..., Any]


def _submitted(client: Client, case: Case, owner: User) -> Draft:
    make_inauthentic(case)
    compose(client, case)
    for status in ("review", "submitted", "awaiting_reply"):
        case_services.change_status(case, Status(status), actor=owner)
    draft = Draft.objects.filter(case=case).order_by("-number").first()
    assert draft is not None
    return draft


def _reply(case: Case, owner: User, data: bytes, capture: Capture) -> Round:
    with capture(execute=True):
        notice = add_notice(case, data, "reply.eml", actor=owner)
    assert notice.kind == "reply"
    return Round.objects.get(reply=notice)


def test_a_request_for_more_information_opens_a_round_with_a_revised_draft(
    case: Case, owner: User, owner_client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    last = _submitted(owner_client, case, owner)
    found = _reply(case, owner, MORE_INFO, django_capture_on_commit_callbacks)
    assert found.number == 1
    assert found.outcome == "more_info"
    assert found.previous == last
    asks = [g["ask"] for g in found.gaps]
    assert asks == ["root_cause_detail", "invoices", "supplier_contact"]
    given = {g["ask"]: g["given"] for g in found.gaps}
    assert given["root_cause_detail"] == "section"
    # The first letter listed the invoices already (the category requires them): asked again.
    assert given["invoices"] == "listed"
    revised = found.revised
    assert revised is not None
    assert revised.origin == Draft.Origin.REVISED
    assert revised.number == last.number + 1
    assert revised.letter != last.letter
    for code in asks:
        paragraph = ASKS.ask(code).paragraph
        assert paragraph.en in revised.letter
        assert paragraph.en not in last.letter
        assert any(
            line["en"] == paragraph.en and line["zh-hans"] == paragraph.zh_hans
            for line in revised.mirror
        )
    case.refresh_from_db()
    assert case.status == "more_info_requested"
    assert case.answered_at is not None
    assert case.answered_at >= case.submitted_at
    event = case.events.get(kind=CaseEvent.Kind.ROUND)
    assert event.data["asks"] == asks
    assert event.data["revised"] == revised.number


def test_every_round_is_on_the_case_history(
    case: Case, owner: User, owner_client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    _submitted(owner_client, case, owner)
    first = _reply(case, owner, MORE_INFO, django_capture_on_commit_callbacks)
    for status in ("drafting", "review", "submitted"):
        case_services.change_status(case, Status(status), actor=owner)
    second = _reply(case, owner, DENIED, django_capture_on_commit_callbacks)
    assert second.number == 2
    assert second.outcome == "denied"
    assert second.previous == first.revised
    # A bare "no" gets what reviewers ask most often for the category.
    assert {g["source"] for g in second.gaps} == {"category"}
    assert second.revised is not None
    assert second.revised.letter != first.revised.letter
    case.refresh_from_db()
    assert case.status == "denied"
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "Round 1" in page
    assert "Round 2" in page
    assert "Greater detail on the root cause" in page
    assert "What the last letter gave" in page
    assert f"?n={second.revised.number}" in page  # type: ignore[union-attr]


def test_the_round_is_shown_in_chinese(
    case: Case, owner: User, owner_client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    _submitted(owner_client, case, owner)
    _reply(case, owner, MORE_INFO, django_capture_on_commit_callbacks)
    owner.language = "zh-hans"
    owner.save()
    page = owner_client.get(
        reverse("cases:detail", kwargs={"pk": case.pk}), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "更详细的根本原因" in page
    assert ASKS.ask("invoices").paragraph.zh_hans in page


def test_an_answer_before_any_letter_still_opens_a_round(
    case: Case, owner: User, django_capture_on_commit_callbacks: Capture
) -> None:
    make_inauthentic(case)
    found = _reply(case, owner, MORE_INFO, django_capture_on_commit_callbacks)
    assert found.previous is None
    assert {g["given"] for g in found.gaps} == {"no_letter"}
    assert found.revised is not None


def test_without_a_category_the_round_waits_for_one(
    case: Case, owner: User, django_capture_on_commit_callbacks: Capture
) -> None:
    found = _reply(case, owner, MORE_INFO, django_capture_on_commit_callbacks)
    assert found.revised is None
    assert found.problem == "no_category"


def test_one_round_per_answer(
    case: Case, owner: User, django_capture_on_commit_callbacks: Capture
) -> None:
    from reinstate_web.drafting import rounds

    make_inauthentic(case)
    found = _reply(case, owner, MORE_INFO, django_capture_on_commit_callbacks)
    notice = found.reply
    notice.save()  # saved again (a re-read): no second round
    assert rounds.open_round(notice) == found
    assert Round.objects.filter(case=case).count() == 1


def test_a_reinstatement_opens_no_round(
    case: Case, owner: User, django_capture_on_commit_callbacks: Capture
) -> None:
    reinstated = b"""From: seller-performance@amazon.com
Subject: Your Amazon.com selling account has been reinstated

Hello, we have reviewed your appeal and reinstated your selling privileges. You can sell again.
"""
    with django_capture_on_commit_callbacks(execute=True):
        notice = add_notice(case, reinstated, "reply.eml", actor=owner)
    assert notice.reply_outcome == "reinstated"
    assert not Round.objects.exists()


def _new_paragraphs(revised: Draft, last: Draft) -> list[str]:
    """The paragraphs of the revised letter that the last letter did not have."""
    before = {p.strip() for p in last.letter.split("\n") if p.strip()}
    return [p.strip() for p in revised.letter.split("\n") if p.strip() and p.strip() not in before]


def test_a_reply_pasted_on_the_case_page_gets_a_revised_draft_that_answers_each_ask(
    case: Case, owner: User, owner_client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    """The seller's path: Amazon's answer pasted into the case page as plain text (no headers),
    the round and the revised version shown on the page, the version itself opened."""
    last = _submitted(owner_client, case, owner)
    pasted = MORE_INFO.decode().split("\n\n", 1)[1]  # the body only, as copied from a browser
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse("notices:add", kwargs={"pk": case.pk}), {"notice_text": pasted}
        )
    assert response.status_code == 302
    found = Round.objects.get(case=case)
    assert found.reply.kind == "reply"
    assert found.outcome == "more_info"
    assert found.previous == last
    revised = found.revised
    assert revised is not None
    assert revised.letter != last.letter
    new = _new_paragraphs(revised, last)
    asks = [g["ask"] for g in found.gaps]
    assert asks == ["root_cause_detail", "invoices", "supplier_contact"]
    for code in asks:
        answer = ASKS.ask(code).paragraph.en
        assert any(answer in paragraph for paragraph in new), (code, new)
    case.refresh_from_db()
    assert case.status == "more_info_requested"
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "Round 1" in page
    assert f"?n={revised.number}" in page
    version = owner_client.get(
        reverse("drafting:version", kwargs={"pk": case.pk}) + f"?n={revised.number}"
    ).content.decode()
    for code in asks:
        assert html.escape(ASKS.ask(code).paragraph.en)[:60] in version
