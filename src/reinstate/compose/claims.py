"""The case's facts as the letter checker holds claims against them (:class:`CaseClaims`).

Every ASIN, order, figure, date and name the case knows, each from a source: the notice
(ASINs, orders, date, rights owner), the data analysis (per-ASIN and account figures, windows,
carriers), the seller's answers (dates, suppliers, invoiced units) and the seller's confirmed
choices (the actions and measures they took). The checker (``reinstate.check.claims``) flags
whatever a letter states beyond them.

    >>> from datetime import date
    >>> claims = case_claims(CaseFacts(category="inauthentic", asins=("B0C1234567",),
    ...                                today=date(2026, 12, 7)))
    >>> sorted(claims.asins), claims.latest_date
    (['B0C1234567'], datetime.date(2026, 12, 7))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from reinstate.check.model import CaseClaims
from reinstate.compose.facts import CaseFacts, FindingFact
from reinstate.compose.kb import KnowledgeBase
from reinstate.compose.provenance import ABOUT_TOP_ASIN, METRIC_FINDINGS

# What a metric finding's per-ASIN count counts.
_ASIN_COUNT_KEYS = {
    "order_defects": "defect_orders",
    "late_shipments": "late_orders",
    "seller_cancellations": "cancelled_orders",
    "missing_tracking": "missing_tracking_orders",
    "late_deliveries": "late_delivery_orders",
}
# The numerator and denominator of each metric (reinstate.analysis metric codes).
_METRIC_COUNTS = {
    "order_defect_rate": ("defect_orders", "total_orders"),
    "late_shipment_rate": ("late_orders", "total_orders"),
    "pre_fulfillment_cancel_rate": ("cancelled_orders", "total_orders"),
    "valid_tracking_rate": ("valid_tracking_orders", "total_orders"),
    "on_time_delivery_rate": ("on_time_orders", "total_orders"),
}
_PER_ASIN = {
    "units_sold_365d": "units_sold_365d",
    "orders_365d": "orders_365d",
    "returned_units": "returned_units",
    "negative_feedback": "negative_feedback",
}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# Findings whose per-ASIN figures come from their own tables (per_asin, units by ASIN), never
# from their totals; metric findings only show where the defects concentrate.
_OWN_TABLES = METRIC_FINDINGS | {"notice_asins", "notice_orders", "units_sold_365d"}
_WORD = re.compile(r"[a-z]{3,}")
_SLOT = re.compile(r"\{[^{}]+\}")


def case_claims(facts: CaseFacts, kb: KnowledgeBase | None = None) -> CaseClaims:
    """What the case holds, for the letter checker (``CheckContext(claims=...)``)."""
    base = kb or KnowledgeBase.default()
    asin_figures: dict[str, dict[str, float]] = {}
    figures: dict[str, list[float]] = {}
    numbers: set[float] = set()
    dates: set[date] = {d for d in (facts.notice_date, facts.today) if d is not None}
    asins = {a.upper() for a in facts.asins}
    asins.update(str(a).upper() for a in facts.notice_fields.get("asins") or ())
    orders = set(facts.order_ids) | {str(o) for o in facts.notice_fields.get("order_ids") or ()}
    parties = {p for p in (facts.store_name, facts.notice_fields.get("rights_owner_name")) if p}
    for finding in facts.findings:
        asins.update(a.asin.upper() for a in finding.asins)
        orders.update(finding.orders)
        _finding_figures(finding, facts.category, asin_figures, figures, asins, orders)
        dates.update(_dates_in(finding.facts))
        parties.update(_carriers(finding.facts))
    for metric in facts.metrics:
        if metric.value is not None:
            numbers.add(round(metric.value * 100, 2))
        counts = _METRIC_COUNTS.get(metric.code)
        if counts is not None:
            for key, value in zip(counts, (metric.numerator, metric.denominator), strict=True):
                if value is not None:
                    figures.setdefault(key, []).append(float(value))
        dates.update(d for d in (metric.window_start, metric.window_end) if d is not None)
    given: set[float] = set()
    for value in (*facts.facts.values(), *facts.answers.values(), *facts.notice_fields.values()):
        given.update(_numbers_in(value))
        dates.update(_dates_in(value))
        parties.update(_names_in(value))
    numbers.update(given)
    # The affected orders the letter counts per ASIN: this policy's findings together.
    for finding in facts.findings:
        if finding.category == facts.category:
            for stat in finding.asins:
                entry = asin_figures.setdefault(stat.asin.upper(), {})
                entry["affected_orders"] = entry.get("affected_orders", 0.0) + stat.count
    for table in figures.values():
        numbers.update(table)
    for per_asin in asin_figures.values():
        numbers.update(per_asin.values())
    numbers.update({float(len(facts.asins)), float(len(facts.order_ids))})
    category = base.category(facts.category)
    actions = {
        ident: _words(part.text.en)
        for ident, part in (*category.actions.items(), *category.preventions.items())
    }
    confirmed = facts.choices.confirmed_ids() if facts.choices is not None else None
    return CaseClaims(
        asins=frozenset(asins),
        order_ids=frozenset(orders),
        asin_figures={a: dict(v) for a, v in asin_figures.items()},
        figures={k: tuple(v) for k, v in figures.items()},
        numbers=frozenset(numbers),
        given=frozenset(given),
        dates=frozenset(dates),
        latest_date=facts.today,
        parties=frozenset(" ".join(str(p).split()).lower().rstrip(".") for p in parties),
        actions=actions,
        confirmed=confirmed,
    )


def _finding_figures(
    finding: FindingFact,
    category: str,
    asin_figures: dict[str, dict[str, float]],
    figures: dict[str, list[float]],
    asins: set[str],
    orders: set[str],
) -> None:
    """A finding's figures: per ASIN where it gives them, for the account otherwise."""
    for key, value in finding.facts.items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            figures.setdefault(key, []).append(float(value))
    if finding.code.startswith("complaints_") and finding.category == category:
        for stat in finding.asins:
            entry = asin_figures.setdefault(stat.asin.upper(), {})
            entry["complaint_count"] = entry.get("complaint_count", 0.0) + stat.count
    elif finding.code in METRIC_FINDINGS:
        counted = _ASIN_COUNT_KEYS.get(finding.code)
        for stat in finding.asins:
            if counted:
                asin_figures.setdefault(stat.asin.upper(), {})[counted] = float(stat.count)
    # A finding about one product (its top ASIN, or its only one): its figures are that ASIN's.
    top = finding.facts.get("top_asin")
    owner = top if isinstance(top, str) and finding.code in ABOUT_TOP_ASIN else None
    if owner is None and len(finding.asins) == 1 and finding.code not in _OWN_TABLES:
        owner = finding.asins[0].asin
    if owner:
        entry = asin_figures.setdefault(owner.upper(), {})
        for key, value in finding.facts.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                entry.setdefault(key, float(value))
    by_asin = finding.facts.get("units_sold_365d_by_asin")
    if isinstance(by_asin, Mapping):
        for asin, units in by_asin.items():
            asins.add(str(asin).upper())
            asin_figures.setdefault(str(asin).upper(), {})["units_sold_365d"] = float(units or 0)
    per_asin = finding.facts.get("per_asin")
    if isinstance(per_asin, Mapping):
        for asin, entry in per_asin.items():
            if not isinstance(entry, Mapping) or not entry.get("found", True):
                continue
            target = asin_figures.setdefault(str(asin).upper(), {})
            for source, key in _PER_ASIN.items():
                if isinstance(entry.get(source), int | float):
                    target.setdefault(key, float(entry[source]))
            # Found in the data with no complaint of this policy: its count is 0.
            target.setdefault("complaint_count", 0.0)
    per_order = finding.facts.get("per_order")
    if isinstance(per_order, Mapping):
        orders.update(str(o) for o, e in per_order.items() if isinstance(e, Mapping))


