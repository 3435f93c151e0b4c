"""A case with a record of every kind a bundle holds, built through the product's own services."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.files import File
from django.test import Client
from django.utils import timezone

from reinstate.demo import write_demo_data
from reinstate.workflow import Status
from reinstate_web.accounts.models import User
from reinstate_web.analysis import runner
from reinstate_web.analysis import services as analysis_services
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.cases import services as case_services
from reinstate_web.cases.models import Case
from reinstate_web.notices.services import add_notice
from tests.web.drafting_helpers import compose, make_inauthentic
from tests.web.object_factories import NOTICE
from tests.web.test_rounds import MORE_INFO


def with_notice(case: Case, owner: User) -> Case:
    add_notice(case, NOTICE, "notice.eml", actor=owner)
    return case


def with_data(case: Case, owner: User, where: Path, *, charts: bool = False) -> AnalysisRun:
    folder = where / "exports"
    write_demo_data(folder, orders=300, today=timezone.localdate(), seed=5)
    uploads = [
        File(p.open("rb"), name=p.name)
        for p in sorted(folder.iterdir())
        if not p.name.startswith("_")
    ][:3]
    try:
        analysis_services.add_files(case, uploads, actor=owner)
    finally:
        for upload in uploads:
            upload.close()
    run = AnalysisRun.objects.create(case=case, started_by=owner)
    run.files.set([f for f in DataFile.objects.filter(case=case) if f.usable])
    previous = runner.CHART_LANGS
    runner.CHART_LANGS = ("en",) if charts else ()  # type: ignore[assignment]
    try:
        runner.execute(run)
    finally:
        runner.CHART_LANGS = previous  # type: ignore[assignment]
    run.refresh_from_db()
    return run


def with_drafts(case: Case, client: Client) -> Case:
    make_inauthentic(case)
    compose(client, case)
    compose(client, case, units_removed="200")
    return case


def with_round(case: Case, owner: User, capture: Callable[..., Any]) -> Case:
    for status in ("review", "submitted", "awaiting_reply"):
        case_services.change_status(case, Status(status), actor=owner)
    with capture(execute=True):
        add_notice(case, MORE_INFO, "reply.eml", actor=owner)
    return case


def full_case(
    case: Case, owner: User, client: Client, folder: Path, capture: Callable[..., Any]
) -> Case:
    with_notice(case, owner)
    with_data(case, owner, folder, charts=True)
    with_drafts(case, client)
    with_round(case, owner, capture)
    case.refresh_from_db()
    return case
