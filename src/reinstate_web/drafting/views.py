"""Thin views for steps 2, 4 and 5: look the case up through ``access``, call one service,
render. htmx posts get the three drafting panels back; plain posts are redirected to the case."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reinstate.compose import Choices
from reinstate.errors import ExportError, InputError, ReinstateError, ServiceError
from reinstate_web.accounts.models import User
from reinstate_web.cases.access import get_case_for_user
from reinstate_web.cases.models import Case
from reinstate_web.cases.page import case_chrome
from reinstate_web.drafting import answers as answer_values
from reinstate_web.drafting import highlight, machine, presenters, records, services
from reinstate_web.drafting.models import Draft
from reinstate_web.requests import current_user

DOWNLOADS = {
    "docx": (
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": (".pdf", "application/pdf"),
    "txt": (".txt", "text/plain; charset=utf-8"),
    "bilingual": ("-bilingual.pdf", "application/pdf"),
}
MAX_LETTER = 60_000


def _panels(request: HttpRequest, case: Case, **extra: Any) -> HttpResponse:
    """The drafting panels after a change: htmx swaps them in, with the step bar, the status
    and the timeline (a first draft moves the case to step 2); a plain form goes back to the
    case page, on the step that changed."""
    if request.headers.get("HX-Request"):
        user = current_user(request)
        context = presenters.context(case, user, **extra)
        return render(request, "drafting/_panels.html", {**context, **case_chrome(case, user)})
    return redirect(reverse("cases:detail", kwargs={"pk": case.pk}) + "#step-2")


def _version(case: Case, raw: str | None, user: User) -> Draft | None:
    """The version ``?n=`` names, else the latest, among those ``user`` sees; None when the
    case has no draft."""
    drafts = services.drafts_of(case, user).select_related("created_by")
    if raw and raw.isdigit():
        return drafts.filter(number=int(raw)).first()
    return drafts.order_by("-number").first()


@login_required
@require_POST
def compose_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the questionnaire (a new version of the answers) and write a new draft from it."""
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    saved_set = services.latest_answers(case)
    saved = saved_set.answers if saved_set else {}
    try:
        questions = services.questions_for(case, saved, presenters.ui_lang())
    except ReinstateError:
        return _panels(request, case, message=_("Choose the kind of case first (step 1)."))
    answers, errors, typed = answer_values.read_answers(questions, request.POST, saved)
    if errors:
        return _panels(request, case, errors=errors, typed=typed)
    answer_set = services.save_answers(case, answers, user)
    latest = services.latest_draft(case, user)
    # The seller's earlier picks among the options stay when the answers change.
    choices = Choices.from_mapping(latest.choices) if latest and latest.choices else None
    try:
        services.compose_draft(
            case, user, choices=choices, answer_set=answer_set, lang=presenters.ui_lang()
        )
    except ReinstateError as exc:
        return _panels(request, case, message=exc.message)
    return _panels(request, case)


@login_required
@require_POST
def options_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a new version with other knowledge-base root causes, actions or measures."""
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    latest = services.latest_draft(case, user)
    if latest is None:
        return _panels(request, case, message=_("Write the first draft before picking options."))
    choices = services.choices_from_post(request.POST, latest)
    try:
        services.compose_draft(
            case, user, origin=Draft.Origin.OPTIONS, choices=choices, lang=presenters.ui_lang()
        )
    except ReinstateError as exc:
        return _panels(request, case, message=exc.message)
    return _panels(request, case)


@login_required
@require_POST
def confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The seller ticks the suggested actions and measures they took; the rest leave the letter."""
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    latest = services.latest_draft(case, user)
    if latest is None:
        return _panels(request, case, message=_("Write the first draft before confirming actions."))
    try:
        services.confirm_suggestions(
            case, latest, request.POST.getlist("done"), user, lang=presenters.ui_lang()
        )
    except ReinstateError as exc:
        return _panels(request, case, message=exc.message)
    return _panels(request, case)


def _posted_letter(request: HttpRequest) -> str:
    return str(request.POST.get("letter", ""))[:MAX_LETTER]


