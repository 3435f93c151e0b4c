"""Check a set of documents against Amazon's rules and the case's facts: each document's own
rules (``rules``), then what the set must do together: every ASIN in the notice covered by an
invoice that passes (``asin_not_covered``), and the passing invoices' quantities covering the
units sold of each ASIN in the window (``invoice_quantity_short``).

>>> report = check_evidence([Submitted(reading)], EvidenceContext(today=date(2026, 5, 2)))
>>> report.passed
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reinstate.evidence import matching
from reinstate.evidence.context import EvidenceContext, Submitted
from reinstate.evidence.knowledge import knowledge
from reinstate.evidence.model import Finding, LineItem, Reading
from reinstate.evidence.rules import check_document, proves_of


@dataclass(frozen=True, slots=True)
class DocumentResult:
    reading: Reading
    proves: str | None
    asins: tuple[str, ...]  # the ASINs it covers (tagged, or named on it)
    findings: tuple[Finding, ...]
    units: dict[str, int] = field(default_factory=dict)  # quantities per ASIN (invoices)

    @property
    def passed(self) -> bool:
        return not any(f.blocking for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        reading = self.reading.to_json()
        return {
            "document": self.reading.name,
            "passed": self.passed,
            "proves": self.proves,
            "kind": self.reading.kind,
            "asins": list(self.asins),
            "units": dict(self.units),
            "findings": [f.to_json() for f in self.findings],
            **{k: v for k, v in reading.items() if k != "name"},
        }


@dataclass(frozen=True, slots=True)
class EvidenceReport:
    documents: tuple[DocumentResult, ...]
    findings: tuple[Finding, ...]  # about the set (coverage and quantities)
    coverage: dict[str, dict[str, Any]]
    context: EvidenceContext

    @property
    def passed(self) -> bool:
        return all(d.passed for d in self.documents) and not any(f.blocking for f in self.findings)

    def all_findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings] + list(self.findings)

    def to_json(self) -> dict[str, Any]:
        ctx = self.context
        days = ctx.invoice_max_age_days or knowledge().invoice_max_age_days
        return {
            "passed": self.passed,
            "notice_date": ctx.notice_date.isoformat() if ctx.notice_date else None,
            "today": ctx.today.isoformat(),
            "invoice_max_age_days": days,
            "bill_max_age_days": knowledge().bill_max_age_days,
            "asins": list(ctx.asins),
            "units_window": [d.isoformat() for d in ctx.units_window] if ctx.units_window else None,
            "documents": [d.to_json() for d in self.documents],
            "findings": [f.to_json() for f in self.findings],
            "coverage": self.coverage,
        }


def _attribute(item: LineItem, submitted: Submitted, context: EvidenceContext,
               candidates: Sequence[str]) -> str | None:  # fmt: skip
    """The ASIN a line item is for: named on it, by SKU or title, or the document's only
    tagged ASIN."""
    for asin in candidates:
        if any(matching.same_asin(i, asin) for i in item.identifiers):
            return asin
    for asin in candidates:
        hint = context.products.get(asin)
        if hint and matching.product_matches(item.text, hint.sku, hint.title):
            return asin
    if len(submitted.asins) == 1:
        return submitted.asins[0]
    return None


def _units(submitted: Submitted, context: EvidenceContext) -> dict[str, int]:
    candidates = list(
        dict.fromkeys([*submitted.asins, *context.asins, *context.units_sold, *context.products])
    )
    units: dict[str, int] = {}
    for item in submitted.reading.line_items:
        if item.quantity is None:
            continue
        asin = _attribute(item, submitted, context, candidates)
        if asin is None:
            found = [i for i in item.identifiers if matching.ASIN_LIKE.fullmatch(i)]
            asin = found[0] if found else None
        if asin is not None:
            units[asin] = units.get(asin, 0) + item.quantity
    return units


def check_evidence(documents: Sequence[Submitted], context: EvidenceContext) -> EvidenceReport:
    """Every document checked on its own, then the set's coverage of the cited ASINs."""
    results = []
    for submitted in documents:
        findings = check_document(submitted, context)
        proves = proves_of(submitted)
        units = _units(submitted, context) if knowledge().family(proves) == "invoice" else {}
        asins = tuple(dict.fromkeys([*submitted.asins, *units]))
        results.append(DocumentResult(submitted.reading, proves, asins, tuple(findings), units))
    coverage, findings = _coverage(results, context)
    return EvidenceReport(tuple(results), tuple(findings), coverage, context)


def _coverage(
    results: list[DocumentResult], context: EvidenceContext
) -> tuple[dict[str, dict[str, Any]], list[Finding]]:
    invoices = [r for r in results if r.proves == "invoices"]
    if not invoices:
        return {}, []  # a bill or a letter alone says nothing about the ASINs' invoices
    passing = [r for r in invoices if r.passed]
    wanted = list(context.asins) or sorted(
        {a for r in invoices for a in r.asins if a in context.units_sold}
    )
    coverage: dict[str, dict[str, Any]] = {}
    findings: list[Finding] = []
    window = context.units_window
    for asin in wanted:
        covering = [r for r in passing if asin in r.asins]
        invoiced = sum(r.units.get(asin, 0) for r in passing)
        sold = context.units_sold.get(asin)
        coverage[asin] = {
            "units_sold": sold,
            "invoiced": invoiced,
            "invoiced_all": sum(r.units.get(asin, 0) for r in invoices),
            "documents": [r.reading.name for r in covering],
            "covered": bool(covering) and (sold is None or invoiced >= sold),
        }
        if not covering:
            findings.append(
                Finding("asin_not_covered", knowledge().severity("asin_not_covered"), value=asin,
                        facts={"asin": asin, "units_sold": sold,
                               "failing": [r.reading.name for r in invoices if asin in r.asins]})
            )  # fmt: skip
            continue
        if sold is not None and invoiced < sold:
            findings.append(
                Finding(
                    "invoice_quantity_short",
                    knowledge().severity("invoice_quantity_short"),
                    value=str(invoiced),
                    expected=str(sold),
                    facts={
                        "asin": asin,
                        "units_sold": sold,
                        "invoiced": invoiced,
                        "short": sold - invoiced,
                        "window_start": window[0].isoformat() if window else None,
                        "window_end": window[1].isoformat() if window else None,
                        "partial_window": context.units_partial,
                        "documents": [r.reading.name for r in covering],
                    },
                )
            )
    return coverage, findings
