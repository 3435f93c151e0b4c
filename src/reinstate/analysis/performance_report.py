"""Amazon's own snapshot: the ``GET_V2_SELLER_PERFORMANCE_REPORT`` JSON, read leniently.

The published schema and its own example disagree on names (``ahrStatus`` and
``accountHealthRatingStatus``, ``prefulfillmentCancelRate`` and ``preFulfillmentCancellationRate``,
``warningState`` and ``warningStates``, ``documentRequest`` and ``documentRequests``); clients
have seen numbers as strings and ``warningStates`` as a list of strings. Every variant is
accepted. A metric whose ``status`` is ``NONE`` has no data (it is not a failure).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from reinstate.analysis.knowledge import thresholds
from reinstate.analysis.model import Finding, Fulfillment, Metric
from reinstate.codes import Category, MetricStatus

# metric code -> (key names, numerator keys, denominator keys)
_RATES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "late_shipment_rate": (("lateShipmentRate",), ("lateShipmentCount",), ("orderCount",)),
    "pre_fulfillment_cancel_rate": (
        ("preFulfillmentCancellationRate", "prefulfillmentCancelRate"),
        ("cancellationCount",),
        ("orderCount",),
    ),
    "valid_tracking_rate": (("validTrackingRate",), ("validTrackingCount",), ("shipmentCount",)),
    "on_time_delivery_rate": (
        ("onTimeDeliveryRate",),
        ("onTimeDeliveryCount",),
        ("shipmentCountWithValidTracking",),
    ),
    "unit_on_time_delivery_rate": (
        ("unitOnTimeDeliveryRate",),
        ("unitOnTimeDeliveryCount",),
        ("totalUnitCount",),
    ),
    "invoice_defect_rate": (("invoiceDefectRate",), ("invoiceDefect",), ("orderCount",)),
}
# fact key -> key names of the listing-level policy counters
_COUNTERS: dict[str, tuple[str, ...]] = {
    "listing_policy_violations": ("listingPolicyViolations",),
    "product_authenticity_customer_complaints": ("productAuthenticityCustomerComplaints",),
    "product_condition_customer_complaints": ("productConditionCustomerComplaints",),
    "product_safety_customer_complaints": ("productSafetyCustomerComplaints",),
    "received_ip_complaints": ("receivedIntellectualPropertyComplaints",),
    "suspected_ip_violations": ("suspectedIntellectualPropertyViolations",),
    "restricted_product_policy_violations": ("restrictedProductPolicyViolations",),
    "food_and_product_safety_issues": ("foodAndProductSafetyIssues",),
    "other_policy_violations": ("otherPolicyViolations",),
    "document_requests": ("documentRequests", "documentRequest"),
    "policy_violation_warnings": ("policyViolationWarnings",),
}


def _first(block: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        if name in block:
            return block[name]
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, Mapping):  # {"count": 3, "status": "BAD"}
        value = value.get("count")
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(str(value).strip().rstrip("%"))
    except ValueError:
        return None


def _count(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _window(block: Mapping[str, Any]) -> tuple[date | None, date | None]:
    span = block.get("reportingDateRange")
    if not isinstance(span, Mapping):
        return None, None
    return _day(span.get("reportingDateFrom")), _day(span.get("reportingDateTo"))


def _fraction(rate: float | None, target: float | None) -> float | None:
    """Amazon's rate is a fraction or a percentage: judged by the target's scale or its size."""
    if rate is None:
        return None
    percent_scale = (target is not None and target >= 1) or (target is None and rate > 1)
    return rate / 100 if percent_scale else rate


def _metric(
    code: str,
    block: Mapping[str, Any],
    numerator_keys: tuple[str, ...],
    denominator_keys: tuple[str, ...],
    fulfillment: Fulfillment | None,
    marketplace: str | None,
) -> Metric:
    rule = thresholds().rule(code)
    numerator = _count(_first(block, numerator_keys))
    denominator = _count(_first(block, denominator_keys))
    target_raw = _number(block.get("targetValue"))
    if numerator is not None and denominator:
        value: float | None = numerator / denominator
    else:
        value = _fraction(_number(block.get("rate")), target_raw)
    amazon_status = str(block.get("status", "")).upper()
    status = MetricStatus.NONE if amazon_status == "NONE" else rule.status(value)
    start, end = _window(block)
    return Metric(
        code=code,
        value=value,
        target=rule.target,
        status=status,
        numerator=numerator,
        denominator=denominator,
        window_start=start,
        window_end=end,
        fulfillment=fulfillment,
        breakdown={
            "source": "performance_report",
            "marketplace_id": marketplace,
            "amazon_status": amazon_status or None,
            "window_days": (end - start).days + 1 if start and end else None,
        },
    )


def _odr(block: Mapping[str, Any], fulfillment: Fulfillment, marketplace: str | None) -> Metric:
    metric = _metric(
        "order_defect_rate",
        block,
        ("orderWithDefects",),
        ("orderCount",),
        fulfillment,
        marketplace,
    )
    breakdown = dict(metric.breakdown)
    breakdown.update(
        negative_feedback=_count(block.get("negativeFeedback")),
        a_to_z=_count(block.get("claims")),
        chargebacks=_count(block.get("chargebacks")),
    )
    return replace(metric, breakdown=breakdown)


def read(document: Mapping[str, Any]) -> tuple[list[Metric], list[Finding]]:
    """Metrics and one ``account_health_report`` finding per marketplace in the document."""
    statuses = {
        str(s.get("marketplaceId")): s.get("status")
        for s in document.get("accountStatuses") or []
        if isinstance(s, Mapping)
    }
    metrics: list[Metric] = []
    findings: list[Finding] = []
    for block in document.get("performanceMetrics") or []:
        if not isinstance(block, Mapping):
            continue
        marketplace = block.get("marketplaceId")
        market = str(marketplace) if marketplace is not None else None
        odr = block.get("orderDefectRate")
        if isinstance(odr, Mapping):
            for channel in ("mfn", "afn"):
                branch = odr.get(channel)
                if isinstance(branch, Mapping):
                    metrics.append(_odr(branch, channel, market))
        for code, (names, numerators, denominators) in _RATES.items():
            rate_block = _first(block, names)
            if isinstance(rate_block, Mapping):
                metrics.append(_metric(code, rate_block, numerators, denominators, "mfn", market))
        findings.append(_account_health(block, statuses.get(market or ""), market))
    if not findings and statuses:
        findings.append(_account_health({}, next(iter(statuses.values())), None))
    return metrics, findings


def _account_health(block: Mapping[str, Any], status: Any, market: str | None) -> Finding:
    rating = block.get("accountHealthRating")
    rating = rating if isinstance(rating, Mapping) else {}
    facts: dict[str, Any] = {
        "marketplace_id": market,
        "account_status": status,
        "ahr_status": rating.get("ahrStatus", rating.get("accountHealthRatingStatus")),
        "ahr_score": _number(rating.get("ahrScore")),
        "warning_states": _warnings(_first(block, ("warningStates", "warningState"))),
    }
    for key, names in _COUNTERS.items():
        counter = _first(block, names)
        if isinstance(counter, Mapping):
            facts[key] = _count(counter.get("defectsCount", counter.get("warningsCount")))
    return Finding(category=Category.OTHER, code="account_health_report", facts=facts)


def _warnings(value: Any) -> list[str]:
    """``["AT_RISK"]``, ``[{"warningType": ..., "status": ...}]`` or one such object."""
    items = value if isinstance(value, list) else [value] if value else []
    found = []
    for item in items:
        if isinstance(item, Mapping):
            kind = item.get("warningType") or item.get("type")
            state = item.get("status")
            found.append(":".join(str(p) for p in (kind, state) if p))
        elif item is not None:
            found.append(str(item))
    return found
