"""Findings and readings turned into what the page shows, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from reinstate.evidence import Finding, Reading
from reinstate_web.cases.dates import long_date
from reinstate_web.evidence import labels


def _values(finding: Finding) -> dict[str, Any]:
    values: dict[str, Any] = {"value": finding.value or "—", "expected": finding.expected or "—"}
    for key, raw in finding.facts.items():
        values[key] = raw
    reason = finding.facts.get("reason")
    if isinstance(reason, str):
        values["reason"] = str(labels.REASONS.get(reason, reason))
    sign = finding.facts.get("sign")
    if isinstance(sign, str):
        values["sign"] = str(labels.SIGNS.get(sign, sign))
    missing = finding.facts.get("missing")
    if isinstance(missing, list):
        values["missing"] = ", ".join(str(labels.MISSING.get(m, m)) for m in missing)
    asins = finding.facts.get("asins")
    if isinstance(asins, list):
        values["asins"] = ", ".join(asins) or _("the ASINs it covers")
    for key in ("value", "expected"):
        raw = values.get(key)
        if isinstance(raw, str) and len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
            values[key] = long_date(raw)
    if finding.rule == "format_not_accepted" and isinstance(finding.expected, str):
        values["expected"] = finding.expected.upper()
        values["value"] = str(finding.value or "").upper()
    if finding.rule == "kind_mismatch":
        values["value"] = str(labels.KINDS.get(str(finding.value), finding.value))
    for key in ("days", "units_sold", "invoiced", "short", "pages", "read", "dpi", "age"):
        values.setdefault(key, "—")
    values.setdefault("asin", finding.value or "—")
    values.setdefault("reason", "—")
    values.setdefault("sign", "—")
    values.setdefault("missing", "—")
    values.setdefault("asins", "—")
    return values


def _fill(text: object, values: dict[str, Any]) -> str:
    try:
        return str(text) % values
    except (KeyError, TypeError, ValueError):
        return str(text)


def present_finding(finding: Finding) -> dict[str, Any]:
    rule, found, fix = labels.RULES.get(finding.rule, (finding.rule, finding.rule, ""))
    values = _values(finding)
    return {
        "code": finding.rule,
        "severity": finding.severity.value,
        "blocking": finding.blocking,
        "rule": _fill(rule, values),
        "finding": _fill(found, values),
        "fix": _fill(fix, values),
        "page": finding.page,
        "document": finding.document,
    }


def _field(name: str, value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    shown = value.text
    if name in ("issue_date", "valid_from", "valid_until"):
        shown = long_date(value.value)
    return {"name": str(labels.FIELDS.get(name, name)), "value": shown, "page": value.page,
            "box": value.box, "key": name}  # fmt: skip


def fields_read(reading: Reading) -> list[dict[str, Any]]:
    """The fields read, in the order a reader checks them, each with page and box."""
    rows = [_field(k, reading.fields.get(k)) for k in ("issue_date", "valid_from", "valid_until")]
    for who, party in ((_("Supplier"), reading.supplier), (_("Buyer"), reading.buyer)):
        for key in ("name", "address", "phone", "website"):
            row = _field(key, getattr(party, key))
            if row is not None:
                row["name"] = f"{who} · {row['name']}"
                row["key"] = f"{'supplier' if who == _('Supplier') else 'buyer'}_{key}"
                rows.append(row)
    rows += [_field(k, reading.fields.get(k)) for k in ("issuer", "brand")]
    return [r for r in rows if r is not None]


def page_ratio(reading: Reading, page: int) -> float:
    """Height over width of a page as read (1.414 for A4)."""
    for info in reading.pages:
        if info.number == page and info.width:
            return info.height / info.width
    return 1.414


def boxes(reading: Reading, page: int) -> list[dict[str, Any]]:
    """Boxes to draw on a page image (an SVG 1000 wide): every field and line item read on
    it."""
    ratio = page_ratio(reading, page)
    found = []
    for row in fields_read(reading):
        if row["page"] == page and row["box"]:
            found.append({"label": row["name"], "box": row["box"], "kind": "field"})
    for item in reading.line_items:
        if item.page == page and item.box:
            quantity = item.quantity if item.quantity is not None else "—"
            found.append({"label": f"{', '.join(item.identifiers) or item.description[:40]} × "
                                   f"{quantity}", "box": item.box, "kind": "item"})  # fmt: skip
    return [
        {
            **b,
            "x": round(b["box"][0] * 1000, 1),
            "y": round(b["box"][1] * 1000 * ratio, 1),
            "w": round((b["box"][2] - b["box"][0]) * 1000, 1),
            "h": round((b["box"][3] - b["box"][1]) * 1000 * ratio, 1),
        }
        for b in found
    ]
