"""``analyze``: read the exports, compute every metric and finding, return one report."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from reinstate.analysis import complaints, notice_join, performance, products, shipping
from reinstate.analysis import performance_report as amazon
from reinstate.analysis.columns import UNKNOWN
from reinstate.analysis.dataset import load
from reinstate.analysis.encoding import detect_encoding
from reinstate.analysis.knowledge import thresholds
from reinstate.analysis.metric_tools import Results
from reinstate.analysis.model import AnalysisReport, Finding, Metric
from reinstate.analysis.reader import HEAD_BYTES, find_header, header_score, read_file
from reinstate.errors import InputError

Progress = Callable[[str, int, int], None]


def analyze(
    paths: Sequence[Path],
    *,
    notice_asins: Sequence[str] = (),
    notice_order_ids: Sequence[str] = (),
    notice_date: date | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> AnalysisReport:
    """Analyse the seller's exports (files or directories) and return metrics and findings.

    Windows end on ``notice_date``, else ``today``, else the last day found in the data.

    >>> report = analyze([Path("exports")], notice_asins=["B0C1234567"])
    >>> [f.code for f in report.findings][:2]
    ['order_defects', 'late_shipments']
    """
    data = load(paths, progress)
    end = notice_date or today or data.last_day() or date.today()
    top_n = int(thresholds().param("top_n"))
    steps = 4
    if progress:
        progress("computing metrics", 0, steps)
    results = Results()
    performance.order_defects(data, end, results, top_n)
    performance.cancellations(data, end, results, top_n)
    shipping.shipping_metrics(data, end, results, top_n)
    amazon_metrics: list[Metric] = []
    amazon_findings: list[Finding] = []
    for document in data.performance:
        found_metrics, found_findings = amazon.read(document)
        amazon_metrics.extend(found_metrics)
        amazon_findings.extend(found_findings)
    findings = _with_amazon_odr(results.findings, amazon_metrics)
    if progress:
        progress("reading complaints", 1, steps)
    units_365, units_finding = notice_join.units_sold(data, end)
    signals = complaints.signals(data)
    family = sorted(
        complaints.family_findings(data, signals, units_365),
        key=lambda f: (-int(f.facts["complaint_count"]), f.code),
    )
    if progress:
        progress("ranking ASINs", 2, steps)
    product = [
        f
        for f in (
            products.used_condition_listings(data),
            products.high_return_rate(data, end),
            products.high_ncx_rate(data),
        )
        if f is not None
    ]
    notice = [
        f
        for f in (
            notice_join.notice_asins(data, notice_asins, units_365, signals, end),
            notice_join.notice_orders(data, notice_order_ids),
        )
        if f is not None
    ]
    if progress:
        progress("done", steps, steps)
    return AnalysisReport(
        sources=tuple(data.sources),
        metrics=tuple(results.metrics + amazon_metrics),
        findings=tuple(
            findings
            + family
            + product
            + ([units_finding] if units_finding else [])
            + amazon_findings
            + notice
        ),
        as_of=end,
        series=results.series,
        raw_performance_reports=tuple(data.performance),
    )


def _with_amazon_odr(findings: list[Finding], amazon_metrics: list[Metric]) -> list[Finding]:
    """Add Amazon's own ODR figure to the computed ODR finding of the same channel."""
    by_channel = {
        m.fulfillment: m.value
        for m in amazon_metrics
        if m.code == "order_defect_rate" and m.value is not None
    }
    if not by_channel:
        return findings
    updated = []
    for finding in findings:
        channel = finding.facts.get("fulfillment")
        if finding.code == "order_defects" and channel in by_channel:
            facts = {**finding.facts, "amazon_order_defect_rate": by_channel[channel]}
            finding = replace(finding, facts=facts)
        updated.append(finding)
    return updated


@dataclass(frozen=True, slots=True)
class DetectedReport:
    """What a file is, judged from its first bytes only (for upload pages)."""

    path: Path
    kind: str
    encoding: str | None
    columns: dict[str, str]
    warnings: tuple[str, ...] = ()


def detect_report(path: Path) -> DetectedReport:
    """Recognise a file's report kind from its header without reading the whole file.

    >>> detect_report(Path("All Orders.txt")).kind
    'all_orders'
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.open(path, "rb") as handle:
                head = handle.read(HEAD_BYTES)
        except (OSError, EOFError) as exc:
            return DetectedReport(path, UNKNOWN, None, {}, (f"broken gzip file: {exc}",))
    text_like = not head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))
    if text_like and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        encoding = detect_encoding(head, whole=False, header_score=header_score)
        found = find_header(head.decode(encoding, errors="replace").splitlines())
        if found is None:
            return DetectedReport(path, UNKNOWN, encoding, {}, ("columns not recognised",))
        return DetectedReport(path, found[3], encoding, found[4])
    # Workbooks and JSON are small enough to read whole.
    table = read_file(path)
    return DetectedReport(path, table.kind, table.encoding, table.mapping, tuple(table.warnings))
