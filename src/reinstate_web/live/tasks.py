"""Background jobs of live data (huey)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from reinstate_web.live.models import LiveFetch
from reinstate_web.live.runner import execute


@db_task()  # type: ignore[untyped-decorator]
def fetch_from_amazon(fetch_id: int) -> None:
    """Fetch the reports recorded on the fetch (queued by ``services.start_fetch``)."""
    fetch = LiveFetch.objects.select_related("case", "case__account").filter(pk=fetch_id).first()
    if fetch is None or fetch.status != LiveFetch.Status.QUEUED:
        return  # deleted with its case, or already picked up
    execute(fetch)
