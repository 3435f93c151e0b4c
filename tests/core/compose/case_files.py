"""Read a case fixture (tests/fixtures/cases/<category>.yaml) into CaseFacts.

A case file holds what a notice, the seller's exports and the questionnaire would give: the
notice's ASINs, orders, date and marketplace, the metrics and findings of the data analysis (in
the shapes `reinstate analyze` reports), the seller's answers, ``in_error_answers`` (what the
seller answers when disputing the enforcement instead), and ``figures``: the exact figures the
three form sections must cite.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from reinstate.compose import (
    AsinFact,
    CaseFacts,
    Choices,
    FindingFact,
    KnowledgeBase,
    MetricFact,
)

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "cases"


def case_path(category: str) -> Path:
    return CASES / f"{category}.yaml"


def load_case(
    category: str, *, in_error: bool = False, confirmed: bool = True
) -> tuple[CaseFacts, dict[str, Any]]:
    """The case's facts and the raw file (for ``figures`` and notes); with ``in_error``, the
    "deactivated in error" appeal with the case's ``in_error_answers`` added. ``confirmed``: the
    seller has confirmed the actions and measures the composer suggests (as after pressing
    "Confirm" on the draft), so the letter states them without a suggestion mark."""
    raw: dict[str, Any] = yaml.safe_load(case_path(category).read_text(encoding="utf-8"))
    answers = dict(raw.get("answers") or {})
    if in_error:
        answers.update(raw.get("in_error_answers") or {})
    facts = CaseFacts(
        category=raw["category"],
        scope=raw.get("scope", "account"),
        asins=tuple(raw.get("asins") or ()),
        order_ids=tuple(raw.get("order_ids") or ()),
        notice_date=raw.get("notice_date"),
        marketplace=raw.get("marketplace"),
        store_name=raw.get("store_name"),
        requested_documents=tuple(raw.get("requested_documents") or ()),
        metrics=tuple(MetricFact(**m) for m in raw.get("metrics") or ()),
        findings=tuple(
            FindingFact(
                code=f["code"],
                category=f.get("category"),
                asins=tuple(AsinFact(**a) for a in f.get("asins") or ()),
                orders=tuple(f.get("orders") or ()),
                facts=f.get("facts") or {},
            )
            for f in raw.get("findings") or ()
        ),
        answers=answers,
        notice_fields=raw.get("notice_fields") or {},
        facts=raw.get("facts") or {},
        today=raw.get("today"),
        in_error=in_error,
    )
    if confirmed:
        knowledge = KnowledgeBase.default().category(facts.category)
        every = (*knowledge.actions, *knowledge.preventions)
        facts = dataclasses.replace(facts, choices=Choices(confirmed=tuple(every)))
    return facts, raw
