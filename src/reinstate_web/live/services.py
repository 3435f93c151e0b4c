"""Business operations of live data: connect, disconnect, start a fetch, keep its snapshots.

Nothing here contacts Amazon except ``verify`` (when a user connects) and the fetch job
(``runner.execute``, when a user asks for it).
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from reinstate.live import (
    Connection,
    Credentials,
    FetchOutcome,
    ReportsClient,
    RetryPolicy,
    snapshot_name,
)
from reinstate_web.accounts.models import User
from reinstate_web.analysis import services as analysis_services
from reinstate_web.analysis.models import DataFile
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.live.models import LiveFetch, LiveSnapshot, SellingPartnerConnection

logger = logging.getLogger(__name__)

# The credentials check runs while the user waits for the page: short, and tried twice at most.
VERIFY_TIMEOUT = 15.0
VERIFY_RETRY = RetryPolicy(attempts=2, first_wait=1.0)


def core_connection(
    credentials: Credentials, marketplace: str, *, timeout: float = 30.0
) -> Connection:
    """The core's connection with the hosts from the settings (Amazon's when empty)."""
    return Connection(
        credentials,
        marketplace,
        endpoint=str(getattr(settings, "SP_API_ENDPOINT", "") or ""),
        token_url=str(getattr(settings, "SP_API_TOKEN_URL", "") or ""),
        timeout=timeout,
        max_document_bytes=int(settings.REPORT_MAX_BYTES),
    )


def verify(credentials: Credentials, marketplace: str) -> None:
    """Ask Login with Amazon for an access token with these credentials (no report is
    requested). Raises ``ServiceError`` with a ``code`` when that fails."""
    connection = core_connection(credentials, marketplace, timeout=VERIFY_TIMEOUT)
    with ReportsClient(connection, retry=VERIFY_RETRY) as client:
        client.check_credentials()


def connection_for(account: SellerAccount) -> SellingPartnerConnection | None:
    return SellingPartnerConnection.objects.filter(account=account).first()


def connect(
    account: SellerAccount, credentials: Credentials, marketplace: str, *, actor: User | None
) -> SellingPartnerConnection:
    """Keep the credentials (encrypted), replacing any earlier ones of this account."""
    connection = connection_for(account) or SellingPartnerConnection(account=account)
    connection.marketplace = marketplace
    connection.set_credentials(credentials)
    connection.connected_by = actor
    connection.save()
    logger.info("seller account %s connected to SP-API (%s)", account.pk, marketplace)
    return connection


def disconnect(account: SellerAccount) -> bool:
    """Forget the credentials (the snapshots already fetched stay on their cases)."""
    deleted, _details = SellingPartnerConnection.objects.filter(account=account).delete()
    return deleted > 0


def latest_fetch(case: Case) -> LiveFetch | None:
    return LiveFetch.objects.filter(case=case).order_by("-created_at", "-id").first()


def record_fetch(case: Case, *, actor: User | None) -> tuple[LiveFetch | None, bool]:
    """Record a fetch for the job queue: the new fetch and True, or the fetch already under
    way and False (a double click starts nothing new); (None, False) when the account is not
    connected. ``tasks.start_fetch`` records and queues it."""
    connection = connection_for(case.account)
    if connection is None:
        return None, False
    with transaction.atomic():
        running = LiveFetch.objects.filter(
            case=case, status__in=(LiveFetch.Status.QUEUED, LiveFetch.Status.RUNNING)
        ).first()
        if running is not None:
            return running, False
        fetch = LiveFetch.objects.create(
            case=case, requested_by=actor, marketplace=connection.marketplace
        )
    return fetch, True


def keep_snapshots(fetch: LiveFetch, outcomes: list[FetchOutcome]) -> list[LiveSnapshot]:
    """Store every fetched document as a dated file on the case (a DataFile, like an upload,
    so the analysis reads it) and record each outcome. The same bytes as a file already on the
    case are not stored twice: the snapshot points at the earlier file."""
    case = fetch.case
    snapshots: list[LiveSnapshot] = []
    new_files: list[ContentFile[bytes]] = []
    new_digests: set[str] = set()
    for outcome in outcomes:
        snapshot = LiveSnapshot(fetch=fetch, report_type=outcome.request.report_type)
        report = outcome.report
        if report is None:
            error = outcome.error
            code = error.code if error is not None else "unexpected"
            snapshot.outcome = (
                LiveSnapshot.Outcome.NO_DATA if code == "no_data" else LiveSnapshot.Outcome.FAILED
            )
            snapshot.error_code = code[:30]
            snapshot.error = (str(error) if error is not None else "")[:300]
            snapshots.append(snapshot)
            continue
        snapshot.report_id = report.report_id[:60]
        snapshot.data_start = report.data_start
        snapshot.data_end = report.data_end
        snapshot.fetched_at = report.fetched_at
        snapshot.size = len(report.content)
        snapshot.sha256 = hashlib.sha256(report.content).hexdigest()
        snapshot.charset = (report.charset or "")[:30]
        earlier = DataFile.objects.filter(case=case, sha256=snapshot.sha256).first()
        if earlier is not None or snapshot.sha256 in new_digests:
            snapshot.outcome = LiveSnapshot.Outcome.SAME
            snapshot.data_file = earlier
        else:
            snapshot.outcome = LiveSnapshot.Outcome.STORED
            new_digests.add(snapshot.sha256)
            new_files.append(ContentFile(report.content, name=snapshot_name(report)))
        snapshots.append(snapshot)
    if new_files:
        stored = analysis_services.add_files(case, new_files, actor=fetch.requested_by)
        by_digest = {f.sha256: f for f in stored.stored}
        for snapshot in snapshots:
            if snapshot.data_file is None and snapshot.sha256:
                snapshot.data_file = by_digest.get(snapshot.sha256) or (
                    DataFile.objects.filter(case=case, sha256=snapshot.sha256).first()
                )
    LiveSnapshot.objects.bulk_create(snapshots)
    return snapshots
