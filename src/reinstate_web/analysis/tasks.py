"""Background jobs of the seller-data app (huey)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from reinstate_web.analysis.models import AnalysisRun
from reinstate_web.analysis.runner import execute


@db_task()  # type: ignore[untyped-decorator]
def run_analysis(run_id: int) -> None:
    """Analyse the files recorded on the run (queued by ``services.start_run``)."""
    run = AnalysisRun.objects.select_related("case").filter(pk=run_id).first()
    if run is None or run.status != AnalysisRun.Status.QUEUED:
        return  # deleted with its case, or already picked up
    execute(run)