@login_required
@require_POST
def check_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter as typed, checked: findings marked inline, with the score and verdict."""
    user = current_user(request)
    case = get_case_for_user(user, pk)
    draft = _version(case, request.POST.get("n"), user)
    letter = _posted_letter(request)
    lang = presenters.ui_lang()
    context: dict[str, Any] = {"case": case, "letter": letter}
    try:
        report = services.run_check(letter, draft.check_context if draft else {})
    except InputError as exc:
        context["problem"] = exc.message
        return render(request, "drafting/_check.html", context)
    stored = services.report_json(report, letter)
    context.update(
        score=report.score,
        verdict=str(report.verdict),
        verdict_label=presenters.VERDICT_LABELS.get(str(report.verdict), ""),
        segments=highlight.segments(letter, stored["findings"], lang),
        groups=[
            (s, presenters.SEVERITY_LABELS[s], items)
            for s, items in highlight.grouped(stored["findings"], lang)
        ],
    )
    return render(request, "drafting/_check.html", context)


@login_required
@require_POST
def save_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep the seller's edited English as a new version."""
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    parent = _version(case, request.POST.get("n"), user)
    if parent is None:
        return _panels(request, case, message=_("Write the first draft before editing it."))
    letter = _posted_letter(request)
    if letter.replace("\r\n", "\n").strip() == parent.letter.strip():
        return _panels(request, case, message=_("Nothing changed: no new version was saved."))
    try:
        services.save_edit(case, parent, letter, user)
    except InputError as exc:
        return _panels(request, case, message=exc.message)
    return _panels(request, case)


@login_required
@require_POST
def rephrase_view(request: HttpRequest, pk: int) -> HttpResponse:
    """English for one free-text answer from the configured language model (off by default)."""
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    if not machine.enabled():
        raise Http404
    qid = str(request.POST.get("question", ""))
    saved_set = services.latest_answers(case)
    questions = {
        q.id: q
        for q in services.questions_for(
            case, saved_set.answers if saved_set else {}, presenters.ui_lang()
        )
    }
    question = questions.get(qid)
    if question is None or question.type != "text":
        raise Http404
    source = str(request.POST.get(qid, "")).strip()
    row: dict[str, Any] = {"q": question, "value": source, "error": "", "machine": False}
    try:
        result = machine.rephrase(source, question.prompt_en)
    except (InputError, ServiceError) as exc:
        row["error"] = exc.message
        row["untranslated"] = answer_values.untranslated(source)
    else:
        row.update(value=result.text, machine=True, source_text=source)
        row["machine_findings"] = [
            highlight.explained(f, presenters.ui_lang())
            for f in services.report_json_findings(result.findings, result.text)
        ]
    return render(
        request,
        "drafting/_text_field.html",
        {
            "case": case,
            "row": row,
            "drafting_llm": True,
            "drafting_can_edit": True,
            "drafting_chinese_ui": presenters.chinese_ui(),
        },
    )


@login_required
def version_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One version of the letter (``?n=3``; the latest without it), with its check."""
    user = current_user(request)
    case = get_case_for_user(user, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])  # after the lookup: an outsider gets 404
    draft = _version(case, request.GET.get("n"), user)
    current = presenters.draft_context(draft, presenters.ui_lang()) if draft else None
    history = list(services.drafts_of(case, user).select_related("created_by").order_by("-number"))
    return render(
        request,
        "drafting/version.html",
        {"case": case, "current": current, "history": history, "asked": request.GET.get("n")},
    )


@login_required
def download_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The letter as a file (DOCX, PDF, TXT or the bilingual PDF) of the latest or ``?n=``
    version. Nothing to download yet: a page says so."""
    user = current_user(request)
    case = get_case_for_user(user, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if fmt not in DOWNLOADS:
        raise Http404
    draft = _version(case, request.GET.get("n"), user)
    if draft is None:
        return render(request, "drafting/no_download.html", {"case": case})
    from reinstate.export import export_bilingual_pdf, export_docx, export_pdf, export_txt

    writers = {
        "docx": export_docx,
        "pdf": export_pdf,
        "txt": export_txt,
        "bilingual": export_bilingual_pdf,
    }
    suffix, content_type = DOWNLOADS[fmt]
    appeal = records.appeal_of(draft, services.mirror_lang(presenters.ui_lang()))
    with tempfile.TemporaryDirectory(prefix="reinstate-letter-") as folder:
        path = Path(folder) / f"letter{suffix}"
        try:
            writers[fmt](appeal, path)
        except ExportError as exc:
            return render(
                request,
                "drafting/no_download.html",
                {"case": case, "problem": exc.message},
                status=503,
            )
        data = path.read_bytes()
    response = HttpResponse(data, content_type=content_type)
    name = f"plan-of-action-case{case.pk}-v{draft.number}{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
