"""Upload evidence, follow its reading, see what was read, download the submission set (the
case's team only: every lookup through ``cases.access``)."""

from __future__ import annotations

import tempfile

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
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from reinstate.evidence import Reading
from reinstate_web.analysis import uploads
from reinstate_web.cases.access import get_case_for_user
from reinstate_web.cases.models import Case
from reinstate_web.evidence import panels, presenters, services, tasks
from reinstate_web.evidence.forms import EvidenceUploadForm, IdentityForm
from reinstate_web.evidence.models import EvidenceDocument
from reinstate_web.evidence.submission import write_zip
from reinstate_web.requests import READ_METHODS, current_user, is_htmx


def _panel(request: HttpRequest, case: Case, **kwargs: object) -> HttpResponse:
    context = panels.context(request, case, current_user(request), **kwargs)  # type: ignore[arg-type]
    return render(request, "evidence/panel.html", {**context, "case": case})


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("cases:detail", kwargs={"pk": case.pk}) + "#step-3")


# The upload handlers must be set before the CSRF check reads the body, hence csrf_exempt on
# the outer view and csrf_protect on the inner one (Django's documented pattern).
@csrf_exempt
@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(current_user(request), pk, edit=True)  # before the body is read
    guard = uploads.install(request, settings.EVIDENCE_MAX_BYTES)
    return _upload(request, case, guard)


@csrf_protect
def _upload(request: HttpRequest, case: Case, guard: uploads.SizeLimitHandler) -> HttpResponse:
    evidence = services.check_case(case)
    form: EvidenceUploadForm = panels.upload_form(
        case, evidence, request.POST, request.FILES, refused=guard.refused
    )
    if not form.is_valid():
        if is_htmx(request):
            return _panel(request, case, form=form)
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(case)
    outcome = services.add_document(
        case,
        form.cleaned_data["document"],
        proves=form.cleaned_data["proves"],
        asins=list(form.cleaned_data["asins"]),
        actor=current_user(request),
    )
    if outcome.document is not None:
        tasks.start_reading(outcome.document)
    if is_htmx(request):
        return _panel(request, case, problems=outcome.problems)
    for problem in outcome.problems:
        messages.warning(request, problem)
    if outcome.document is not None:
        messages.success(request, _("Document kept. Reinstate is reading it."))
    return _back(case)


@login_required
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The step 3 panel again (polled every 2 s while a document is being read)."""
    case = get_case_for_user(current_user(request), pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    return _panel(request, case)


@login_required
@require_POST
def identity(request: HttpRequest, pk: int) -> HttpResponse:
    """The account's legal name and address, as in Seller Central."""
    case = get_case_for_user(current_user(request), pk, edit=True)
    form = IdentityForm(
        request.POST, instance=services.identity_for(case.account), prefix="identity"
    )
    if form.is_valid():
        services.save_identity(case.account, form.cleaned_data, current_user(request))
        form = None  # type: ignore[assignment]
    if is_htmx(request):
        return _panel(request, case, identity_form=form)
    if form is not None:
        messages.error(request, _("The name and address were not saved."))
    return _back(case)


def _document_of(request: HttpRequest, case_pk: int, document_id: int) -> EvidenceDocument:
    case = get_case_for_user(current_user(request), case_pk)
    document = EvidenceDocument.objects.filter(case=case, pk=document_id).first()
    if document is None:
        raise Http404
    return document


@login_required
def document(request: HttpRequest, case_pk: int, document_id: int) -> HttpResponse:
    """What was read on each page (boxes over the page image), the fields and the findings."""
    found = _document_of(request, case_pk, document_id)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    evidence = services.check_case(found.case)
    result = evidence.result_for(found)
    reading = Reading.from_json(found.reading) if found.reading else None
    pages = []
    if reading is not None:
        for number, _name in enumerate(found.previews, start=1):
            ratio = presenters.page_ratio(reading, number)
            pages.append(
                {
                    "number": number,
                    "height": round(1000 * ratio, 1),
                    "boxes": presenters.boxes(reading, number),
                }
            )
    return render(
        request,
        "evidence/document.html",
        {
            "case": found.case,
            "evidence_document": found,
            "reading": reading,
            "passed": bool(result and result.passed),
            "fields": presenters.fields_read(reading) if reading else [],
            "items": reading.line_items if reading else (),
            "findings": [presenters.present_finding(f) for f in result.findings] if result else [],
            "pages": pages,
        },
    )


@login_required
def page_image(request: HttpRequest, case_pk: int, document_id: int, page: int) -> HttpResponseBase:
    found = _document_of(request, case_pk, document_id)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    path = services.preview_file(found, page)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
def original(request: HttpRequest, case_pk: int, document_id: int) -> HttpResponseBase:
    """The document exactly as it was uploaded (its SHA-256 is on its page)."""
    found = _document_of(request, case_pk, document_id)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    try:
        handle = found.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=found.original_name)


@login_required
def submission(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The documents that pass, named and converted for Seller Central, as one ZIP."""
    case = get_case_for_user(current_user(request), pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_zip(services.check_case(case), spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"evidence-case-{case.pk}.zip",
        content_type="application/zip",
    )
