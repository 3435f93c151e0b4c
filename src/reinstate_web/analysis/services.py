"""Business operations on the seller's uploaded exports and their analysis runs."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from reinstate.analysis import detect_report
from reinstate.errors import InputError
from reinstate_web.accounts.models import User
from reinstate_web.analysis.models import UNKNOWN_KIND, AnalysisRun, DataFile
from reinstate_web.cases import services as case_services
from reinstate_web.cases.memo import in_page, per_page
from reinstate_web.cases.models import Case, CaseEvent

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class UploadOutcome:
    """What became of an upload: the files kept, and one line for each file with a problem."""

    stored: list[DataFile] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def safe_name(name: str | None) -> str:
    """The file's own name without folders; never hidden (the analysis skips names starting
    with ``.``, ``_`` or ``~$``)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = base.lstrip("._~$").strip()
    return base[:150] or "export.txt"


def _sha256(upload: File[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def unrecognised_message(name: str) -> str:
    return _(
        "%(name)s: not a Seller Central export Reinstate recognises (its columns match no "
        "known report). Download it again from Seller Central as .txt, .csv or .xlsx."
    ) % {"name": name}


def unreadable_message(name: str) -> str:
    return _("%(name)s: the file could not be read. Download it again and upload it as it is.") % {
        "name": name
    }


def add_files(case: Case, uploads: Iterable[File[bytes]], *, actor: User | None) -> UploadOutcome:
    """Keep each upload on the case (moved from its temporary file, never read into memory) and
    recognise its report kind from the first bytes. The same bytes uploaded twice are kept once."""
    outcome = UploadOutcome()
    for upload in uploads:
        name = safe_name(upload.name)
        digest = _sha256(upload)
        earlier = DataFile.objects.filter(case=case, sha256=digest).first()
        if earlier is not None:
            outcome.problems.append(
                _("%(name)s: the same file was already uploaded as %(earlier)s; kept once.")
                % {"name": name, "earlier": earlier.original_name}
            )
            continue
        data_file = DataFile(
            case=case,
            uploaded_by=actor,
            original_name=name,
            size=upload.size or 0,
            sha256=digest,
        )
        data_file.file.save(name, upload, save=False)
        _recognise(data_file)
        data_file.save()
        outcome.stored.append(data_file)
        if data_file.problem:
            outcome.problems.append(data_file.problem)
    if outcome.stored:
        case_services.record(
            case,
            CaseEvent.Kind.DATA,
            actor,
            files=[f.original_name for f in outcome.stored],
        )
    return outcome


def _recognise(data_file: DataFile) -> None:
    try:
        detected = detect_report(Path(data_file.file.path))
    except InputError:
        data_file.kind = UNKNOWN_KIND
        data_file.problem = unreadable_message(data_file.original_name)[:300]
        return
    data_file.kind = detected.kind
    data_file.encoding = (detected.encoding or "")[:30]
    if detected.kind == UNKNOWN_KIND:
        data_file.problem = unrecognised_message(data_file.original_name)[:300]


def start_run(
    case: Case, *, actor: User | None, enqueue: Callable[[int], object]
) -> AnalysisRun | None:
    """Record a new analysis of all the case's usable files and hand its id to ``enqueue``
    (the caller's job queue: ``tasks.run_analysis``; a service never imports the tasks, which
    call services). None when no file can be analysed."""
    files = [f for f in DataFile.objects.filter(case=case) if f.usable]
    if not files:
        return None
    with transaction.atomic():
        run = AnalysisRun.objects.create(case=case, started_by=actor)
        run.files.set(files)
    enqueue(run.pk)
    return run


@per_page  # the analysis panel, and on the case page latest_done_run
def latest_run(case: Case) -> AnalysisRun | None:
    return AnalysisRun.objects.filter(case=case).order_by("-created_at", "-id").first()


@per_page
def latest_done_run(case: Case) -> AnalysisRun | None:
    if in_page():  # the page read the latest run already: often it is the answer
        latest = latest_run(case)
        if latest is None:
            return None
        if latest.status == AnalysisRun.Status.DONE:
            return latest
    return (
        AnalysisRun.objects.filter(case=case, status=AnalysisRun.Status.DONE)
        .order_by("-created_at", "-id")
        .first()
    )


def latest_report(case: Case) -> SimpleNamespace | None:
    """The last finished analysis of the case as an object with ``metrics`` and ``findings``
    (lists of the JSON dicts of ``AnalysisReport.to_json()``), or None when none has finished.
    This is what ``reinstate.compose.facts_from`` takes as ``report``.

    Also carries ``sources`` (JSON dicts), ``run_id`` and ``notice_date`` (a date or None).
    """
    run = latest_done_run(case)
    if run is None:
        return None
    report = run.report or {}
    return SimpleNamespace(
        metrics=list(report.get("metrics", [])),
        findings=list(report.get("findings", [])),
        sources=list(report.get("sources", [])),
        run_id=run.pk,
        notice_date=run.notice_date,
    )


def chart_file(run: AnalysisRun, lang: str, name: str) -> Path | None:
    """The chart file of a run, only if the run recorded it (no path from the URL is trusted)."""
    relative = f"{lang}/{name}"
    if relative not in run.charts:
        return None
    path = Path(settings.MEDIA_ROOT) / run.folder() / relative
    return path if path.is_file() else None


def finish_event(run: AnalysisRun) -> None:
    case_services.record(
        run.case,
        CaseEvent.Kind.ANALYSIS,
        run.started_by,
        run=run.pk,
        status=run.status,
        findings=len(run.report.get("findings", [])) if run.report else 0,
    )
