"""One analysis run from start to finish: read the case's files with the notice's date, ASINs
and orders, keep the report and draw the charts. Called by the job queue and by the demo."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from reinstate.analysis import AnalysisReport, analyze, render_charts
from reinstate.analysis.charts import LANGS
from reinstate.errors import ReinstateError
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.analysis.services import finish_event

logger = logging.getLogger(__name__)

# Every interface language gets its own charts (their titles and legends are words).
CHART_LANGS: tuple[str, ...] = LANGS
# Stored as written (the run record is language-neutral); panels.py shows it translated.
GENERIC_ERROR = "The analysis stopped on an unexpected error. The files are kept; try again."

# The phases a running analysis shows (panels.py words them), in order, with the share of the
# bar each ends at: reading the files is most of the work, then the calculations, then charts.
PHASES: dict[str, int] = {
    "reading": 70,
    "metrics": 80,
    "complaints": 85,
    "ranking": 90,
    "charts": 99,
}


def execute(run: AnalysisRun) -> AnalysisRun:
    """Run the analysis recorded in ``run`` and store its outcome on it (never raises for bad
    data: a failure is a failed run with a one-line message)."""
    run.status = AnalysisRun.Status.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    files = list(run.files.all())
    try:
        _read_notice(run)
        report = analyze(
            [Path(f.file.path) for f in files],
            notice_asins=run.notice_asins,
            notice_order_ids=run.notice_order_ids,
            notice_date=run.notice_date,
            progress=_Progress(run, files),
        )
        run.report = _report_json(report, files)
        _Progress(run, files).show("charts")
        run.charts = _draw(report, run)
        run.status = AnalysisRun.Status.DONE
    except ReinstateError as exc:
        run.status = AnalysisRun.Status.FAILED
        run.error = _one_line(str(exc), files)
    except Exception:
        # Anything else is our bug: keep the traceback in the log, show the user one line.
        logger.exception("analysis run %s failed", run.pk)
        run.status = AnalysisRun.Status.FAILED
        run.error = GENERIC_ERROR
    run.finished_at = timezone.now()
    run.percent = 100 if run.status == AnalysisRun.Status.DONE else run.percent
    run.save()
    finish_event(run)
    return run


# The core's own stage words (reinstate.analysis.engine and dataset) and the phase each starts;
# any other "reading <file>" is a file being read.
_CORE_STAGES = {
    "reading done": "metrics",
    "computing metrics": "metrics",
    "reading complaints": "complaints",
    "ranking ASINs": "ranking",
}


class _Progress:
    """The core's progress calls (``"reading orders.txt", 2, 5``, ``"computing metrics", 0, 4``)
    kept on the run as a phase, the file being read and a percentage, each in a short write of
    its own (the page polls it; no transaction is held while the analysis works). Reading is
    weighted by file size: a 900 MB orders report is most of the wait, a 2 KB feedback file
    none of it."""

    def __init__(self, run: AnalysisRun, files: list[DataFile]) -> None:
        self.run = run
        self.sizes = {Path(f.file.path).name: (f.size or 0, f.original_name) for f in files}
        self.total = max(1, sum(size for size, _ in self.sizes.values()))
        self.read = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage in _CORE_STAGES:
            phase = _CORE_STAGES[stage]
            self.show(phase)
        elif stage.startswith("reading "):
            name = stage.removeprefix("reading ")
            size, original = self.sizes.get(name, (0, name))
            start = PHASES["reading"] * self.read // self.total
            self.read += size
            self._write("reading", original, start)

    def show(self, phase: str) -> None:
        """Enter ``phase``: the bar stands where the phase before it ended."""
        order = list(PHASES)
        index = order.index(phase)
        self._write(phase, "", PHASES[order[index - 1]] if index else 0)

    def _write(self, phase: str, file_name: str, percent: int) -> None:
        self.run.phase, self.run.phase_file, self.run.percent = phase, file_name[:255], percent
        AnalysisRun.objects.filter(pk=self.run.pk).update(
            phase=phase, phase_file=file_name[:255], percent=percent
        )


def _read_notice(run: AnalysisRun) -> None:
    """The windows end on the notice's date; its ASINs and orders are looked up in the data."""
    from reinstate_web.notices.services import latest_diagnosis

    try:
        diagnosis = latest_diagnosis(run.case)
    except (ReinstateError, OSError) as exc:
        logger.warning("case %s: notice not read for the analysis: %s", run.case_id, exc)
        return
    if diagnosis is None:
        return
    run.notice_asins = list(diagnosis.asins)
    run.notice_order_ids = list(diagnosis.order_ids)
    sent: date | None = None
    if diagnosis.sent_at is not None:
        sent = (
            timezone.localdate(diagnosis.sent_at)
            if timezone.is_aware(diagnosis.sent_at)
            else diagnosis.sent_at.date()
        )
    run.notice_date = sent


def _report_json(report: AnalysisReport, files: list[DataFile]) -> dict[str, Any]:
    """The contract JSON, with each source's server path replaced by the upload's own name."""
    data = report.to_json()
    by_path = {str(Path(f.file.path)): f for f in files}
    for source in data["sources"]:
        data_file = by_path.get(source["path"])
        source["path"] = data_file.original_name if data_file else Path(source["path"]).name
        source["data_file"] = data_file.pk if data_file else None
    return data


def _draw(report: AnalysisReport, run: AnalysisRun) -> list[str]:
    """Charts in every interface language; a chart that fails is logged, not fatal."""
    folder = Path(settings.MEDIA_ROOT) / run.folder()
    written: list[str] = []
    for lang in CHART_LANGS:
        try:
            paths = render_charts(report, folder / lang, lang=lang, fmt="png")
        except ReinstateError as exc:
            logger.warning("run %s: charts in %s not drawn: %s", run.pk, lang, exc)
            continue
        written.extend(f"{lang}/{p.name}" for p in paths)
    return written


def _one_line(message: str, files: list[DataFile]) -> str:
    """The core's message on one line, with server paths shown as the uploaded file names."""
    for data_file in files:
        message = message.replace(str(Path(data_file.file.path)), data_file.original_name)
    message = message.replace(str(settings.MEDIA_ROOT), "")
    return " ".join(message.split())[:500] or GENERIC_ERROR
