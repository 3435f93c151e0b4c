"""A late-shipment case on the fixture knowledge base (tests/fixtures/knowledge)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reinstate.compose import AsinFact, CaseFacts, FindingFact, MetricFact

FIXTURE_KB = Path(__file__).resolve().parents[2] / "fixtures" / "knowledge"
CATEGORY = "performance_late_shipment"
ASINS = ("B0C1234567", "B0C7654321", "B0D2468101")
ORDERS = ("112-3456789-1234567", "112-7654321-7654321")

ANSWERS: dict[str, Any] = {
    "late_cause": ["confirmed_late", "stock_shortage"],
    "handling_days": 2,
    "carrier_name": "UPS",
    "action_date": "2026-11-05",
    "start_date": "2026-11-06",
    "owner_role": "operations_manager",
}


def late_shipment_case(**changes: Any) -> CaseFacts:
    base: dict[str, Any] = {
        "category": CATEGORY,
        "scope": "account",
        "asins": ASINS,
        "order_ids": ORDERS,
        "notice_date": date(2026, 11, 3),
        "marketplace": "US",
        "store_name": "Brightpath Home",
        "requested_documents": ("plan_of_action", "order_information"),
        "metrics": (
            MetricFact(
                "late_shipment_rate",
                0.062,
                0.04,
                31,
                500,
                date(2026, 10, 4),
                date(2026, 11, 2),
                "bad",
                "mfn",
            ),
            MetricFact(
                "late_shipment_rate",
                0.05,
                0.04,
                8,
                160,
                date(2026, 10, 24),
                date(2026, 11, 2),
                "bad",
                "mfn",
            ),
        ),
        "findings": (
            FindingFact(
                "late_shipments",
                CATEGORY,
                (AsinFact("B0C1234567", 19), AsinFact("B0C7654321", 12)),
                ORDERS,
                {"late_orders": 31, "total_orders": 500},
            ),
        ),
        "answers": dict(ANSWERS),
        "today": date(2026, 11, 12),
    }
    base.update(changes)
    return CaseFacts(**base)
