"""Optional live data: fetch a seller's reports from Amazon's Selling Partner API.

Off unless a caller passes a :class:`Connection` (credentials, marketplace and, for tests or a
sandbox, other hosts). Each fetch returns the documents as Amazon sent them with their report
type, data window and the moment they were fetched; :func:`snapshot_name` gives the dated
file name to keep each one under (Amazon keeps no history of these reports).

>>> connection = Connection(Credentials(app_id, secret, refresh_token), "US")  # doctest: +SKIP
>>> with ReportsClient(connection) as client:                                  # doctest: +SKIP
...     outcomes = fetch_reports(client, standard_requests(datetime.now(UTC)))
"""

from reinstate.live.client import Document, ReportsClient, ReportState, RetryPolicy
from reinstate.live.config import Connection, Credentials, Marketplace, marketplace
from reinstate.live.fetch import (
    FBA_RETURNS,
    FEEDBACK,
    MFN_RETURNS,
    PERFORMANCE,
    FetchedReport,
    FetchOutcome,
    PollPolicy,
    ReportRequest,
    fetch_reports,
    snapshot_name,
    standard_requests,
)

__all__ = [
    "FBA_RETURNS",
    "FEEDBACK",
    "MFN_RETURNS",
    "PERFORMANCE",
    "Connection",
    "Credentials",
    "Document",
    "FetchOutcome",
    "FetchedReport",
    "Marketplace",
    "PollPolicy",
    "ReportRequest",
    "ReportState",
    "ReportsClient",
    "RetryPolicy",
    "fetch_reports",
    "marketplace",
    "snapshot_name",
    "standard_requests",
]
