"""The case's audit log: every change, who made it, when and from where (client address and
browser), for the case's owners: the members of the organisation the case belongs to (a team
reaching the case by a hand-over does not see it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

from reinstate_web.cases.access import get_case_for_user, is_seller_side
from reinstate_web.requests import READ_METHODS, current_user

PAGE_SIZE = 100


@login_required
def case_audit(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = get_case_for_user(user, pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    if not is_seller_side(user, case):
        raise PermissionDenied
    events = case.events.select_related("actor").order_by("-at", "-id")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "teams/audit.html", {"case": case, "page": page})
