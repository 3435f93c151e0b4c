"""What this app adds to the case page (merged into the case page's template context)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from reinstate_web.accounts.models import User
from reinstate_web.analysis import labels, presenters, services
from reinstate_web.analysis.coverage import NoticeCoverage, notice_coverage
from reinstate_web.analysis.forms import DataUploadForm, megabytes
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.analysis.runner import GENERIC_ERROR
from reinstate_web.cases.access import can_edit
from reinstate_web.cases.models import Case


def context(
    request: HttpRequest,
    case: Case,
    user: User,
    *,
    form: DataUploadForm | None = None,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """``analysis_*`` keys for ``analysis/panel.html`` (step 1) and ``panel_evidence.html``
    (step 3)."""
    lang = presenters.language()
    latest = services.latest_run(case)
    shown = latest if latest and latest.status == AnalysisRun.Status.DONE else None
    if shown is None and latest is not None:  # no run at all: no finished one either
        shown = services.latest_done_run(case)
    report = shown.report if shown else {}
    sources = {s.get("data_file"): s for s in report.get("sources", [])}
    files = [
        {
            "file": f,
            "kind_name": str(labels.REPORT_KINDS.get(f.kind, f.kind or "—")),
            "source": presenters.present_source(sources[f.pk]) if f.pk in sources else None,
        }
        for f in DataFile.objects.filter(case=case).select_related("uploaded_by")
    ]
    charts = [
        {"name": name, "title": presenters.chart_title(name, lang)}
        for chart_lang, _sep, name in (c.partition("/") for c in (shown.charts if shown else []))
        if chart_lang == lang
    ]
    return {
        "analysis_form": form
        or DataUploadForm(max_bytes=settings.REPORT_MAX_BYTES, auto_id="analysis_%s"),
        "analysis_problems": problems or [],
        "analysis_max_mb": megabytes(settings.REPORT_MAX_BYTES),
        "analysis_can_edit": can_edit(user, case),
        "analysis_files": files,
        "analysis_run": latest,
        "analysis_run_error": _run_error(latest),
        "analysis_phase": labels.phase_text(latest) if latest is not None else "",
        "analysis_shown_run": shown,
        "analysis_view": presenters.present_report(report, case_category=case.category, lang=lang)
        if shown
        else None,
        "analysis_charts": charts,
        "analysis_chart_lang": lang,
        "analysis_units": presenters.units_for_invoices(report) if shown else None,
        "analysis_runs": AnalysisRun.objects.filter(case=case).select_related("started_by")[:10],
        "analysis_notice_gap": _notice_gap(case),
    }


def _notice_gap(case: Case) -> NoticeCoverage | None:
    """The notice's ASINs that the latest finished analysis did not find in the data."""
    report = services.latest_report(case)
    return notice_coverage(report.findings) if report is not None else None


def _run_error(run: AnalysisRun | None) -> str:
    if run is None or not run.error:
        return ""
    if run.error == GENERIC_ERROR:
        return _("The analysis stopped on an unexpected error. The files are kept; try again.")
    return run.error
