"""The sections of a case bundle: one per kind of record, each written from and read into its
model field by field.

A record holds the model's own fields (dates as ISO 8601, JSON as it is), its author as an
e-mail address, ``ref`` (its place in its section, oldest first) and, for a link to another
record, that record's ``ref``. Files are named by ``file`` / ``files``. Reading checks every
value against the model's field (type, length, choices) before anything is written, so a
malformed record refuses the whole bundle. A field a newer Reinstate adds is read when this
installation has it and ignored otherwise.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.db import models

from reinstate.bundle import Source
from reinstate_web.accounts.models import User
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.cases.models import Case, CaseEvent, Deadline
from reinstate_web.drafting.models import AnswerSet, Draft, Round
from reinstate_web.drafting.services import drafts_of
from reinstate_web.evidence.models import EvidenceDocument, SellerIdentity
from reinstate_web.notices.models import Notice
from reinstate_web.submissions.models import CaseFollowUp, FollowUpOffer, Submission
from reinstate_web.teams import bundle_files

FileReader = Callable[[str], contextlib.AbstractContextManager[IO[bytes]]]
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
CASE_FIELDS = (
    "title",
    "category",
    "category_confirmed",
    "scope",
    "status",
    "marketplace",
    "created_at",
    "updated_at",
    "submitted_at",
    "answered_at",
)
_ACCOUNT_FIELDS = ("store_name", "merchant_token", "marketplaces", "registered_email")
_IDENTITY_FIELDS = ("legal_name", "other_names", "address", "other_addresses")
# Timeline lines that name another record by its id, and the section of that record.
EVENT_LINKS = {"notice": "notices", "submission": "submissions", "send_again": "submissions"}
# Fields set by the database or the import itself, never copied.
_NEVER = frozenset({"id", "case", "team"})


class RecordError(Exception):
    """A record of the bundle does not fit this installation's models (one sentence)."""


@dataclass(frozen=True)
class Kind:
    """One section: its model, how its records are ordered, who wrote them (user fields), its
    links to records of other sections, its file field (``file_optional``: a record may have
    none), and how its rows reach the case (``case_path``)."""

    name: str
    model: type[models.Model]
    users: tuple[str, ...] = ()
    links: Mapping[str, str] = field(default_factory=dict)
    file_field: str | None = None
    folder: str = ""
    exclude: tuple[str, ...] = ()
    file_optional: bool = False
    case_path: str = "case"


KINDS: tuple[Kind, ...] = (
    Kind("notices", Notice, users=("added_by",), file_field="original", folder="notices"),
    Kind("deadlines", Deadline),
    Kind("data_files", DataFile, users=("uploaded_by",), file_field="file", folder="data"),
    Kind("analysis_runs", AnalysisRun, users=("started_by",), folder="analysis"),
    # Evidence documents as uploaded, with what reading them found and their page images.
    Kind(
        "evidence", EvidenceDocument, users=("uploaded_by",), file_field="file", folder="evidence"
    ),
    Kind("answer_sets", AnswerSet, users=("created_by",)),
    Kind(
        "drafts",
        Draft,
        users=("created_by",),
        links={"parent": "drafts", "answer_set": "answer_sets"},
    ),
    Kind(
        "rounds",
        Round,
        links={"reply": "notices", "previous": "drafts", "revised": "drafts"},
    ),
    # What went to Amazon, frozen: text, boxes, attached files, an e-mail's exact bytes.
    Kind(
        "submissions",
        Submission,
        users=("created_by", "submitted_by"),
        links={"parent": "submissions", "draft": "drafts"},
        file_field="raw_message",
        folder="submissions",
        file_optional=True,
    ),
    Kind(
        "follow_up_offers", FollowUpOffer, links={"appeal": "submissions"}, case_path="appeal__case"
    ),
    Kind("follow_up_wait", CaseFollowUp),
    # The audit log's client addresses and browsers stay on the installation that recorded them.
    Kind("events", CaseEvent, users=("actor",), exclude=("ip", "user_agent")),
)


@dataclass
class Exported:
    case: dict[str, Any]
    sections: dict[str, list[dict[str, Any]]]
    files: list[Source]


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def own_fields(model: type[models.Model], kind: Kind) -> list[models.Field[Any, Any]]:
    """The model's own columns a record carries (not its id, case, links, people or file)."""
    skipped = {*_NEVER, *kind.users, *kind.links, *kind.exclude}
    if kind.file_field:
        skipped.add(kind.file_field)
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in skipped and not f.is_relation and not f.primary_key
    ]


def _safe_name(name: str) -> str:
    stem = _SAFE_NAME.sub("_", PurePosixPath(name).name)[:80].strip("._")
    return stem or "file"


def _rows(kind: Kind, case: Case, user: User | None) -> list[models.Model]:
    if kind.model is Draft:
        return list(drafts_of(case, user).order_by("number"))
    manager = kind.model._default_manager
    return list(manager.filter(**{kind.case_path: case}).order_by("pk"))


