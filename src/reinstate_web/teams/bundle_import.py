"""Reading a bundle's records into this installation: every record checked against its model
field by field (type, length, choices, validators) and turned into an unsaved row first
(:func:`plan_import`, ``RecordError`` on the first problem), then written in one go
(:meth:`ImportPlan.save`, inside the caller's transaction). Links between records are refs into
the sections already written; people are the importing organisation's members, by e-mail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models

from reinstate.bundle import Manifest
from reinstate_web.accounts.models import User
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.cases.models import Case, CaseEvent, SellerAccount
from reinstate_web.evidence.models import EvidenceDocument
from reinstate_web.submissions.models import Submission
from reinstate_web.teams import bundle_files
from reinstate_web.teams.bundle_sections import (
    CASE_FIELDS,
    EVENT_LINKS,
    KINDS,
    FileReader,
    Kind,
    RecordError,
    own_fields,
    report_refs,
)


def _value(column: models.Field[Any, Any], raw: Any, where: str) -> Any:
    try:
        value = column.to_python(raw)
    except ValidationError as exc:
        raise RecordError(
            f"{where}: {column.name} is not valid ({'; '.join(exc.messages)})"
        ) from exc
    if value is None:
        if not column.null:
            raise RecordError(f"{where}: {column.name} is missing")
        return None
    choices = [c[0] for c in column.flatchoices] if column.choices else []
    if choices and value not in choices and not (value == "" and column.blank):
        raise RecordError(f"{where}: {column.name} {str(value)[:40]!r} is not one of its choices")
    if value not in column.empty_values:
        try:
            column.run_validators(value)
        except ValidationError as exc:
            raise RecordError(f"{where}: {column.name}: {'; '.join(exc.messages)}") from exc
    return value


@dataclass
class Row:
    kind: Kind
    ref: int
    instance: models.Model
    users: dict[str, str | None]
    links: dict[str, int | None]
    file: str | None
    extra: dict[str, Any]


@dataclass
class ImportPlan:
    case_values: dict[str, Any]
    case_people: dict[str, str | None]
    rows: list[Row]
    members: Mapping[str, User]
    unknown_people: set[str]

    def person(self, email: str | None) -> User | None:
        return self.members.get(email.lower()) if email else None

    def save(
        self, account: SellerAccount, files: FileReader, written: list[tuple[Any, str]]
    ) -> Case:
        """Write the case, its rows and its files (inside the caller's transaction; the files
        written are added to ``written`` so the caller can remove them on failure)."""
        case = Case.objects.create(
            account=account,
            created_by=self.person(self.case_people["created_by"]),
            assignee=self.person(self.case_people["assignee"]),
            **{k: v for k, v in self.case_values.items() if k not in ("created_at", "updated_at")},
        )
        saved: dict[str, dict[int, models.Model]] = {k.name: {} for k in KINDS}
        for row in self.rows:
            instance = row.instance
            if row.kind.case_path == "case":
                instance.case = case  # type: ignore[attr-defined]
            for name, email in row.users.items():
                setattr(instance, name, self.person(email))
            for name, ref in row.links.items():
                target = row.kind.links[name]
                setattr(instance, name, saved[target].get(ref) if ref else None)
            if row.kind.model is AnalysisRun:
                instance.report = report_refs(  # type: ignore[attr-defined]
                    row.extra["report"],
                    {ref: f.pk for ref, f in saved["data_files"].items()},
                )
            if row.kind.model is CaseEvent and row.extra.get("links"):
                linked = {
                    key: getattr(saved[EVENT_LINKS[key]].get(ref), "pk", None)
                    for key, ref in row.extra["links"].items()
                }
                instance.data = {**instance.data, **linked}  # type: ignore[attr-defined]
            if isinstance(instance, Submission):
                bundle_files.prepare_submission(instance)
            if row.file and row.kind.file_field:
                stored = getattr(instance, row.kind.file_field)
                with files(row.file) as handle:
                    stored.save(PurePosixPath(row.file).name, File(handle), save=False)
                written.append((stored.storage, stored.name))
            instance.save(force_insert=True)
            saved[row.kind.name][row.ref] = instance
            if row.kind.model is AnalysisRun:
                _save_run_extras(instance, row, saved, files, written)  # type: ignore[arg-type]
            elif isinstance(instance, EvidenceDocument):
                bundle_files.save_previews(instance, row.extra, files, written)
            elif isinstance(instance, Submission):
                bundle_files.save_attachments(instance, row.extra, files, written)
            self._keep_times(instance, row)
        stamps = {
            k: self.case_values[k] for k in ("created_at", "updated_at") if self.case_values.get(k)
        }
        if stamps:
            Case.objects.filter(pk=case.pk).update(**stamps)
        case.refresh_from_db()
        return case

    @staticmethod
    def _keep_times(instance: models.Model, row: Row) -> None:
        """Times set on insert (``auto_now_add``) get the bundle's values back."""
        wanted = {k: v for k, v in row.extra.get("times", {}).items() if v}
        if wanted:
            type(instance)._default_manager.filter(pk=instance.pk).update(**wanted)


