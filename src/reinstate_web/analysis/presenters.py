"""The analysis report (contract JSON) turned into what the case page shows, in the user's
language. Metric names and complaint families come from the knowledge base (en / zh-hans /
zh-hant); everything else from Django's catalogue (``labels``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from reinstate.analysis.knowledge import complaints
from reinstate.errors import KnowledgeBaseError
from reinstate.knowledge.loader import load
from reinstate.notices.labels import label, normalise_language
from reinstate_web.analysis import core_messages, labels
from reinstate_web.cases.dates import long_date

TOP_ASINS = 10
TOP_QUOTES = 6
TOP_ORDERS = 12
# Findings shown in step 3 (documents), not among the causes in step 1.
EVIDENCE_ONLY = {"units_sold_365d"}


def language() -> str:
    return normalise_language(get_language())


def percent(value: Any) -> str:
    """0.0613 -> '6.13%'; None -> '—'."""
    if not isinstance(value, int | float):
        return "—"
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else ("—" if value is None else str(value))


def metric_name(code: str, lang: str) -> str:
    entry: Mapping[str, Any] = load("common").get("metrics", {}).get(code, {})
    names: Mapping[str, str] = entry.get("name", {})
    return str(names.get(lang) or names.get("en") or code.replace("_", " ").capitalize())


def _target_text(code: str, target: Any, lang: str) -> str:
    if not isinstance(target, int | float):
        return "—"
    common = load("common")
    direction = common.get("metrics", {}).get(code, {}).get("direction", "below")
    phrases: Mapping[str, str] = common.get("metric_target", {}).get(direction, {})
    phrase = phrases.get(lang) or phrases.get("en") or "{target}"
    return phrase.format(target=percent(target))


def family_name(family: str, lang: str) -> str:
    known = complaints().families.get(family)
    if known is None:
        return family.replace("_", " ")
    return str(known.name.get(lang) or known.name.get("en") or family)


def category_name(code: str, lang: str) -> str:
    try:
        return label("category", code, lang)
    except KnowledgeBaseError:
        return code


def finding_title(finding: Mapping[str, Any], lang: str) -> str:
    code = str(finding.get("code", ""))
    if code.startswith("complaints_"):
        family = str(finding.get("facts", {}).get("family") or code.removeprefix("complaints_"))
        return _("Customer complaints: %(family)s") % {"family": family_name(family, lang)}
    title = labels.FINDING_TITLES.get(code)
    return str(title) if title else code.replace("_", " ")


def present_metric(metric: Mapping[str, Any], lang: str) -> dict[str, Any]:
    code = str(metric.get("code", ""))
    breakdown: Mapping[str, Any] = metric.get("breakdown") or {}
    status = str(metric.get("status") or "none")
    channel = metric.get("fulfillment")
    split = []
    if code == "order_defect_rate" and breakdown.get("source") == "seller_data":
        # Kinds the uploaded reports could not count are left out, never shown as 0.
        split = [
            (name, number(breakdown.get(key)))
            for key, name in (
                ("negative_feedback", _("negative feedback")),
                ("a_to_z", _("A-to-z claims")),
                ("chargebacks", _("chargebacks")),
            )
            if breakdown.get(key) is not None
        ]
    note: Mapping[str, str] = metric.get("note") or {}
    return {
        "code": code,
        "name": metric_name(code, lang),
        "channel": str(labels.CHANNELS.get(str(channel), "")) if channel else "",
        "value": percent(metric.get("value")),
        "target": _target_text(code, metric.get("target"), lang),
        "status": status,
        "status_label": str(labels.METRIC_STATUS.get(status, status)),
        "numerator": number(metric.get("numerator")),
        "denominator": number(metric.get("denominator")),
        "has_counts": metric.get("denominator") is not None,
        "window_start": long_date(metric.get("window_start")),
        "window_end": long_date(metric.get("window_end")),
        "window_days": breakdown.get("window_days"),
        "source": str(labels.METRIC_SOURCES.get(str(breakdown.get("source")), "")),
        "split": split,
        "note": note.get(normalise_language(lang)) or note.get("en", ""),
        "partial": bool(breakdown.get("partial")),
    }


def present_finding(finding: Mapping[str, Any], lang: str) -> dict[str, Any]:
    code = str(finding.get("code", ""))
    facts: Mapping[str, Any] = finding.get("facts") or {}
    heading = labels.COUNT_HEADINGS.get(code)
    if heading is None:
        heading = labels.COMPLAINTS_HEADING if code.startswith("complaints_") else None
    asins = [
        {
            "asin": a.get("asin"),
            "title": a.get("title") or "",
            "sku": a.get("sku") or "",
            "count": number(a.get("count")),
            "rate": percent(a.get("rate")) if a.get("rate") is not None else "",
            "units_sold": number(a.get("units_sold")) if a.get("units_sold") is not None else "",
        }
        for a in (finding.get("asins") or [])[:TOP_ASINS]
    ]
    quotes = [
        {
            "text": q.get("text", ""),
            "asin": q.get("asin") or "",
            "order_id": q.get("order_id") or "",
            "source": str(labels.QUOTE_SOURCES.get(str(q.get("source")), q.get("source") or "")),
            "date": long_date(q.get("date")),
            "language": q.get("language") or "",
        }
        for q in (finding.get("evidence") or [])[:TOP_QUOTES]
    ]
    orders = list(finding.get("orders") or [])
    return {
        "code": code,
        "category": str(finding.get("category", "")),
        "category_name": category_name(str(finding.get("category", "")), lang),
        "title": finding_title(finding, lang),
        "summary": summary(code, facts),
        "asins": asins,
        "more_asins": max(0, len(finding.get("asins") or []) - TOP_ASINS),
        "count_heading": str(heading or labels.COUNT_HEADING),
        "quotes": quotes,
        "orders": orders[:TOP_ORDERS],
        "more_orders": max(0, len(orders) - TOP_ORDERS),
        "window_start": long_date(facts.get("window_start")),
        "window_end": long_date(facts.get("window_end")),
    }


def _int(value: Any) -> int:
    """A count for choosing the plural form (2 when unknown: the plural reads best)."""
    return value if isinstance(value, int) else 2


def _with_names(template: str, values: Mapping[str, Any], *, names: tuple[str, ...]) -> str:
    """A translated sentence as safe HTML, the ``names`` (a carrier, a person) marked as
    words from the seller's data that are never translated."""
    escaped = {
        key: format_html('<span translate="no">{}</span>', value)
        if key in names
        else conditional_escape(value)
        for key, value in values.items()
    }
    return mark_safe(conditional_escape(template) % escaped)  # noqa: S308 - all parts escaped


