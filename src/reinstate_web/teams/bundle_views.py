"""Export a case as a bundle (a download) and import one into an organisation (an upload)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reinstate.bundle import Limits
from reinstate_web.cases.access import get_case_for_user, get_organisation_for_user
from reinstate_web.requests import READ_METHODS, current_user
from reinstate_web.teams import bundles
from reinstate_web.teams.forms import BundleUploadForm


@login_required
def case_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The case as a bundle, as the user sees it (owners and specialists; a viewer cannot take
    the case's files away)."""
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once it is sent
    bundles.export_case(case, spool, user=user)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=bundles.bundle_name(case),
        content_type="application/zip",
    )


@login_required
def team_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a bundle: verified whole before anything is written, then imported as a new case
    of this organisation."""
    user = current_user(request)
    organisation = get_organisation_for_user(user, pk, edit=True)
    form = BundleUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["bundle"]
        limits = Limits()
        if upload.size > limits.bundle_bytes:
            form.add_error("bundle", _("This file is larger than a case bundle may be."))
            status = 400
        else:
            with tempfile.TemporaryDirectory(prefix="reinstate-bundle-") as folder:
                path = Path(folder) / "bundle.zip"
                with path.open("wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                try:
                    bundle = bundles.verify(path, limits)
                    case = bundles.import_case(bundle, organisation, actor=user)
                except bundles.ImportRefused as exc:
                    form.add_error(
                        "bundle", _("This bundle was refused: %(why)s") % {"why": exc.message}
                    )
                    status = 400
                else:
                    messages.success(
                        request, _("The case is imported: every file matched its SHA-256.")
                    )
                    return redirect("cases:detail", pk=case.pk)
    elif request.method == "POST":
        status = 400
    elif request.method not in READ_METHODS:
        return HttpResponseNotAllowed([*READ_METHODS, "POST"])
    return render(
        request,
        "teams/import.html",
        {"organisation": organisation, "form": form},
        status=status,
    )