def _save_run_extras(
    run: AnalysisRun,
    row: Row,
    saved: dict[str, dict[int, models.Model]],
    files: FileReader,
    written: list[tuple[Any, str]],
) -> None:
    run.files.set([cast(DataFile, saved["data_files"][ref]) for ref in row.extra["data_files"]])
    charts = []
    for path, chart in zip(row.extra["chart_files"], row.extra["charts"], strict=True):
        with files(path) as handle:
            name = default_storage.save(f"{run.folder()}/{chart}", File(handle))
        written.append((default_storage, name))
        charts.append(chart)
    AnalysisRun.objects.filter(pk=run.pk).update(charts=charts)


def _ref(raw: Any, size: int, where: str) -> int | None:
    if raw is None:
        return None
    if not isinstance(raw, int) or isinstance(raw, bool) or not 1 <= raw <= size:
        raise RecordError(f"{where}: a link to a record that is not in the bundle")
    return raw


def _email(raw: Any, where: str) -> str | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or "@" not in raw or len(raw) > 254:
        raise RecordError(f"{where}: a person is not an e-mail address")
    return raw


def plan_import(manifest: Manifest, members: Mapping[str, User]) -> ImportPlan:
    """Every record checked and turned into an unsaved row; RecordError on the first problem."""
    case_json = manifest.case
    case_values: dict[str, Any] = {}
    for name in CASE_FIELDS:
        column = Case._meta.get_field(name)
        if name in case_json:
            case_values[name] = _value(column, case_json[name], "case")  # type: ignore[arg-type]
    if not case_values.get("status"):
        raise RecordError("case: status is missing")
    case_people = {
        "created_by": _email(case_json.get("created_by"), "case"),
        "assignee": _email(case_json.get("assignee"), "case"),
    }
    sizes = {k.name: len(manifest.sections.get(k.name, ())) for k in KINDS}
    rows: list[Row] = []
    people: set[str] = {p for p in case_people.values() if p}
    for kind in KINDS:
        for index, record in enumerate(manifest.sections.get(kind.name, ()), start=1):
            where = f"{kind.name} {index}"
            row = _row(kind, record, index, sizes, where)
            people.update(p for p in row.users.values() if p)
            rows.append(row)
    unknown = {p for p in people if p.lower() not in members}
    return ImportPlan(case_values, case_people, rows, members, unknown)


def _row(
    kind: Kind, record: Mapping[str, Any], index: int, sizes: Mapping[str, int], where: str
) -> Row:
    if record.get("ref") != index:
        raise RecordError(f"{where}: its ref is not its place in the section")
    instance = kind.model()
    times: dict[str, Any] = {}
    for column in own_fields(kind.model, kind):
        if column.name not in record:
            continue
        value = _value(column, record[column.name], where)
        setattr(instance, column.attname, value)
        if getattr(column, "auto_now_add", False) or getattr(column, "auto_now", False):
            times[column.name] = value
    users = {name: _email(record.get(name), where) for name in kind.users}
    links = {
        name: _ref(record.get(name), sizes[target], where) for name, target in kind.links.items()
    }
    for name, target in kind.links.items():
        if links[name] is None and not getattr(kind.model._meta.get_field(name), "null", True):
            raise RecordError(f"{where}: its {name} is missing")
        # A link inside the section (a version's parent) points at a record written before.
        if target == kind.name and links[name] is not None and links[name] >= index:  # type: ignore[operator]
            raise RecordError(f"{where}: its {name} comes after it")
    file = record.get("file") if kind.file_field else None
    if kind.file_field and not isinstance(file, str) and not (kind.file_optional and file is None):
        raise RecordError(f"{where}: its file is missing")
    extra: dict[str, Any] = {"times": times}
    try:
        if kind.model is AnalysisRun:
            extra.update(_run_extra(record, sizes["data_files"], where))
        elif kind.model is EvidenceDocument:
            extra.update(bundle_files.check_previews(record, where))
        elif kind.model is Submission:
            extra.update(bundle_files.check_attachments(record, where))
    except bundle_files.FilesError as exc:
        raise RecordError(str(exc)) from exc
    if kind.model is CaseEvent:
        data = record.get("data")
        if isinstance(data, dict):
            extra["links"] = {
                key: _ref(data.get(key), sizes[section], where)
                for key, section in EVENT_LINKS.items()
                if data.get(key) is not None
            }
    return Row(kind, index, instance, users, links, file, extra)


def _run_extra(record: Mapping[str, Any], data_files: int, where: str) -> dict[str, Any]:
    refs = record.get("data_files") or []
    if not isinstance(refs, list):
        raise RecordError(f"{where}: data_files is not a list")
    chart_files = record.get("files") or []
    charts = record.get("charts") or []
    if (
        not isinstance(chart_files, list)
        or not isinstance(charts, list)
        or len(charts) != len(chart_files)
    ):
        raise RecordError(f"{where}: its charts do not match its files")
    for chart in charts:
        parts = str(chart).split("/")
        if len(parts) != 2 or any(not p or p in (".", "..") for p in parts):
            raise RecordError(f"{where}: a chart name is not <language>/<file>")
    report = record.get("report") or {}
    if not isinstance(report, dict):
        raise RecordError(f"{where}: its report is not an object")
    return {
        "data_files": [_ref(r, data_files, where) for r in refs],
        "chart_files": [str(p) for p in chart_files],
        "charts": [str(c) for c in charts],
        "report": report,
    }