def summary(code: str, facts: Mapping[str, Any]) -> str:
    """One sentence with the figures a letter can cite."""
    f = {k: (number(v) if isinstance(v, int) else v) for k, v in facts.items()}
    if code == "order_defects":
        return _(
            "%(bad)s of %(total)s orders had a defect (%(rate)s): %(neg)s negative feedback, "
            "%(atoz)s A-to-z claims, %(cb)s chargebacks."
        ) % {
            "bad": f.get("defect_orders", "—"),
            "total": f.get("total_orders", "—"),
            "rate": percent(facts.get("order_defect_rate")),
            "neg": f.get("negative_feedback_count", 0),
            "atoz": f.get("a_to_z_count", 0),
            "cb": f.get("chargeback_count", 0),
        }
    if code == "late_shipments":
        return _with_names(
            _("%(bad)s of %(total)s orders shipped late (%(rate)s); most with %(carrier)s."),
            {
                "bad": f.get("late_orders", "—"),
                "total": f.get("total_orders", "—"),
                "rate": percent(facts.get("late_shipment_rate")),
                "carrier": f.get("top_carrier") or "—",
            },
            names=("carrier",),
        )
    if code == "seller_cancellations":
        return _("You cancelled %(bad)s of %(total)s orders before shipping (%(rate)s).") % {
            "bad": f.get("cancelled_orders", "—"),
            "total": f.get("total_orders", "—"),
            "rate": percent(facts.get("pre_fulfillment_cancel_rate")),
        }
    if code == "missing_tracking":
        return _("%(bad)s of %(total)s shipments had no valid tracking (%(rate)s valid).") % {
            "bad": f.get("missing_tracking_orders", "—"),
            "total": f.get("total_orders", "—"),
            "rate": percent(facts.get("valid_tracking_rate")),
        }
    if code == "late_deliveries":
        return _("%(bad)s of %(total)s orders arrived late (%(rate)s on time).") % {
            "bad": f.get("late_delivery_orders", "—"),
            "total": f.get("total_orders", "—"),
            "rate": percent(facts.get("on_time_delivery_rate")),
        }
    if code.startswith("complaints_"):
        return ngettext(
            "%(count)s complaints on %(orders)s orders about %(asins)s ASIN: %(top)s "
            "(%(top_count)s).",
            "%(count)s complaints on %(orders)s orders about %(asins)s ASINs; most about "
            "%(top)s (%(top_count)s).",
            _int(facts.get("asin_count")),
        ) % {
            "count": f.get("complaint_count", "—"),
            "orders": f.get("complaint_orders", "—"),
            "asins": f.get("asin_count", "—"),
            "top": f.get("top_asin") or "—",
            "top_count": f.get("top_asin_complaints", "—"),
        }
    if code == "used_condition_listings":
        return ngettext(
            "%(n)s listings on %(asins)s ASIN carry a used or collectible condition.",
            "%(n)s listings on %(asins)s ASINs carry a used or collectible condition.",
            _int(facts.get("asin_count")),
        ) % {
            "n": f.get("listing_count", "—"),
            "asins": f.get("asin_count", "—"),
        }
    if code == "high_return_rate":
        return _("%(asin)s was returned %(rate)s of the time; your other products %(rest)s.") % {
            "asin": f.get("top_asin") or "—",
            "rate": percent(facts.get("return_rate")),
            "rest": percent(facts.get("rest_return_rate")),
        }
    if code == "high_ncx_rate":
        return _("%(asin)s has a negative experience rate of %(rate)s; the rest %(rest)s.") % {
            "asin": f.get("top_asin") or "—",
            "rate": percent(facts.get("ncx_rate")),
            "rest": percent(facts.get("rest_ncx_rate")),
        }
    if code == "units_sold_365d":
        return ngettext(
            "%(units)s units on %(orders)s orders of %(asins)s ASIN from %(start)s to %(end)s.",
            "%(units)s units on %(orders)s orders of %(asins)s ASINs from %(start)s to %(end)s.",
            _int(facts.get("asin_count")),
        ) % {
            "units": f.get("units_sold_365d", "—"),
            "orders": f.get("orders_365d", "—"),
            "asins": f.get("asin_count", "—"),
            "start": long_date(facts.get("window_start")) or "—",
            "end": long_date(facts.get("window_end")) or "—",
        }
    if code == "notice_asins":
        return _(
            "%(found)s of the %(n)s ASINs in the notice are in your data: %(units)s units sold "
            "in 365 days, %(complaints)s complaints."
        ) % {
            "found": len(facts.get("asins_found") or []),
            "n": len(facts.get("notice_asins") or []),
            "units": f.get("units_sold_365d", "—"),
            "complaints": f.get("complaint_count", "—"),
        }
    if code == "notice_orders":
        return _("%(found)s of the %(n)s orders in the notice are in your data.") % {
            "found": len(facts.get("orders_found") or []),
            "n": len(facts.get("notice_orders") or []),
        }
    if code == "account_health_report":
        score = facts.get("ahr_score")
        if isinstance(score, float) and score.is_integer():
            score = int(score)
        if score is None:
            return _("Account Health Rating: %(status)s.") % {
                "status": account_status(facts.get("ahr_status"))
            }
        return _("Account Health Rating: %(status)s (%(score)s).") % {
            "status": account_status(facts.get("ahr_status")),
            "score": number(score),
        }
    return ""


