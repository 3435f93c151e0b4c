"""The questionnaire shows each answer with the English sentence it produces."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pytest

from reinstate.compose import CaseFacts, KnowledgeBase, compose, facts_from, questionnaire
from reinstate.compose.text import has_chinese
from reinstate.errors import InputError

Case = Callable[..., CaseFacts]


def test_it_asks_the_category_questions_then_the_common_ones(kb: KnowledgeBase, case: Case) -> None:
    questions = questionnaire("performance_late_shipment", case(), kb=kb)
    ids = [q.id for q in questions]
    assert ids == [
        "late_cause",
        "handling_days",
        "carrier_name",
        "action_date",
        "start_date",
        "owner_role",
    ]
    assert [q.common for q in questions] == [False, False, False, True, True, True]


def test_it_asks_in_the_sellers_language(kb: KnowledgeBase, case: Case) -> None:
    hans = questionnaire("performance_late_shipment", case(), "zh-hans", kb=kb)[0]
    hant = questionnaire("performance_late_shipment", case(), "zh-hant", kb=kb)[0]
    assert hans.prompt == "订单迟发的原因是什么？"
    assert hant.prompt == "訂單遲發的原因是什麼？"
    assert hans.prompt_en == "What made the orders late?"


def test_it_shows_the_root_cause_each_choice_produces(kb: KnowledgeBase, case: Case) -> None:
    question = questionnaire("performance_late_shipment", case(), kb=kb)[0]
    pickup = next(c for c in question.choices if c.value == "carrier_pickup_missed")
    assert pickup.produces[0].part == "root_cause"
    assert pickup.produces[0].id == "single_pickup"
    assert "one daily pickup by UPS" in pickup.produces[0].en
    assert has_chinese(pickup.produces[0].zh)


def test_it_shows_the_sentences_a_date_answer_fills(kb: KnowledgeBase, case: Case) -> None:
    question = next(
        q
        for q in questionnaire("performance_late_shipment", case(), kb=kb)
        if q.id == "action_date"
    )
    assert question.answer == "2026-11-05"
    assert 1 <= len(question.produces) <= 3
    assert all("5 November 2026" in p.en for p in question.produces)


def test_it_shows_where_an_unanswered_question_would_go(kb: KnowledgeBase, case: Case) -> None:
    facts = case(answers={})
    question = next(
        q for q in questionnaire("performance_late_shipment", facts, kb=kb) if q.id == "start_date"
    )
    assert question.answer is None
    assert "[TO FILL: date the preventive measures started]" in question.produces[0].en


def test_it_flags_an_answer_in_chinese(kb: KnowledgeBase, case: Case) -> None:
    facts = case(answers={"carrier_name": "顺丰"})
    question = next(
        q
        for q in questionnaire("performance_late_shipment", facts, kb=kb)
        if q.id == "carrier_name"
    )
    assert question.untranslated
    assert question.to_json()["untranslated"] is True


def test_it_refuses_an_unknown_language(kb: KnowledgeBase, case: Case) -> None:
    with pytest.raises(InputError):
        questionnaire("performance_late_shipment", case(), "fr", kb=kb)


# -- facts_from: reading a diagnosis and an analysis report ----------------------------------


@dataclass
class FakeDiagnosis:
    category: str | None = "performance_late_shipment"
    scope: str = "listing"
    asins: tuple[str, ...] = ("B0C1234567", "B0C1234567", "B0C7654321")
    order_ids: tuple[str, ...] = ("112-3456789-1234567",)
    requested_documents: tuple[str, ...] = ("invoices",)
    sent_at: datetime | None = datetime(2026, 11, 3, 9, 30)
    marketplace: str | None = "UK"
    complaint_id: str | None = "14589302211"


@dataclass
class FakeReport:
    metrics: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)


def test_it_reads_a_diagnosis_and_a_report(kb: KnowledgeBase) -> None:
    report = FakeReport(
        metrics=[
            {
                "code": "late_shipment_rate",
                "value": 0.062,
                "target": 0.04,
                "status": "bad",
                "numerator": 31,
                "denominator": 500,
                "window_start": "2026-10-04",
                "window_end": date(2026, 11, 2),
            }
        ],
        findings=[
            {
                "category": "performance_late_shipment",
                "code": "late_shipments",
                "asins": [{"asin": "B0C1234567", "count": 19, "rate": 0.07}],
                "orders": ["112-3456789-1234567"],
                "facts": {"late_orders": 31},
            }
        ],
    )
    facts = facts_from(
        FakeDiagnosis(),
        report,
        {"action_date": "2026-11-05"},
        store_name="Brightpath Home",
        today=date(2026, 11, 12),
    )
    assert facts.asins == ("B0C1234567", "B0C7654321")
    assert facts.notice_date == date(2026, 11, 3)
    assert facts.scope == "listing"
    assert facts.metrics[0].window_start == date(2026, 10, 4)
    assert facts.findings[0].asins[0].count == 19
    assert facts.notice_fields["complaint_id"] == "14589302211"
    appeal = compose(facts, kb=kb)
    assert "Marketplace: amazon.co.uk" in appeal.letter
    assert "6.2% (31 of 500 orders)" in appeal.letter


def test_it_needs_a_category(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="category"):
        facts_from(FakeDiagnosis(category=None))
