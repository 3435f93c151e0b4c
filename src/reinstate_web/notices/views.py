"""Amazon's messages on a case: add one, read one with its evidence, download the original."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reinstate.errors import InputError, ServiceError
from reinstate_web.cases.access import can_edit, get_case_for_user
from reinstate_web.cases.views import case_page
from reinstate_web.drafting import machine
from reinstate_web.notices import panels, services, tasks
from reinstate_web.notices.forms import NoticeInputForm
from reinstate_web.notices.models import Notice
from reinstate_web.notices.presenters import (
    SHOWN_CHARS,
    category_name,
    highlighted_parts,
    present,
    unreadable_message,
)
from reinstate_web.requests import current_user


@login_required
@require_POST
def notice_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    form = NoticeInputForm(request.POST, request.FILES)
    if form.is_valid():
        given = form.notice_bytes()
        assert given is not None  # the form requires one
        if services.is_large(given[0]):
            notice = services.store_unread_notice(case, given[0], given[1], actor=user)
            tasks.read_notice_later(notice.pk)
            return redirect(reverse("cases:detail", args=[case.pk]) + "#step-1")
        try:
            notice = services.add_notice(case, given[0], given[1], actor=user)
        except InputError as exc:
            form.add_error(None, unreadable_message(exc))
        else:
            messages.success(
                request,
                _("Amazon's message is on the case: %(what)s") % {"what": present(notice).headline},
            )
            return redirect(reverse("cases:detail", args=[case.pk]) + "#step-1")
    # Keep what the user pasted: the case page again, with the form and its errors.
    return case_page(request, case, user, status=400, notices_form=form, notices_open=True)


@login_required
@require_POST
def category_choose(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    try:
        # "Another policy" (a list of every category) wins over the candidates' radio buttons.
        code = request.POST.get("other_category") or request.POST.get("category", "")
        services.choose_category(case, code, actor=user)
    except InputError:
        messages.error(request, _("Choose one of the categories listed."))
    else:
        messages.success(
            request, _("The case is now about: %(name)s") % {"name": category_name(case)}
        )
    return redirect(reverse("cases:detail", args=[case.pk]) + "#step-1")


@login_required
@require_POST
def second_opinion(request: HttpRequest, pk: int, notice_id: int) -> HttpResponse:
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    notice = get_object_or_404(Notice, case=case, pk=notice_id)
    if not machine.enabled():
        raise Http404
    try:
        services.ask_second_opinion(notice, actor=user)
    except ServiceError as exc:
        messages.error(
            request, _("The language model gave no usable answer: %(reason)s") % {"reason": exc}
        )
    return redirect(reverse("cases:detail", args=[case.pk]) + "#choose-category")


@login_required
def notice_detail(request: HttpRequest, pk: int, notice_id: int) -> HttpResponse:
    user = current_user(request)
    case = get_case_for_user(user, pk)
    notice = get_object_or_404(Notice, case=case, pk=notice_id)
    return render(
        request,
        "notices/notice_detail.html",
        {
            "case": case,
            "view": present(notice),
            "parts": highlighted_parts(notice),
            "cut_at": SHOWN_CHARS if len(notice.text) > SHOWN_CHARS else None,
            "length": len(notice.text),
            "can_edit": can_edit(user, case),
        },
    )


@login_required
def notice_original(request: HttpRequest, pk: int, notice_id: int) -> FileResponse:
    user = current_user(request)
    case = get_case_for_user(user, pk)
    notice = get_object_or_404(Notice, case=case, pk=notice_id)
    name = notice.original.name.rsplit("/", 1)[-1]
    try:
        handle = notice.original.open("rb")
    except OSError as exc:  # the stored file is gone (a restore without its files)
        raise Http404 from exc
    # Always a download, never rendered: the original may hold hostile HTML.
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type="application/octet-stream",
    )


@login_required
def notices_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The messages panel alone (polled while a large message is being read)."""
    user = current_user(request)
    case = get_case_for_user(user, pk)
    context = {
        "case": case,
        "can_edit": can_edit(user, case),
        **panels.context(request, case, user),
    }
    return render(request, "notices/panel.html", context)
