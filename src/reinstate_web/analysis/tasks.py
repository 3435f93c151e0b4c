"""Background jobs of the seller-data app (huey)."""

from __future__ import annotations

from django.utils import timezone
from huey.contrib.djhuey import db_task

from reinstate_web.analysis.models import AnalysisRun
from reinstate_web.analysis.runner import execute


@db_task()  # type: ignore[untyped-decorator]
def run_analysis(run_id: int) -> None:
    """Analyse the files recorded on the run (queued by ``services.start_run``). The run is
    claimed in one UPDATE from queued to running: of several workers given the same run (a
    job queued twice, a retry) the database lets exactly one through."""
    claimed = AnalysisRun.objects.filter(pk=run_id, status=AnalysisRun.Status.QUEUED).update(
        status=AnalysisRun.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return  # deleted with its case, or already picked up
    execute(AnalysisRun.objects.select_related("case").get(pk=run_id))