def _numbers_in(value: Any) -> set[float]:
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, int | float):
        return {float(value)}
    if isinstance(value, Mapping):
        return {n for v in value.values() for n in _numbers_in(v)}
    if isinstance(value, list | tuple | set | frozenset):
        return {n for v in value for n in _numbers_in(v)}
    if isinstance(value, str):
        return {float(m.group().replace(",", "")) for m in _NUMBER.finditer(value)}
    return set()


def _dates_in(value: Any) -> set[date]:
    if isinstance(value, datetime):
        return {value.date()}
    if isinstance(value, date):
        return {value}
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return {date.fromisoformat(value.strip())}
        except ValueError:
            return set()
    if isinstance(value, Mapping):
        return {d for v in value.values() for d in _dates_in(v)}
    if isinstance(value, list | tuple):
        return {d for v in value for d in _dates_in(v)}
    return set()


def _names_in(value: Any) -> set[str]:
    """Free-text answers name suppliers, distributors, carriers: each is a known party."""
    if isinstance(value, Mapping):
        return {n for v in value.values() for n in _names_in(v)}
    if isinstance(value, list | tuple):
        return {n for v in value for n in _names_in(v)}
    if isinstance(value, str) and " " in value.strip() and not _NUMBER.fullmatch(value.strip()):
        return {value.strip()}
    return set()


def _carriers(facts: Mapping[str, Any]) -> Iterable[str]:
    top = facts.get("top_carrier")
    if isinstance(top, str) and top:
        yield top
    for row in facts.get("carriers") or ():
        if isinstance(row, Mapping) and row.get("carrier"):
            yield str(row["carrier"])


def _words(text: str) -> frozenset[str]:
    """The words of a knowledge-base text without its slots (how a letter sentence is matched
    to the action it states)."""
    return frozenset(_WORD.findall(_SLOT.sub(" ", text.lower())))
