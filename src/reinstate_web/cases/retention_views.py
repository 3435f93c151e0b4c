"""A seller's data out or gone (owners only): the account-wide export, deleting a case or a
seller account after a confirmation page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reinstate_web.cases import retention
from reinstate_web.cases.access import get_account_for_owner, get_case_for_owner
from reinstate_web.requests import READ_METHODS, current_user


class ConfirmDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand: this cannot be undone."),
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )


@login_required
def account_export(request: HttpRequest, pk: int) -> FileResponse | HttpResponse:
    """Every case of the seller account as bundles, with the account, in one ZIP."""
    user = current_user(request)
    account = get_account_for_owner(user, pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    return retention.export_download(account, user=user)


@login_required
def case_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = get_case_for_owner(user, pk)
    form = ConfirmDeleteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            retention.delete_case(case, actor=user)
            messages.success(request, _("The case and its files are deleted."))
            return redirect("cases:dashboard")
        status = 400
    files, size = retention.files_in(retention.case_folder(case.pk))
    return render(
        request,
        "cases/delete_confirm.html",
        {"form": form, "case": case, "account": None, "cases": 1, "files": files, "size": size},
        status=status,
    )


@login_required
def account_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    account = get_account_for_owner(user, pk)
    form = ConfirmDeleteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            retention.delete_account(account, actor=user)
            messages.success(
                request, _("The seller account, its cases and their files are deleted.")
            )
            return redirect("cases:accounts")
        status = 400
    case_ids = list(account.cases.values_list("pk", flat=True))
    files = size = 0
    for case_id in case_ids:
        count, total = retention.files_in(retention.case_folder(case_id))
        files, size = files + count, size + total
    return render(
        request,
        "cases/delete_confirm.html",
        {
            "form": form,
            "case": None,
            "account": account,
            "cases": len(case_ids),
            "files": files,
            "size": size,
        },
        status=status,
    )
