"""Fetch several reports at once: request them all, follow them until Amazon has finished
(bounded, with growing pauses), download each finished one. One report failing does not stop
the others; wrong credentials stop everything (no other report could succeed).

>>> with ReportsClient(connection) as client:                         # doctest: +SKIP
...     for outcome in fetch_reports(client, standard_requests(now)):
...         print(outcome.request.report_type, outcome.report or outcome.error)
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from reinstate.errors import ServiceError, TemporaryServiceError
from reinstate.live.client import ReportsClient, ReportState

PERFORMANCE = "GET_V2_SELLER_PERFORMANCE_REPORT"
FEEDBACK = "GET_SELLER_FEEDBACK_DATA"
MFN_RETURNS = "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE"
FBA_RETURNS = "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA"
# Report types whose document is JSON (the others are tab-separated flat files).
JSON_REPORTS = frozenset({PERFORMANCE})
# The window asked for the flat files: the 60 days Amazon's order defect rate looks at.
DEFAULT_WINDOW_DAYS = 60

DONE, FATAL, CANCELLED = "DONE", "FATAL", "CANCELLED"
# Errors that will fail every other request too: stop at once instead of trying each report.
_FATAL_CODES = frozenset({"credentials", "forbidden"})


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """One report to fetch, with its data window (None: Amazon's default, e.g. the
    performance report, which is always a current snapshot)."""

    report_type: str
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class PollPolicy:
    """How ``getReport`` is polled: first pause, growth, longest pause, and the deadline
    (seconds) after which reports still not finished are given up."""

    first_wait: float = 5.0
    factor: float = 1.5
    max_wait: float = 60.0
    deadline: float = 15 * 60.0


@dataclass(frozen=True, slots=True)
class FetchedReport:
    """A downloaded report document and what it is: the bytes exactly as Amazon sent them
    (decompressed) plus type, marketplace, data window and when it was fetched."""

    report_type: str
    marketplace: str
    marketplace_id: str
    report_id: str
    document_id: str
    data_start: datetime | None
    data_end: datetime | None
    fetched_at: datetime
    content: bytes = field(repr=False)
    charset: str | None = None
    compressed: bool = False

    @property
    def extension(self) -> str:
        return "json" if self.report_type in JSON_REPORTS else "txt"


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What became of one request: a report, or the error that stopped it."""

    request: ReportRequest
    report: FetchedReport | None = None
    error: ServiceError | None = None


def standard_requests(
    now: datetime, *, days: int = DEFAULT_WINDOW_DAYS, fba: bool = True, mfn: bool = True
) -> list[ReportRequest]:
    """The reports Reinstate fetches: the account health snapshot, 1-3 star feedback and
    returns (seller-fulfilled and FBA) over the last ``days`` days up to ``now``."""
    end = now.astimezone(UTC).replace(microsecond=0)
    start = end - timedelta(days=days)
    requests = [ReportRequest(PERFORMANCE), ReportRequest(FEEDBACK, start, end)]
    if mfn:
        requests.append(ReportRequest(MFN_RETURNS, start, end))
    if fba:
        requests.append(ReportRequest(FBA_RETURNS, start, end))
    return requests


def snapshot_name(report: FetchedReport) -> str:
    """The file name a snapshot is kept under: marketplace, report type and the moment it was
    fetched (UTC), so that names sort by date and two fetches never collide.

    >>> from datetime import datetime, UTC
    >>> snapshot_name(FetchedReport(PERFORMANCE, "US", "ATVPDKIKX0DER", "1", "d", None, None,
    ...     datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC), b"{}"))
    'amazon_US_GET_V2_SELLER_PERFORMANCE_REPORT_2026-03-04T050607Z.json'
    """
    stamp = report.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    return f"amazon_{report.marketplace}_{report.report_type}_{stamp}.{report.extension}"


def fetch_reports(
    client: ReportsClient,
    requests: Sequence[ReportRequest],
    *,
    poll: PollPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> list[FetchOutcome]:
    """Request every report, wait for Amazon, download the finished ones; one outcome per
    request, in order. Raises only for errors that fail every report (credentials, access)."""
    policy = poll or PollPolicy()
    outcomes: dict[int, FetchOutcome] = {}
    pending: dict[int, str] = {}
    for index, request in enumerate(requests):
        try:
            pending[index] = client.create_report(
                request.report_type, start=request.start, end=request.end
            )
        except ServiceError as exc:
            _stop_if_fatal(exc)
            outcomes[index] = FetchOutcome(request, error=exc)

    started, wait = clock(), policy.first_wait
    while pending:
        sleep(wait)
        wait = min(wait * policy.factor, policy.max_wait)
        for index, report_id in list(pending.items()):
            request = requests[index]
            try:
                state = client.get_report(report_id)
                if state.status not in (DONE, FATAL, CANCELLED):
                    continue
                outcomes[index] = _finish(client, request, state)
            except ServiceError as exc:
                _stop_if_fatal(exc)
                outcomes[index] = FetchOutcome(request, error=exc)
            del pending[index]
        if pending and clock() - started > policy.deadline:
            for index in pending:
                outcomes[index] = FetchOutcome(
                    requests[index],
                    error=TemporaryServiceError(
                        f"Amazon had not finished {requests[index].report_type} after "
                        f"{policy.deadline:.0f} seconds",
                        code="timeout",
                    ),
                )
            pending.clear()
    return [outcomes[index] for index in range(len(requests))]


def _finish(client: ReportsClient, request: ReportRequest, state: ReportState) -> FetchOutcome:
    if state.status == CANCELLED:
        # Amazon cancels a requested report by itself when there is no data to return.
        return FetchOutcome(
            request,
            error=ServiceError(
                f"Amazon had no data for {request.report_type} in this period", code="no_data"
            ),
        )
    if state.status == FATAL:
        detail = _fatal_detail(client, state)
        return FetchOutcome(
            request,
            error=ServiceError(
                f"Amazon could not produce {request.report_type}{detail}", code="report_failed"
            ),
        )
    if not state.document_id:
        return FetchOutcome(
            request,
            error=ServiceError(
                f"{request.report_type} is done but has no document", code="bad_response"
            ),
        )
    document = client.download(state.document_id)
    market = client.connection.market
    report = FetchedReport(
        report_type=request.report_type,
        marketplace=market.code,
        marketplace_id=market.marketplace_id,
        report_id=state.report_id,
        document_id=state.document_id,
        data_start=state.data_start or request.start,
        data_end=state.data_end or request.end,
        fetched_at=datetime.now(UTC).replace(microsecond=0),
        content=document.content,
        charset=document.charset,
        compressed=document.compressed,
    )
    return FetchOutcome(request, report=report)


def _fatal_detail(client: ReportsClient, state: ReportState) -> str:
    """A FATAL report may carry a small JSON document saying why; quote it when it does."""
    if not state.document_id:
        return ""
    try:
        text = client.download(state.document_id).content[:2000].decode("utf-8", "replace")
    except ServiceError:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return ""
    detail = data.get("errorDetails") if isinstance(data, dict) else None
    return f": {' '.join(str(detail).split())[:200]}" if detail else ""


def _stop_if_fatal(exc: ServiceError) -> None:
    if exc.code in _FATAL_CODES:
        raise exc