def export(case: Case, user: User | None) -> Exported:
    """The case's records and files, as ``user`` sees them."""
    refs: dict[str, dict[int, int]] = {}
    sections: dict[str, list[dict[str, Any]]] = {}
    files: list[Source] = []
    for kind in KINDS:
        rows = _rows(kind, case, user)
        refs[kind.name] = {row.pk: i for i, row in enumerate(rows, start=1)}
        records = []
        for ref, row in enumerate(rows, start=1):
            record: dict[str, Any] = {"ref": ref}
            for column in own_fields(kind.model, kind):
                record[column.name] = _plain(getattr(row, column.attname))
            for name in kind.users:
                person = getattr(row, name)
                record[name] = person.email if person is not None else None
            for name, target in kind.links.items():
                linked = getattr(row, f"{name}_id")
                record[name] = refs.get(target, {}).get(linked) if linked else None
            if kind.file_field:
                stored = getattr(row, kind.file_field)
                if stored:
                    path = f"{kind.folder}/{ref}/{_safe_name(stored.name)}"
                    files.append(Source(path, file=Path(stored.path)))
                    record["file"] = path
                else:
                    record["file"] = None
            if isinstance(row, EvidenceDocument):
                bundle_files.export_previews(row, record, ref, files)
            elif isinstance(row, Submission):
                bundle_files.export_attachments(row, record, ref, files)
            records.append(record)
        sections[kind.name] = records
    _export_runs(case, sections, files, refs)
    _export_events(sections, refs)
    return Exported(case=_case_json(case), sections=sections, files=files)


def _case_json(case: Case) -> dict[str, Any]:
    found: dict[str, Any] = {name: _plain(getattr(case, name)) for name in CASE_FIELDS}
    found["created_by"] = case.created_by.email if case.created_by else None
    found["assignee"] = case.assignee.email if case.assignee else None
    found["account"] = {name: getattr(case.account, name) for name in _ACCOUNT_FIELDS}
    identity = SellerIdentity.objects.filter(account=case.account).first()
    if identity is not None:
        found["account"]["identity"] = {n: getattr(identity, n) for n in _IDENTITY_FIELDS}
    return found


def _export_runs(
    case: Case,
    sections: dict[str, list[dict[str, Any]]],
    files: list[Source],
    refs: dict[str, dict[int, int]],
) -> None:
    """An analysis names its exports by ref (also inside its report) and carries its charts."""
    from django.conf import settings

    data_refs = refs["data_files"]
    runs = {r.pk: r for r in AnalysisRun.objects.filter(case=case).prefetch_related("files")}
    for record, (pk, ref) in zip(
        sections["analysis_runs"], refs["analysis_runs"].items(), strict=True
    ):
        run = runs[pk]
        record["data_files"] = sorted(data_refs[f.pk] for f in run.files.all() if f.pk in data_refs)
        record["report"] = report_refs(record.get("report") or {}, data_refs)
        folder = Path(settings.MEDIA_ROOT) / run.folder()
        charts = []
        for chart in run.charts:
            on_disk = folder / chart
            if on_disk.is_file() and "/" in chart:
                lang, name = chart.split("/", 1)
                path = f"analysis/{ref}/charts/{_safe_name(lang)}/{_safe_name(name)}"
                files.append(Source(path, file=on_disk))
                charts.append(path)
        record["charts"] = [p.split("/charts/", 1)[1] for p in charts]
        record["files"] = charts


def report_refs(report: dict[str, Any], mapping: Mapping[int, int]) -> dict[str, Any]:
    """The report with each source's ``data_file`` id replaced through ``mapping``."""
    if not isinstance(report, dict) or not isinstance(report.get("sources"), list):
        return report
    sources = []
    for source in report["sources"]:
        if isinstance(source, dict) and source.get("data_file") is not None:
            source = {**source, "data_file": mapping.get(source["data_file"])}
        sources.append(source)
    return {**report, "sources": sources}


def _export_events(
    sections: dict[str, list[dict[str, Any]]], refs: dict[str, dict[int, int]]
) -> None:
    """A timeline line names a notice or a submission by ref."""
    for record in sections["events"]:
        data = record.get("data")
        if not isinstance(data, dict):
            continue
        for key, section in EVENT_LINKS.items():
            if isinstance(data.get(key), int) and not isinstance(data[key], bool):
                data = {**data, key: refs[section].get(data[key])}
        record["data"] = data


def account_values(case_json: Mapping[str, Any]) -> dict[str, Any]:
    raw = case_json.get("account")
    account = raw if isinstance(raw, dict) else {}
    values = {
        "store_name": str(account.get("store_name") or "")[:200] or "Imported store",
        "merchant_token": str(account.get("merchant_token") or "")[:40],
        "marketplaces": [str(m)[:2] for m in account.get("marketplaces") or [] if m][:30],
        "registered_email": str(account.get("registered_email") or "")[:254],
    }
    if values["registered_email"] and "@" not in values["registered_email"]:
        values["registered_email"] = ""
    return values


def identity_values(case_json: Mapping[str, Any]) -> dict[str, str] | None:
    """The seller's legal name and address as in Seller Central (evidence is held against
    them), or None when the bundle has none."""
    account = case_json.get("account")
    raw = account.get("identity") if isinstance(account, dict) else None
    if not isinstance(raw, dict):
        return None
    values = {}
    for name in _IDENTITY_FIELDS:
        column = SellerIdentity._meta.get_field(name)
        limit = getattr(column, "max_length", None) or 5000
        values[name] = str(raw.get(name) or "")[:limit]
    return values


def section_names() -> Sequence[str]:
    return [k.name for k in KINDS]
