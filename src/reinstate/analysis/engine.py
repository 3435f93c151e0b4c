"""``analyze``: read the exports, compute every metric and finding, return one report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path

import polars as pl

from reinstate.analysis import (
    complaint_findings,
    complaints,
    notice_join,
    performance,
    products,
    shipping,
)
from reinstate.analysis import performance_report as amazon
from reinstate.analysis.columns import UNKNOWN
from reinstate.analysis.containers import container_of
from reinstate.analysis.dataset import Dataset, load
from reinstate.analysis.encoding import detect_encoding
from reinstate.analysis.knowledge import thresholds
from reinstate.analysis.limits import DEFAULT_LIMITS, ReadLimits, Refused
from reinstate.analysis.metric_tools import Results
from reinstate.analysis.model import AnalysisReport, Finding, Metric, Refusal
from reinstate.analysis.parallel import side_by_side
from reinstate.analysis.reader import (
    HEAD_BYTES,
    expand_gzip,
    find_header,
    header_score,
    read_file,
    read_head,
    refusal_of,
)
from reinstate.analysis.shapes import check_lines, too_many_columns
from reinstate.errors import InputError

Progress = Callable[[str, int, int], None]
# Order and shipment rows up to which the calculations run side by side (see ``analyze``).
SIDE_BY_SIDE_ROWS = 3_000_000
# From this many order and shipment rows on, the calculations get a thread more than polars
# has (``parallel.side_by_side``): the complaints, Python and regular expressions to compile,
# run beside the metrics over every row (at 1M orders about 0.03-0.08 s less wall time). On
# small uploads the calculations are short and the thread's own memory raised the peak.
EXTRA_JOB_ROWS = 1_000_000


def analyze(
    paths: Sequence[Path],
    *,
    notice_asins: Sequence[str] = (),
    notice_order_ids: Sequence[str] = (),
    notice_date: date | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    workdir: Path | None = None,
) -> AnalysisReport:
    """Analyse the seller's exports (files or directories) and return metrics and findings.

    Windows end on ``notice_date``, else ``today``, else the last day found in the data.
    A file past ``limits`` (or broken beyond reading) is reported in its source's ``refused``
    and the others are analysed; ``InputError`` only when no file can be used. Expanded
    ``.gz`` files are written under ``workdir`` while they are read.

    >>> report = analyze([Path("exports")], notice_asins=["B0C1234567"])
    >>> [f.code for f in report.findings][:2]
    ['order_defects', 'late_shipments']
    """
    data = load(paths, progress, limits=limits, workdir=workdir)
    end = notice_date or today or data.last_day() or date.today()
    top_n = int(thresholds().param("top_n"))
    steps = 4
    if progress:
        progress("computing metrics", 0, steps)
    # Independent parts run side by side; each fills its own results, which are put together
    # in a fixed order, so the report does not depend on which ended first. On millions of
    # rows they take turns: each holds copies of the rows it reads, and two at once would
    # pass 2 GB at 5M orders (each is still parallel inside polars).
    rows = data.orders.height + data.shipments.height
    extra = int(rows >= EXTRA_JOB_ROWS)
    with side_by_side(enabled=rows <= SIDE_BY_SIDE_ROWS, extra=extra) as jobs:
        order_job = jobs.submit(_order_metrics, data, end, top_n)
        shipping_job = jobs.submit(_shipping_metrics, data, end, top_n)
        # The complaints (regular expressions to compile, few rows) and the per-ASIN outliers
        # are jobs too, not steps after the others: with a thread more, they use the cores
        # the metrics' steps leave idle.
        complaints_job = jobs.submit(_complaints, data, end)
        product_job = jobs.submit(_product_findings, data, end)
        parts = (order_job.result(), shipping_job.result())
        if progress:
            progress("reading complaints", 1, steps)
        units_365, units_finding, signals, family = complaints_job.result()
        if progress:
            progress("ranking ASINs", 2, steps)
        product = product_job.result()
    results = Results()
    for part in parts:
        results.metrics.extend(part.metrics)
        results.findings.extend(part.findings)
        results.series.update(part.series)
    amazon_metrics: list[Metric] = []
    amazon_findings: list[Finding] = []
    for document in data.performance:
        found_metrics, found_findings = amazon.read(document)
        amazon_metrics.extend(found_metrics)
        amazon_findings.extend(found_findings)
    findings = _with_amazon_odr(results.findings, amazon_metrics)
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


def _order_metrics(data: Dataset, end: date, top_n: int) -> Results:
    """Order defect and cancel rates (one job: they read the same order rows)."""
    results = Results()
    performance.order_defects(data, end, results, top_n)
    performance.cancellations(data, end, results, top_n)
    return results


def _complaints(
    data: Dataset, end: date
) -> tuple[pl.DataFrame, Finding | None, pl.DataFrame, list[Finding]]:
    """Units sold in the invoice window, the complaint signals and their family findings (most
    complaints first)."""
    units_365, units_finding = notice_join.units_sold(data, end)
    signals = complaints.signals(data)
    family = sorted(
        complaint_findings.family_findings(data, signals, units_365),
        key=lambda f: (-int(f.facts["complaint_count"]), f.code),
    )
    return units_365, units_finding, signals, family


def _product_findings(data: Dataset, end: date) -> list[Finding]:
    """Used-condition listings, return and NCX rates far above the rest (those found)."""
    found = (
        products.used_condition_listings(data),
        products.high_return_rate(data, end),
        products.high_ncx_rate(data),
    )
    return [f for f in found if f is not None]


def _shipping_metrics(data: Dataset, end: date, top_n: int) -> Results:
    results = Results()
    shipping.shipping_metrics(data, end, results, top_n)
    return results


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
    """What a file is, judged from its first bytes (for upload pages); ``refused`` when it is
    past the limits, so the page can say so before anything is analysed."""

    path: Path
    kind: str
    encoding: str | None
    columns: dict[str, str]
    warnings: tuple[str, ...] = ()
    refused: Refusal | None = None


def detect_report(
    path: Path, limits: ReadLimits = DEFAULT_LIMITS, *, name: str | None = None
) -> DetectedReport:
    """Recognise a file's report kind from its header, and check it against ``limits``.

    A text file is checked for endless lines in one cheap pass; a ``.gz`` is inflated once and
    counted (nothing kept but its head); workbooks and JSON, bounded by their own limits, are
    read. Raises ``InputError`` only when the file cannot be opened.

    >>> detect_report(Path("All Orders.txt")).kind
    'all_orders'
    """
    label = name or path.name
    try:
        return _detect(path, limits, label)
    except Refused as exc:
        refusal = refusal_of(exc, label)
        return DetectedReport(path, UNKNOWN, None, {}, (refusal.message,), refusal)


def _detect(path: Path, limits: ReadLimits, label: str) -> DetectedReport:
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read {label}: {exc.strerror or exc}") from exc
    if not head.strip():
        return DetectedReport(path, UNKNOWN, None, {}, ("the file is empty",))
    container = container_of(head)
    if container == "gzip":
        head = expand_gzip(path, limits, label, None)
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
            return _from_head(path, head, limits, label, whole=False)
    elif container is None and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        sep = b"\t" if b"\t" in head else b","
        check_lines(path, limits.line_bytes, name=label, columns=limits.columns, sep=sep)
        return _from_head(path, read_head(path, limits), limits, label, whole=size <= HEAD_BYTES)
    # Workbooks and JSON are bounded by their own limits: read them.
    table = read_file(path, limits, name=label)
    return DetectedReport(
        path, table.kind, table.encoding, table.mapping, tuple(table.warnings), table.refused
    )


def _from_head(
    path: Path, head: bytes, limits: ReadLimits, label: str, *, whole: bool
) -> DetectedReport:
    score = partial(header_score, columns=limits.columns)
    encoding = detect_encoding(head, whole=whole, header_score=score)
    try:
        found = find_header(
            head.decode(encoding, errors="replace").splitlines(), columns=limits.columns
        )
    except Refused as wide:
        raise too_many_columns(label, int(wide.facts["count"]), limits.columns) from None
    if found is None:
        return DetectedReport(path, UNKNOWN, encoding, {}, ("columns not recognised",))
    return DetectedReport(path, found[3], encoding, found[4])
