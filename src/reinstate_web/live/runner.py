"""One fetch from start to finish: decrypt the credentials, fetch the reports, keep each as a
dated snapshot on the case, then analyse the case's files again. Called by the job queue."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable

from django.utils import timezone

from reinstate.errors import ReinstateError
from reinstate.live import PollPolicy, ReportsClient, RetryPolicy, fetch_reports, standard_requests
from reinstate_web.analysis import services as analysis_services
from reinstate_web.live import services
from reinstate_web.live.crypto import SecretUnreadable
from reinstate_web.live.models import LiveFetch, LiveSnapshot

logger = logging.getLogger(__name__)

# Amazon takes from seconds to many minutes to prepare a report; the job polls with growing
# pauses and gives up after 20 minutes. Tests replace these with tiny pauses.
POLL = PollPolicy(first_wait=5.0, factor=1.5, max_wait=60.0, deadline=20 * 60.0)
RETRY = RetryPolicy(attempts=4, first_wait=2.0, factor=2.0, max_wait=30.0)


def execute(fetch: LiveFetch, *, enqueue_analysis: Callable[[int], object]) -> LiveFetch:
    """Run the fetch and record its outcome on it (never raises: a failure is a failed fetch
    with an error code shown as one translated line). ``enqueue_analysis`` is the job queue's
    analysis task (the caller's ``tasks``: a runner never imports tasks)."""
    fetch.status = LiveFetch.Status.RUNNING
    fetch.started_at = timezone.now()
    fetch.save(update_fields=["status", "started_at"])
    try:
        _fetch(fetch, enqueue_analysis)
    except ReinstateError as exc:
        _fail(fetch, exc.code, str(exc))
    except SecretUnreadable as exc:
        _fail(fetch, "unreadable", str(exc))
    except Exception:
        # Anything else is our bug: the traceback goes to the log, the user sees one line.
        logger.exception("live fetch %s failed", fetch.pk)
        _fail(fetch, "unexpected", "unexpected error")
    fetch.finished_at = timezone.now()
    fetch.save()
    return fetch


def _fetch(fetch: LiveFetch, enqueue_analysis: Callable[[int], object]) -> None:
    connection = services.connection_for(fetch.case.account)
    if connection is None:  # disconnected between the click and the job
        _fail(fetch, "not_connected", "the seller account is not connected")
        return
    core = services.core_connection(connection.credentials(), connection.marketplace)
    with ReportsClient(core, retry=RETRY) as client:
        outcomes = fetch_reports(client, standard_requests(timezone.now()), poll=POLL)
    snapshots = services.keep_snapshots(fetch, outcomes)
    kept = [s for s in snapshots if s.data_file_id is not None]
    if not kept:
        failed = [s for s in snapshots if s.outcome == LiveSnapshot.Outcome.FAILED]
        if failed:
            # The same reason for every report ("Amazon is down") is the fetch's reason.
            code, _count = Counter(s.error_code for s in failed).most_common(1)[0]
            _fail(fetch, code, failed[0].error)
            return
    fetch.status = LiveFetch.Status.DONE
    if any(s.outcome == LiveSnapshot.Outcome.STORED for s in snapshots):
        fetch.analysis_run = analysis_services.start_run(
            fetch.case, actor=fetch.requested_by, enqueue=enqueue_analysis
        )


def _fail(fetch: LiveFetch, code: str, detail: str) -> None:
    fetch.status = LiveFetch.Status.FAILED
    fetch.error_code = code[:30]
    fetch.error = " ".join(detail.split())[:300]
    logger.warning("live fetch %s failed: %s (%s)", fetch.pk, code, fetch.error)
