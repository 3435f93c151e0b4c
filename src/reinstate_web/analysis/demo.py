"""This app's part of the demo case that ``make run`` loads: the seller's exports (generated
with planted problems) and their analysis, finished, so the case shows findings and charts."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.files import File
from django.utils import timezone

from reinstate.demo import write_demo_data
from reinstate_web.accounts.models import User
from reinstate_web.analysis import services
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.analysis.runner import execute
from reinstate_web.cases.models import Case

# Small enough that `make run` stays quick, large enough that every planted problem shows.
DEMO_ORDERS = 1500


def attach(case: Case, user: User) -> None:
    """Add the demo exports to ``case`` and analyse them now (not in the job queue)."""
    with tempfile.TemporaryDirectory(prefix="reinstate-demo-") as folder:
        out = Path(folder)
        write_demo_data(out, orders=DEMO_ORDERS, today=timezone.localdate())
        uploads = [
            File(p.open("rb"), name=p.name)
            for p in sorted(out.iterdir())
            if not p.name.startswith("_")
        ]
        try:
            services.add_files(case, uploads, actor=user)
        finally:
            for upload in uploads:
                upload.close()
    run = AnalysisRun.objects.create(case=case, started_by=user)
    run.files.set([f for f in DataFile.objects.filter(case=case) if f.usable])
    execute(run)
