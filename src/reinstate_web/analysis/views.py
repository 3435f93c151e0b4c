"""Upload exports, follow the analysis while it runs, and serve its charts (members only)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from reinstate_web.analysis import labels, panels, services, uploads
from reinstate_web.analysis.forms import DataUploadForm
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.analysis.tasks import run_analysis
from reinstate_web.cases.access import get_case_for_user
from reinstate_web.cases.models import Case
from reinstate_web.requests import READ_METHODS, current_user, is_htmx


def _panel(
    request: HttpRequest,
    case: Case,
    *,
    form: DataUploadForm | None = None,
    problems: list[str] | None = None,
) -> HttpResponse:
    context = panels.context(request, case, current_user(request), form=form, problems=problems)
    return render(request, "analysis/panel.html", {**context, "case": case})


def _back(case: Case) -> HttpResponse:
    return redirect(f"{case_url(case)}#step-1")


def case_url(case: Case) -> str:
    from django.urls import reverse

    return reverse("cases:detail", kwargs={"pk": case.pk})


# The upload handlers must be set before the CSRF check reads the body, hence csrf_exempt on
# the outer view and csrf_protect on the inner one (Django's documented pattern).
@csrf_exempt
@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(
        current_user(request), pk, edit=True
    )  # before a byte of the body is read
    guard = uploads.install(request, settings.REPORT_MAX_BYTES)
    return _upload(request, case, guard)


@csrf_protect
def _upload(request: HttpRequest, case: Case, guard: uploads.SizeLimitHandler) -> HttpResponse:
    user = current_user(request)
    form = DataUploadForm(
        request.POST,
        request.FILES,
        max_bytes=settings.REPORT_MAX_BYTES,
        refused=guard.refused,
        auto_id="analysis_%s",
    )
    if not form.is_valid():
        if is_htmx(request):
            return _panel(request, case, form=form)
        for error in form.errors.get("exports", []):
            messages.error(request, str(error))
        return _back(case)
    outcome = services.add_files(case, form.cleaned_data["exports"], actor=user)
    problems = form.refused_messages() + outcome.problems
    run = services.start_run(case, actor=user, enqueue=run_analysis) if outcome.stored else None
    if outcome.stored and run is None:
        problems.append(_("None of the files can be analysed yet."))
    if is_htmx(request):
        return _panel(request, case, problems=problems)
    for problem in problems:
        messages.warning(request, problem)
    if outcome.stored:
        messages.success(request, _("Files uploaded. The analysis is under way."))
    return _back(case)


@login_required
@require_POST
def analyse(request: HttpRequest, pk: int) -> HttpResponse:
    """Analyse all the case's files again (after a new notice, or after a failed run)."""
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    problems = []
    if services.start_run(case, actor=user, enqueue=run_analysis) is None:
        problems.append(_("None of the files can be analysed yet."))
    if is_htmx(request):
        return _panel(request, case, problems=problems)
    for problem in problems:
        messages.warning(request, problem)
    return _back(case)


@login_required
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled every 2 s while a run is queued or running: the small status block while it
    runs, then the whole panel (htmx retargets the swap) once it has finished."""
    case = get_case_for_user(current_user(request), pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    run = services.latest_run(case)
    if run is not None and run.active:
        return render(
            request,
            "analysis/_run_status.html",
            {"case": case, "analysis_run": run, "analysis_phase": labels.phase_text(run)},
        )
    response = _panel(request, case)
    response["HX-Retarget"] = "#analysis-panel"
    response["HX-Reswap"] = "outerHTML"
    return response


@login_required
def chart(
    request: HttpRequest, case_pk: int, run_id: int, lang: str, name: str
) -> HttpResponseBase:
    case = get_case_for_user(current_user(request), case_pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    run = AnalysisRun.objects.filter(case=case, pk=run_id).first()
    path = services.chart_file(run, lang, name) if run is not None else None
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
def download(request: HttpRequest, case_pk: int, file_id: int) -> HttpResponseBase:
    """The export exactly as it was uploaded (kept for the record)."""
    case = get_case_for_user(current_user(request), case_pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    data_file = DataFile.objects.filter(case=case, pk=file_id).first()
    if data_file is None or not data_file.file:
        raise Http404
    try:
        handle = data_file.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=data_file.original_name)
