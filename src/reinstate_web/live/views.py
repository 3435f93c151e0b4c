"""Connect or disconnect a seller account, fetch its reports now, follow the fetch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reinstate.errors import ReinstateError
from reinstate_web.cases.access import get_account_for_user, get_case_for_user
from reinstate_web.cases.models import Case
from reinstate_web.live import labels, panels, services, tasks
from reinstate_web.live.forms import ConnectionForm
from reinstate_web.requests import READ_METHODS, current_user, is_htmx


def _case_panel(request: HttpRequest, case: Case, *, refresh: bool = False) -> HttpResponse:
    context = panels.case_context(case, current_user(request))
    response = render(request, "live/_case_panel.html", {**context, "case": case})
    if refresh:
        # New files and a new analysis run: the whole case page changes, not just this panel.
        response["HX-Refresh"] = "true"
    return response


@login_required
def connection(request: HttpRequest, pk: int) -> HttpResponse:
    """The account's connection: its state for every member, the form for those who edit."""
    user = current_user(request)
    if request.method == "POST":
        account = get_account_for_user(user, pk, edit=True)
        form = ConnectionForm(request.POST, account=account)
        if form.is_valid():
            credentials = form.credentials()
            marketplace = form.cleaned_data["marketplace"]
            try:
                services.verify(credentials, marketplace)
            except ReinstateError as exc:
                form.add_error(None, labels.error_message(exc.code))
            else:
                services.connect(account, credentials, marketplace, actor=user)
                messages.success(
                    request,
                    _("Connected. Reinstate fetches reports only when you ask it to."),
                )
                return redirect("cases:account", pk=account.pk)
    else:
        account = get_account_for_user(user, pk)
        if request.method not in READ_METHODS:
            return HttpResponseNotAllowed([*READ_METHODS, "POST"])
        form = ConnectionForm(account=account)
    context = panels.account_context(account, user)
    return render(request, "live/connection.html", {**context, "account": account, "form": form})


@login_required
@require_POST
def disconnect(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_account_for_user(current_user(request), pk, edit=True)
    if services.disconnect(account):
        messages.success(
            request,
            _("Disconnected. The credentials are deleted; snapshots already fetched stay."),
        )
    return redirect("cases:account", pk=account.pk)


@login_required
@require_POST
def fetch(request: HttpRequest, pk: int) -> HttpResponse:
    """Fetch the reports now (a job); the files land on this case and are analysed."""
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    started = tasks.start_fetch(case, actor=user)
    if started is None:
        messages.warning(request, labels.error_message("not_connected"))
    if is_htmx(request):
        return _case_panel(request, case, refresh=started is not None and not started.active)
    return redirect(reverse("cases:detail", kwargs={"pk": case.pk}) + "#live-panel")


@login_required
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled while a fetch runs; once it has finished the page reloads to show the new files
    and the analysis run they started."""
    case = get_case_for_user(current_user(request), pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    latest = services.latest_fetch(case)
    return _case_panel(request, case, refresh=latest is not None and not latest.active)