def account_status(code: Any) -> str:
    """Amazon's status code ("WARNED") in words; an unknown code as Amazon wrote it."""
    if not code:
        return "—"
    label = labels.ACCOUNT_STATUSES.get(str(code).strip().upper())
    return str(label) if label is not None else str(code)


def present_report(
    report: Mapping[str, Any], *, case_category: str = "", lang: str | None = None
) -> dict[str, Any]:
    """Metrics, findings (the case's own category first) and sources, ready for the template."""
    lang = lang or language()
    findings = [f for f in report.get("findings", []) if f.get("code") not in EVIDENCE_ONLY]
    # Stable sort: the case's category first, the analysis's own order otherwise.
    findings.sort(key=lambda f: 0 if f.get("category") == case_category else 1)
    presented = [present_finding(f, lang) for f in findings]
    # A seller in a hurry reads what bears on this case first; the rest stays one click away.
    # Without a known category every finding is shown.
    primary = [f for f in presented if not case_category or f["category"] == case_category]
    metrics = [present_metric(m, lang) for m in report.get("metrics", [])]
    return {
        "metrics": metrics,
        "metrics_missed": sum(1 for m in metrics if m["status"] == "bad"),
        "metrics_first": not case_category or case_category.startswith("performance"),
        "findings": presented,
        "primary_findings": primary or presented,
        "other_findings": [f for f in presented if f not in primary] if primary else [],
    }


