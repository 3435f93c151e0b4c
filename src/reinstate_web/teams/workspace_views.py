"""The team workspace: the queue across the team's sellers, the requests waiting, the workload
per specialist, outcome statistics, and bulk actions (assign, export)."""

from __future__ import annotations

import tempfile
import zipfile
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reinstate.codes import Category
from reinstate_web.accounts.models import User
from reinstate_web.cases.access import get_organisation_for_user, organisations_for
from reinstate_web.cases.labels import CATEGORY_NAMES, STATUS_NAMES
from reinstate_web.cases.models import MARKETPLACES, Case
from reinstate_web.requests import READ_METHODS, current_user
from reinstate_web.teams import bundles, handover, queue
from reinstate_web.teams.models import CaseGrant
from reinstate_web.teams.views import HANDOVER_ERRORS

# A bulk export writes one bundle per case into one ZIP: at most this many cases at once.
BULK_EXPORT_MAX = 50


@login_required
def workspaces(request: HttpRequest) -> HttpResponse:
    """The workspace of the user's only organisation, or the list to choose from."""
    user = current_user(request)
    mine = list(organisations_for(user).order_by("name"))
    if len(mine) == 1:
        return redirect("teams:team_workspace", pk=mine[0].pk)
    return render(request, "teams/workspaces.html", {"organisations": mine})


@login_required
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    team = get_organisation_for_user(user, pk)
    if request.method not in READ_METHODS:
        return HttpResponse(status=405)
    filters = queue.Filters.from_query(request.GET)
    figures = queue.figures(team)
    page = queue.queue(team, filters, figures)
    now = timezone.now()
    rows = [
        (case, queue.waiting_days(case, now), case.status in queue.WAITING)
        for case in page.object_list
    ]
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    context = {
        "team": team,
        "page": page,
        "rows": rows,
        "filters": filters,
        "query": urlencode(query),
        "sort_query": urlencode({k: v for k, v in query.items() if k != "sort"}),
        "requests": list(queue.requests(team)),
        "workload": figures.workload(),
        "outcomes": figures.outcomes(),
        "specialists": list(queue.specialists(team)),
        "can_edit": organisations_for(user, edit=True).filter(pk=team.pk).exists(),
        "statuses": list(STATUS_NAMES.items()),
        "categories": [(c.value, CATEGORY_NAMES[c]) for c in Category],
        "marketplaces": MARKETPLACES,
        "sorts": [
            ("deadline", _("Deadline")),
            ("waiting", _("Waiting longest")),
            ("status", _("Status")),
            ("category", _("Category")),
            ("marketplace", _("Marketplace")),
            ("assignee", _("Assignee")),
            ("seller", _("Seller")),
            ("opened", _("Newest")),
        ],
        "bulk_export_max": BULK_EXPORT_MAX,
    }
    return render(request, "teams/workspace.html", context)


@login_required
@require_POST
def bulk(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Assign the ticked cases to a specialist, or export them as bundles in one ZIP."""
    user = current_user(request)
    team = get_organisation_for_user(user, pk, edit=True)
    ids = [int(v) for v in request.POST.getlist("cases") if v.isdigit()][:1000]
    cases = list(queue.base(team).filter(pk__in=ids).select_related("account"))
    back = reverse("teams:team_workspace", kwargs={"pk": team.pk})
    next_query = request.POST.get("query", "")
    if next_query:
        back += "?" + next_query[:500]
    if not cases:
        messages.error(request, _("Tick the cases first."))
        return redirect(back)
    if request.POST.get("action") == "export":
        return _export(cases, user)
    raw = request.POST.get("specialist", "")
    specialist = User.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    try:
        for case in cases:
            handover.assign(case, specialist, actor=user, team=team)
    except handover.HandOverError as exc:
        messages.error(request, str(HANDOVER_ERRORS[exc.code]))
        return redirect(back)
    messages.success(
        request,
        _("%(n)s cases assigned to %(who)s.") % {"n": len(cases), "who": specialist or _("nobody")},
    )
    return redirect(back)


def _export(cases: list[Case], user: User) -> HttpResponseBase:
    if len(cases) > BULK_EXPORT_MAX:
        return HttpResponse(
            _("Export at most %(n)s cases at once.") % {"n": BULK_EXPORT_MAX},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once it is sent
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for case in cases:
            with tempfile.TemporaryFile() as one:
                bundles.export_case(case, one, user=user)
                one.seek(0)
                with zf.open(bundles.bundle_name(case), "w", force_zip64=True) as entry:
                    while chunk := one.read(1024 * 1024):
                        entry.write(chunk)
    spool.seek(0)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"reinstate-cases-{stamp}.zip",
        content_type="application/zip",
    )


def _request(team_pk: int, grant_id: int) -> CaseGrant:
    return get_object_or_404(
        CaseGrant.objects.select_related("case"),
        pk=grant_id,
        team_id=team_pk,
        state=CaseGrant.State.OFFERED,
    )


@login_required
@require_POST
def request_accept(request: HttpRequest, pk: int, grant_id: int) -> HttpResponse:
    user = current_user(request)
    team = get_organisation_for_user(user, pk, edit=True)
    grant = _request(team.pk, grant_id)
    try:
        handover.accept(grant, actor=user, team=team)
    except handover.HandOverError as exc:
        messages.error(request, str(HANDOVER_ERRORS[exc.code]))
        return redirect("teams:team_workspace", pk=team.pk)
    messages.success(request, _("The case is your team's now. You are its specialist."))
    return redirect("cases:detail", pk=grant.case_id)


@login_required
@require_POST
def request_decline(request: HttpRequest, pk: int, grant_id: int) -> HttpResponse:
    user = current_user(request)
    team = get_organisation_for_user(user, pk, edit=True)
    handover.decline(_request(team.pk, grant_id), actor=user)
    messages.success(request, _("You declined the case. The seller sees that you said no."))
    return redirect("teams:team_workspace", pk=team.pk)
