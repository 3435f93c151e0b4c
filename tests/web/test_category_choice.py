"""When the diagnosis cannot tell which policy a notice enforces, the seller chooses among the
candidates, each with its evidence, before a letter is written."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case, CaseEvent, SellerAccount
from reinstate_web.notices import services as notice_services
from tests.web.conftest import client_for
from tests.web.llm_fixtures import ChatServer

# Says what happened but never why: no policy is named anywhere.
VAGUE = """Hello,

Your Amazon seller account has been deactivated. Your listings have been removed.
Funds will not be transferred to you but will stay in your account while we work with you.
Please ship any open orders to avoid further impact to your account.
"""

CLEAR = """Hello,

Your Amazon seller account has been deactivated because we received complaints about the
authenticity of items you listed. Why is this happening? The sale of counterfeit products is
prohibited (Amazon Anti-Counterfeiting Policy). Please send invoices from your supplier issued
in the last 365 days.
"""


def _open(client: Client, account: SellerAccount, text: str) -> Case:
    response = client.post(reverse("cases:new"), {"account": account.pk, "notice_text": text})
    assert response.status_code == 302
    return Case.objects.get(account=account)


def test_an_unsure_diagnosis_leaves_the_category_open_and_asks_the_seller(
    owner_client: Client, account: SellerAccount
) -> None:
    case = _open(owner_client, account, VAGUE)
    assert case.category == ""
    assert case.notices.get().diagnosis["certain"] is False
    page = owner_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Which policy is this notice about?" in page
    assert "Reinstate is not sure which policy this notice is about" in page
    assert page.count('name="category"') >= 2  # the candidates, as radio buttons
    # Step 2 does not ask its questions (nor write a letter) for a guessed policy.
    assert "Reinstate does not know the kind of case yet" in page


def test_the_seller_chooses_a_category_and_the_questions_follow(
    owner_client: Client, owner: User, account: SellerAccount
) -> None:
    case = _open(owner_client, account, VAGUE)
    response = owner_client.post(
        reverse("notices:choose_category", args=[case.pk]), {"category": "verification"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.category, case.category_confirmed) == ("verification", True)
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.CATEGORY)
    assert (event.data["category"], event.actor) == ("verification", owner)
    page = owner_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "You chose the category" in page
    assert "Which policy is this notice about?" not in page
    assert "Reinstate does not know the kind of case yet" not in page


def test_another_policy_from_the_full_list_wins_over_the_radio_buttons(
    owner_client: Client, account: SellerAccount
) -> None:
    case = _open(owner_client, account, VAGUE)
    owner_client.post(
        reverse("notices:choose_category", args=[case.pk]),
        {"category": "other", "other_category": "pricing"},
    )
    case.refresh_from_db()
    assert case.category == "pricing"


def test_an_unknown_code_changes_nothing(owner_client: Client, account: SellerAccount) -> None:
    case = _open(owner_client, account, VAGUE)
    owner_client.post(
        reverse("notices:choose_category", args=[case.pk]), {"category": "not-a-code"}
    )
    case.refresh_from_db()
    assert case.category == ""
    assert not CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.CATEGORY).exists()


def test_a_viewer_and_an_outsider_cannot_choose(
    owner_client: Client, account: SellerAccount, viewer: User, outsider: User
) -> None:
    case = _open(owner_client, account, VAGUE)
    for user in (viewer, outsider):
        response = client_for(user).post(
            reverse("notices:choose_category", args=[case.pk]), {"category": "pricing"}
        )
        assert response.status_code in (403, 404)
    case.refresh_from_db()
    assert case.category == ""


def test_a_clear_notice_fills_the_category_and_a_later_one_never_overrides_a_choice(
    owner_client: Client, owner: User, account: SellerAccount
) -> None:
    case = _open(owner_client, account, CLEAR)
    assert case.category == "inauthentic"
    assert case.category_confirmed is False
    notice_services.choose_category(case, "condition", actor=owner)
    notice_services.add_notice(case, CLEAR.encode(), None, actor=owner)
    case.refresh_from_db()
    assert case.category == "condition"


def test_the_choice_reads_in_chinese(owner_client: Client, account: SellerAccount) -> None:
    case = _open(owner_client, account, VAGUE)
    page = owner_client.get(
        reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "这封通知涉及哪项政策" in page


def test_no_second_opinion_is_offered_without_a_language_model(
    owner_client: Client, account: SellerAccount
) -> None:
    case = _open(owner_client, account, VAGUE)
    page = owner_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "second opinion" not in page
    notice = case.notices.get()
    response = owner_client.post(reverse("notices:second_opinion", args=[case.pk, notice.pk]))
    assert response.status_code == 404


def test_the_configured_model_gives_a_second_opinion_shown_as_machine_opinion(
    owner_client: Client, account: SellerAccount, model_on: ChatServer
) -> None:
    case = _open(owner_client, account, VAGUE)
    notice = case.notices.get()
    candidates = [c["code"] for c in notice.diagnosis["categories"]][:4]
    page = owner_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Ask the language model for a second opinion" in page
    model_on.reply = json.dumps({"category": candidates[1], "reason": "It says nothing else."})
    owner_client.post(reverse("notices:second_opinion", args=[case.pk, notice.pk]))
    notice.refresh_from_db()
    assert notice.second_opinion["category"] == candidates[1]
    sent = model_on.requests[-1]["body"]["messages"][-1]["content"]
    assert "Your Amazon seller account has been deactivated" in sent
    page = owner_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "tiny-test-model suggests" in page
    assert "A machine&#x27;s opinion" in page or "A machine's opinion" in page
    case.refresh_from_db()
    assert case.category == ""  # the seller still chooses


def test_a_model_answer_outside_the_candidates_is_refused(
    owner_client: Client, account: SellerAccount, model_on: ChatServer
) -> None:
    case = _open(owner_client, account, VAGUE)
    notice = case.notices.get()
    model_on.reply = '{"category": "made_up_policy", "reason": "?"}'
    response = owner_client.post(
        reverse("notices:second_opinion", args=[case.pk, notice.pk]), follow=True
    )
    assert "The language model gave no usable answer" in response.content.decode()
    notice.refresh_from_db()
    assert notice.second_opinion == {}