def present_source(source: Mapping[str, Any]) -> dict[str, Any]:
    kind = str(source.get("kind") or "unknown")
    return {
        "kind": kind,
        "kind_name": str(labels.REPORT_KINDS.get(kind, kind)),
        "rows_read": number(source.get("rows_read")),
        "rows_rejected": int(source.get("rows_rejected") or 0),
        "encoding": source.get("encoding") or "",
        "samples": [
            {**sample, "reason": core_messages.row_reason(str(sample.get("reason") or ""))}
            for sample in list(source.get("rejected_samples") or [])[:5]
            if isinstance(sample, Mapping)
        ],
        "warnings": [
            core_messages.source_warning(str(w)) for w in list(source.get("warnings") or [])[:5]
        ],
    }


def units_for_invoices(report: Mapping[str, Any]) -> dict[str, Any] | None:
    """Step 3: the units per ASIN sold in the 365 days before the notice (invoices must cover
    at least these), with the notice's own ASINs marked."""
    finding = next(
        (f for f in report.get("findings", []) if f.get("code") == "units_sold_365d"), None
    )
    if finding is None:
        return None
    facts: Mapping[str, Any] = finding.get("facts") or {}
    by_asin: Mapping[str, int] = facts.get("units_sold_365d_by_asin") or {}
    stats = {a.get("asin"): a for a in finding.get("asins") or []}
    # The finding lists its top ASINs only; other findings often know the rest's names.
    names = {
        a.get("asin"): (a.get("title") or "", a.get("sku") or "")
        for f in report.get("findings", [])
        for a in f.get("asins") or []
        if isinstance(a, Mapping) and a.get("title")
    }
    notice = next((f for f in report.get("findings", []) if f.get("code") == "notice_asins"), None)
    notice_asins = set((notice or {}).get("facts", {}).get("notice_asins") or [])
    rows = [
        {
            "asin": asin,
            "units": number(units),
            "orders": number((stats.get(asin) or {}).get("details", {}).get("orders")),
            "title": (stats.get(asin) or {}).get("title") or names.get(asin, ("", ""))[0],
            "sku": (stats.get(asin) or {}).get("sku") or names.get(asin, ("", ""))[1],
            "in_notice": asin in notice_asins,
        }
        for asin, units in sorted(by_asin.items(), key=lambda kv: (-int(kv[1]), kv[0]))
    ]
    rows.sort(key=lambda r: 0 if r["in_notice"] else 1)
    # The notice's ASINs and the best sellers first; the long tail one click away.
    shown = max(TOP_ASINS, sum(1 for r in rows if r["in_notice"]))
    return {
        "rows": rows[:shown],
        "more_rows": rows[shown:],
        "total": number(facts.get("units_sold_365d")),
        "orders": number(facts.get("orders_365d")),
        "window_start": long_date(facts.get("window_start")),
        "window_end": long_date(facts.get("window_end")),
        "data_start": long_date(facts.get("data_start")),
        "partial": bool(facts.get("partial_window")),
    }


def chart_title(filename: str, lang: str) -> str:
    """'order_defect_rate_mfn.png' -> 'Order Defect Rate · Seller-fulfilled' (alt text)."""
    stem = filename.rsplit(".", 1)[0]
    if stem == "complaints_top_asins":
        return _("ASINs with the most customer complaints")
    code, _sep, channel = stem.rpartition("_")
    if not code:
        return stem
    channel_name = labels.CHANNELS.get(channel)
    return metric_name(code, lang) + (f" · {channel_name}" if channel_name else "")
