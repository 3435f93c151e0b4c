"""The optional language model: off by default; when set, a free-text answer is rephrased by a
real (tiny, local) OpenAI-compatible HTTP server, marked machine-written for the seller to check."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from reinstate_web.cases.models import Case
from reinstate_web.drafting import demo
from reinstate_web.drafting.models import AnswerSet, Draft
from tests.web.drafting_helpers import answers, compose, make_inauthentic
from tests.web.llm_fixtures import ENGLISH_NAME, ChatServer

pytestmark = pytest.mark.django_db

CHINESE_NAME = "义乌佳丽贸易有限公司"


@pytest.fixture
def drafting_case(case: Case) -> Case:
    return make_inauthentic(case)


def _rephrase(client: Client, case: Case, text: str) -> Any:
    return client.post(
        reverse("drafting:rephrase", kwargs={"pk": case.pk}),
        {"question": "supplier_name", "supplier_name": text},
        HTTP_HX_REQUEST="true",
    )


def test_it_offers_no_language_model_by_default(
    drafting_case: Case, owner_client: Client, settings: Any
) -> None:
    assert not settings.LLM_URL
    html = compose(owner_client, drafting_case, supplier_name=CHINESE_NAME).content.decode()
    assert "Rephrase in English" not in html
    assert _rephrase(owner_client, drafting_case, CHINESE_NAME).status_code == 404


def test_it_rephrases_a_chinese_answer_through_the_configured_model(
    drafting_case: Case, owner_client: Client, model_on: ChatServer
) -> None:
    html = compose(owner_client, drafting_case, supplier_name=CHINESE_NAME).content.decode()
    assert "Rephrase in English" in html
    response = _rephrase(owner_client, drafting_case, CHINESE_NAME)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert f'value="{ENGLISH_NAME}"' in fragment
    assert "Machine-written" in fragment
    assert f'name="mw_supplier_name" value="{CHINESE_NAME}"' in fragment
    (sent,) = model_on.requests
    assert sent["path"] == "/v1/chat/completions"
    assert sent["body"]["model"] == "tiny-test-model"
    assert CHINESE_NAME in sent["body"]["messages"][-1]["content"]


def test_it_keeps_a_machine_written_answer_marked_until_the_seller_confirms_it(
    drafting_case: Case, owner_client: Client, model_on: ChatServer
) -> None:
    compose(owner_client, drafting_case, supplier_name=ENGLISH_NAME, mw_supplier_name=CHINESE_NAME)
    stored = AnswerSet.objects.get(case=drafting_case).answers["supplier_name"]
    assert stored == {
        "value": ENGLISH_NAME,
        "machine_written": True,
        "source_text": CHINESE_NAME,
    }
    draft = Draft.objects.get(case=drafting_case)
    assert ENGLISH_NAME in draft.letter
    assert any(f.get("machine_written") for f in draft.facts_used)
    assert any(q["kind"] == "machine_written" for q in draft.open_questions)
    # Ticking "I checked this English" stores the plain answer.
    owner_client.post(
        reverse("drafting:compose", kwargs={"pk": drafting_case.pk}),
        answers(
            supplier_name=ENGLISH_NAME,
            mw_supplier_name=CHINESE_NAME,
            confirm_supplier_name="on",
        ),
    )
    latest = AnswerSet.objects.filter(case=drafting_case).order_by("-number").first()
    assert latest is not None
    assert latest.answers["supplier_name"] == ENGLISH_NAME


def test_it_shows_a_one_line_message_when_the_model_answers_in_chinese(
    drafting_case: Case, owner_client: Client, model_on: ChatServer
) -> None:
    model_on.reply = "义乌佳丽"
    fragment = _rephrase(owner_client, drafting_case, CHINESE_NAME).content.decode()
    assert 'class="error small"' in fragment
    assert "Machine-written" not in fragment
    assert "Traceback" not in fragment


def test_it_gives_the_demo_case_answers_and_a_checked_first_draft(
    drafting_case: Case, owner: Any
) -> None:
    demo.attach(drafting_case, owner)
    first = Draft.objects.get(case=drafting_case, number=1)
    assert first.unconfirmed  # the suggested actions, marked until the demo seller confirms
    assert "[Suggested - confirm or remove]" in first.letter
    draft = Draft.objects.get(case=drafting_case, number=2)
    assert draft.origin == Draft.Origin.CONFIRMED
    assert draft.unconfirmed == []
    assert "[Suggested" not in draft.letter
    assert draft.created_by == owner
    assert AnswerSet.objects.get(case=drafting_case).answers["owner_role"]
    assert draft.score is not None
    assert draft.check_report["verdict"] == draft.verdict
    assert len(draft.mirror) > 20
    assert "[TO FILL" not in draft.letter
