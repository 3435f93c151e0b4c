"""What the rules compare a document with: the notice (date, cited ASINs, its own invoice
window, the rights owner), the seller's order data (units sold per ASIN in the window, SKUs and
titles) and the seller account's legal name and address."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from reinstate.evidence.dates import find_dates
from reinstate.evidence.model import Reading

_EMPTY: Mapping[str, Any] = MappingProxyType({})
# "invoices ... within the last 180 days", "dated within the past 365 days": the notice's own
# invoice window. Bounded gaps: linear on any text.
_WINDOW = re.compile(
    r"invoice[^.\n]{0,120}?(?:within|in|from|over|for)\s+the\s+(?:last|past|previous)\s+"
    r"(\d{2,3})\s+days|(\d{2,3})\s*天[^。\n]{0,40}?发票|发票[^。\n]{0,40}?(\d{2,3})\s*天",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class AccountIdentity:
    """The seller account's legal name(s) and address(es) exactly as in Seller Central (an
    English and a Chinese form may both be given)."""

    names: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AccountIdentity:
        def many(*keys: str) -> tuple[str, ...]:
            found: list[str] = []
            for key in keys:
                value = data.get(key)
                values = value if isinstance(value, list | tuple) else [value]
                found += [str(v).strip() for v in values if v and str(v).strip()]
            return tuple(dict.fromkeys(found))

        return cls(
            names=many("name", "legal_name", "names", "other_names"),
            addresses=many("address", "addresses", "other_addresses"),
        )

    def to_json(self) -> dict[str, Any]:
        return {"names": list(self.names), "addresses": list(self.addresses)}


@dataclass(frozen=True, slots=True)
class ProductHint:
    asin: str
    sku: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class EvidenceContext:
    today: date
    notice_date: date | None = None
    invoice_max_age_days: int | None = None  # the notice's own window; None: the knowledge base
    asins: tuple[str, ...] = ()  # cited in the notice
    units_sold: Mapping[str, int] = field(default_factory=lambda: _EMPTY)
    units_window: tuple[date, date] | None = None
    units_partial: bool = False
    products: Mapping[str, ProductHint] = field(default_factory=lambda: _EMPTY)
    account: AccountIdentity | None = None
    brand: str | None = None


@dataclass(frozen=True, slots=True)
class Submitted:
    """A document handed in: what it was read as, what it is meant to prove (a requested
    document code; None: from the kind recognised) and the ASINs it is said to cover."""

    reading: Reading
    proves: str | None = None
    asins: tuple[str, ...] = ()


def notice_window_days(text: str) -> int | None:
    """The invoice window a notice states ("invoices from the last 180 days"), if it states
    one.

    >>> notice_window_days("provide invoices dated within the last 180 days")
    180
    """
    found = _WINDOW.search(text[:100_000])
    if not found:
        return None
    days = int(next(g for g in found.groups() if g))
    return days if 30 <= days <= 730 else None


def notice_date_from_text(text: str) -> date | None:
    """A date near the top of a notice without a Date header (a pasted notice)."""
    dates = find_dates(text[:3000])
    return dates[0].value if dates else None


def units_from_report(report: Any) -> tuple[dict[str, int], tuple[date, date] | None, bool]:
    """Units sold per ASIN in the invoice window from ``reinstate.analysis``'s report (or its
    JSON), the window, and whether the data starts after the window does."""
    findings: Sequence[Any] = (
        report.get("findings", []) if isinstance(report, Mapping) else report.findings
    )
    for finding in findings:
        code = finding.get("code") if isinstance(finding, Mapping) else finding.code
        if code != "units_sold_365d":
            continue
        facts = finding.get("facts", {}) if isinstance(finding, Mapping) else finding.facts
        units = {str(k): int(v) for k, v in (facts.get("units_sold_365d_by_asin") or {}).items()}
        try:
            window = (
                date.fromisoformat(str(facts["window_start"])),
                date.fromisoformat(str(facts["window_end"])),
            )
        except (KeyError, ValueError):
            window = None
        return units, window, bool(facts.get("partial_window"))
    return {}, None, False


def products_from_report(report: Any) -> dict[str, ProductHint]:
    """SKU and title of each ASIN the analysis saw (for matching invoice lines to ASINs)."""
    findings: Sequence[Any] = (
        report.get("findings", []) if isinstance(report, Mapping) else report.findings
    )
    hints: dict[str, ProductHint] = {}
    for finding in findings:
        asins = finding.get("asins", []) if isinstance(finding, Mapping) else finding.asins
        for entry in asins:
            get = entry.get if isinstance(entry, Mapping) else (lambda k, e=entry: getattr(e, k))
            asin = get("asin")
            if asin and asin not in hints and (get("sku") or get("title")):
                hints[str(asin)] = ProductHint(str(asin), get("sku"), get("title"))
        facts = finding.get("facts", {}) if isinstance(finding, Mapping) else finding.facts
        for asin, entry in (facts.get("per_asin") or {}).items():
            if asin not in hints and isinstance(entry, Mapping):
                hints[str(asin)] = ProductHint(str(asin), entry.get("sku"), entry.get("title"))
    return hints
