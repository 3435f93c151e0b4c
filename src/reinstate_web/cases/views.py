"""Thin views: look the object up through ``access``, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reinstate.errors import InputError
from reinstate.workflow import FINAL, Status, TransitionRefused
from reinstate_web.accounts.models import User
from reinstate_web.analysis import panels as analysis_panels
from reinstate_web.cases import services
from reinstate_web.cases.access import (
    accounts_for,
    cases_for,
    get_account_for_user,
    get_case_for_user,
    is_owner,
    organisations_for,
    remembered_roles,
)
from reinstate_web.cases.forms import NewCaseForm, SellerAccountForm
from reinstate_web.cases.labels import STATUS_NAMES
from reinstate_web.cases.listing import page_of
from reinstate_web.cases.memo import page_memo
from reinstate_web.cases.models import Case
from reinstate_web.cases.page import case_chrome
from reinstate_web.cases.titles import titles_prefetch
from reinstate_web.drafting import panels as drafting_panels
from reinstate_web.notices import panels as notice_panels
from reinstate_web.notices import services as notice_services
from reinstate_web.notices import tasks as notice_tasks
from reinstate_web.notices.presenters import unreadable_message
from reinstate_web.requests import current_user

# The dashboard shows the open cases a page at a time and the latest closed ones: a team with
# thousands of cases gets it as fast as a seller with three (bench/dashboard.py).
PAGE_SIZE = 50
CLOSED_SHOWN = 20
_FINAL = [s.value for s in FINAL]
# What the dashboard's rows show of a case (its title is made of the first four and its
# messages): the other columns of the case, its account and its assignee (about twenty, a
# third of them moments that Django converts one by one) are not read.
_ROW_FIELDS = (
    "title",
    "category",
    "created_at",
    "status",
    "next_due",
    "account__store_name",
    "assignee__name",
    "assignee__email",
)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    # The page's lists and cards read what the case page's panels read for a few cases at once
    # (waiting for Amazon, the mailboxes), and the user's organisations: once per page
    # (cases.memo).
    with page_memo():
        return _dashboard(request)


def _dashboard(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    cases = cases_for(user)
    status = request.GET.get("status", "")
    if status in Status.__members__.values():
        cases = cases.filter(status=status)
    is_closed = Q(status__in=_FINAL)
    counts = cases.aggregate(
        open=Count("pk", filter=~is_closed), closed=Count("pk", filter=is_closed)
    )
    active = page_of(
        cases.exclude(is_closed),
        (F("next_due").asc(nulls_last=True), "-created_at", "-pk"),
        request.GET.get("page"),
        PAGE_SIZE,
        count=counts["open"],
        fields=_ROW_FIELDS,
    )
    closed = page_of(
        cases.filter(is_closed),
        ("-updated_at", "-pk"),
        1,
        CLOSED_SHOWN,
        count=counts["closed"],
        fields=_ROW_FIELDS,
    )
    return render(
        request,
        "cases/dashboard.html",
        {
            "active_cases": active.object_list,
            "active_page": active,
            "closed_cases": closed.object_list,
            "closed_count": counts["closed"],
            "has_accounts": accounts_for(user).exists(),
            "status_filter": status,
            "statuses": list(STATUS_NAMES.items()),
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    # Read just now, and reading the page changes nothing: the chrome need not read it again.
    return case_page(request, get_case_for_user(user, pk), user, fresh=True)


def case_page(
    request: HttpRequest,
    case: Case,
    user: User,
    *,
    status: int = 200,
    fresh: bool = False,
    **overrides: object,
) -> HttpResponse:
    """The case page; other apps pass ``overrides`` (e.g. a form with errors) after a POST, and
    ``case`` as they read it (``fresh=False``: the status-dependent parts read it again)."""
    # Each step's app adds its own panel data (notices, seller data, drafts and checks); they
    # all ask the user's role on the case, read once for the whole page, and what other panels
    # read already (the latest appeal, analysis, diagnosis: cases.memo.per_page) once too.
    with remembered_roles(), page_memo():
        panels: dict[str, object] = {}
        for provider in (notice_panels, analysis_panels, drafting_panels):
            panels.update(provider.context(request, case, user))
        return render(
            request,
            "cases/case_detail.html",
            {**panels, **case_chrome(case, user, refresh=not fresh), **overrides},
            status=status,
        )


@login_required
@require_POST
def case_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    try:
        requested = Status(request.POST.get("status", ""))
        services.change_status(case, requested, actor=user)
    except (ValueError, TransitionRefused):
        messages.error(request, _("That step is not possible from where the case stands."))
    return redirect("cases:detail", pk=case.pk)


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = NewCaseForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        account = form.cleaned_data["account"]
        title = form.cleaned_data["title"].strip()
        notice = form.notice_bytes()
        if notice is None:
            case = services.open_case(account, title=title, actor=user)
            return redirect("cases:detail", pk=case.pk)
        if notice_services.is_large(notice[0]):
            # A large message is stored now and read on the job queue.
            case = services.open_case(account, title=title, actor=user)
            stored = notice_services.store_unread_notice(case, notice[0], notice[1], actor=user)
            notice_tasks.read_notice_later(stored.pk)
            return redirect("cases:detail", pk=case.pk)
        try:
            case = notice_services.open_case_from_notice(
                account, notice[0], notice[1], actor=user, title=title
            )
        except InputError as exc:
            form.add_error(None, unreadable_message(exc))
        else:
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_new.html", {"form": form})


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    accounts = accounts_for(user).select_related("organisation").order_by("store_name")
    return render(
        request,
        "cases/account_list.html",
        {"accounts": accounts, "can_create": organisations_for(user, edit=True).exists()},
    )


@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    account = get_account_for_user(user, pk)
    return render(
        request,
        "cases/account_detail.html",
        {
            "account": account,
            "cases": account.cases.prefetch_related(titles_prefetch()),
            "is_owner": is_owner(user, account.organisation_id),
        },
    )


@login_required
def account_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = current_user(request)
    account = get_account_for_user(user, pk, edit=True) if pk is not None else None
    form = SellerAccountForm(request.POST or None, instance=account, user=user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Seller account saved."))
        return redirect("cases:account", pk=saved.pk)
    return render(request, "cases/account_form.html", {"form": form, "account": account})
