"""The result of an analysis: sources, metrics, findings, and their JSON form (contracts.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from reinstate.codes import Category, MetricStatus

Fulfillment = Literal["mfn", "afn"]


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """One sample of a row that was not used, with the reason (line numbers count the header)."""

    line: int
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a file was not read at all: a code (``expanded_too_large``, ``line_too_long``,
    ``too_many_columns``, ``json_too_deep``, ``damaged``, ``unreadable`` ...), its figures
    (sizes in bytes, counts, line numbers, the limit) and the sentence in English."""

    code: str
    message: str
    facts: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "facts": _jsonable(self.facts)}


@dataclass(frozen=True, slots=True)
class SourceReport:
    """What was read from one file: its detected kind, how many rows were used and rejected.

    ``refused`` says why a file was not read at all (its kind is then ``unknown`` and its
    message is also the first warning); None for every file that was read.
    """

    path: Path
    kind: str
    rows_read: int
    rows_rejected: int
    encoding: str | None
    warnings: tuple[str, ...] = ()
    rejected_samples: tuple[RejectedRow, ...] = ()
    refused: Refusal | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "rows_read": self.rows_read,
            "rows_rejected": self.rows_rejected,
            "encoding": self.encoding,
            "warnings": list(self.warnings),
            "rejected_samples": [
                {"line": r.line, "reason": r.reason, "text": r.text} for r in self.rejected_samples
            ],
            "refused": self.refused.to_json() if self.refused else None,
        }


@dataclass(frozen=True, slots=True)
class Metric:
    """A rate over a window, compared with Amazon's target (``value`` is a fraction)."""

    code: str
    value: float | None
    target: float | None
    status: MetricStatus
    numerator: int | None
    denominator: int | None
    window_start: date | None
    window_end: date | None
    fulfillment: Fulfillment | None = None
    breakdown: Mapping[str, Any] = field(default_factory=dict)
    # Why the figure is missing or partial, per language (en, zh-hans, zh-hant); empty when the
    # metric counts everything Amazon counts.
    note: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        shown = {
            "code": self.code,
            "value": self.value,
            "target": self.target,
            "status": str(self.status),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "window_start": _iso(self.window_start),
            "window_end": _iso(self.window_end),
            "fulfillment": self.fulfillment,
            "breakdown": _jsonable(self.breakdown),
        }
        if self.note:  # optional key (contracts.md): only on metrics with missing inputs
            shown["note"] = dict(self.note)
        return shown


@dataclass(frozen=True, slots=True)
class AsinStat:
    """One ASIN behind a finding: its count (defects, complaints, units ...) and rate."""

    asin: str
    count: int
    rate: float | None = None
    sku: str | None = None
    title: str | None = None
    units_sold: int | None = None
    share: float | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "asin": self.asin,
            "count": self.count,
            "rate": self.rate,
            "sku": self.sku,
            "title": self.title,
            "units_sold": self.units_sold,
            "share": self.share,
            "details": _jsonable(self.details),
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """A customer's own sentence, quoted verbatim as evidence."""

    text: str
    asin: str | None
    order_id: str | None
    source: str
    date: date | None
    language: str | None = None
    family: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "asin": self.asin,
            "order_id": self.order_id,
            "source": self.source,
            "date": _iso(self.date),
            "language": self.language,
            "family": self.family,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the data shows, with the exact figures a letter can cite (see the package doc)."""

    category: Category
    code: str
    asins: tuple[AsinStat, ...] = ()
    orders: tuple[str, ...] = ()
    evidence: tuple[Quote, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "category": str(self.category),
            "code": self.code,
            "asins": [a.to_json() for a in self.asins],
            "orders": list(self.orders),
            "evidence": [q.to_json() for q in self.evidence],
            "facts": _jsonable(self.facts),
        }


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One day of a rolling metric (for charts): the window ending that day."""

    day: date
    value: float | None
    numerator: int
    denominator: int


@dataclass(frozen=True, slots=True)
class AnalysisReport:
    """Everything one analysis found. ``to_json()`` is the contract shape of ``analyze --json``."""

    sources: tuple[SourceReport, ...]
    metrics: tuple[Metric, ...]
    findings: tuple[Finding, ...]
    as_of: date | None = None
    # Daily rolling values per (metric code, fulfilment) for the charts; not part of the JSON.
    series: Mapping[tuple[str, str | None], tuple[SeriesPoint, ...]] = field(default_factory=dict)
    # The performance report JSON exactly as read, kept for the record.
    raw_performance_reports: tuple[Mapping[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "sources": [s.to_json() for s in self.sources],
            "metrics": [m.to_json() for m in self.metrics],
            "findings": [f.to_json() for f in self.findings],
        }

    def finding(self, code: str) -> Finding | None:
        """The first finding with ``code`` (None when the data shows none)."""
        return next((f for f in self.findings if f.code == code), None)

    def findings_with(self, code: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.code == code)

    def metric(
        self, code: str, *, fulfillment: str | None = None, window_days: int | None = None
    ) -> Metric | None:
        """The first metric computed from the seller's data with this code (and channel/window)."""
        for m in self.metrics:
            if m.code != code or m.breakdown.get("source") != "seller_data":
                continue
            if fulfillment is not None and m.fulfillment != fulfillment:
                continue
            if window_days is not None and m.breakdown.get("window_days") != window_days:
                continue
            return m
        return None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _jsonable(value: Any) -> Any:
    """Dates to ISO strings, tuples to lists, recursively (facts may hold either)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
