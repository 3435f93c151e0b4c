"""Background jobs of live data (huey)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from reinstate_web.accounts.models import User
from reinstate_web.analysis.tasks import run_analysis
from reinstate_web.cases.models import Case
from reinstate_web.live import services
from reinstate_web.live.models import LiveFetch
from reinstate_web.live.runner import execute


@db_task()  # type: ignore[untyped-decorator]
def fetch_from_amazon(fetch_id: int) -> None:
    """Fetch the reports recorded on the fetch (queued by ``start_fetch``)."""
    fetch = LiveFetch.objects.select_related("case", "case__account").filter(pk=fetch_id).first()
    if fetch is None or fetch.status != LiveFetch.Status.QUEUED:
        return  # deleted with its case, or already picked up
    execute(fetch, enqueue_analysis=run_analysis)


def start_fetch(case: Case, *, actor: User | None) -> LiveFetch | None:
    """Record a fetch and hand it to the job queue. None when the account is not connected;
    the fetch already under way when there is one (a double click starts nothing new)."""
    fetch, created = services.record_fetch(case, actor=actor)
    if fetch is None or not created:
        return fetch
    fetch_from_amazon(fetch.pk)
    fetch.refresh_from_db()
    return fetch
