"""The files a bundle record carries besides its own: the page images of an evidence document
and the files attached to a submission. Both are stored under paths this installation made (the
case's id, the document's id), so a record names them by their place in the bundle instead, and
an import stores them again under the new case's paths.

Names read from a bundle are never trusted as paths: a page image must be ``page-<n>.png``, an
attachment's stored name is made safe, and the storage refuses anything outside its root.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage

from reinstate.bundle import Source
from reinstate.codes import SubmissionState
from reinstate_web.evidence.models import EvidenceDocument
from reinstate_web.submissions.models import Submission

FileOpener = Callable[[str], Any]  # a context manager giving IO[bytes]
Written = list[tuple[Any, str]]
_PAGE = re.compile(r"page-[0-9]{1,5}\.png")
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
_FOLDER = re.compile(r"[A-Za-z0-9_-]{1,32}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# A submission still on its way when it was exported belongs to the installation that sends it:
# the copy must never send it again (an imported one that may have gone out says so).
_ON_ITS_WAY = frozenset(
    {
        SubmissionState.QUEUED.value,
        SubmissionState.SENDING.value,
        SubmissionState.TRANSMITTING.value,
    }
)


class FilesError(ValueError):
    """A record's files do not fit what it says it holds (one sentence)."""


def _stored_name(name: str) -> str:
    stem = _UNSAFE.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1])[:120].strip(" ._")
    return stem or "file"


# -- export -----------------------------------------------------------------------------------


def export_previews(
    document: EvidenceDocument, record: dict[str, Any], ref: int, files: list[Source]
) -> None:
    """A document's page images, named ``evidence/<ref>/pages/page-<n>.png``."""
    folder = Path(settings.MEDIA_ROOT) / document.folder()
    names, paths = [], []
    for name in document.previews:
        on_disk = folder / name
        if _PAGE.fullmatch(name) and on_disk.is_file():
            path = f"evidence/{ref}/pages/{name}"
            files.append(Source(path, file=on_disk))
            names.append(name)
            paths.append(path)
    record["previews"] = names
    record["files"] = paths


def export_attachments(
    submission: Submission, record: dict[str, Any], ref: int, files: list[Source]
) -> None:
    """A submission's attached files, named ``submissions/<ref>/files/<n>-<name>``; the
    record's list keeps everything but this installation's storage path."""
    attachments, paths = [], []
    for number, attached in enumerate(submission.attachments, start=1):
        stored = str(attached.get("path") or "")
        if not stored or not default_storage.exists(stored):
            continue
        path = f"submissions/{ref}/files/{number}-{_stored_name(str(attached.get('name')))}"
        files.append(Source(path, file=Path(default_storage.path(stored))))
        attachments.append({k: v for k, v in attached.items() if k != "path"})
        paths.append(path)
    record["attachments"] = attachments
    record["files"] = paths


# -- import -----------------------------------------------------------------------------------


def check_previews(record: Mapping[str, Any], where: str) -> dict[str, Any]:
    paths, names = record.get("files") or [], record.get("previews") or []
    if not isinstance(paths, list) or not isinstance(names, list) or len(paths) != len(names):
        raise FilesError(f"{where}: its page images do not match its files")
    if not all(isinstance(n, str) and _PAGE.fullmatch(n) for n in names):
        raise FilesError(f"{where}: a page image is not named page-<n>.png")
    if not isinstance(record.get("sha256"), str) or not _SHA256.fullmatch(record["sha256"]):
        raise FilesError(f"{where}: its SHA-256 is not 64 hexadecimal digits")
    return {"preview_files": [str(p) for p in paths]}


def check_attachments(record: Mapping[str, Any], where: str) -> dict[str, Any]:
    paths, attached = record.get("files") or [], record.get("attachments") or []
    if not isinstance(paths, list) or not isinstance(attached, list) or len(paths) != len(attached):
        raise FilesError(f"{where}: its attachments do not match its files")
    if not all(isinstance(a, dict) and isinstance(a.get("name"), str) for a in attached):
        raise FilesError(f"{where}: an attachment has no name")
    if not isinstance(record.get("folder"), str) or not _FOLDER.fullmatch(record["folder"]):
        raise FilesError(f"{where}: its folder is not a plain name")
    return {"attachment_files": [str(p) for p in paths]}


def prepare_submission(submission: Submission) -> None:
    """Before the row is written: never a second sender of the same message, never a Message-ID
    another submission here already has (the mailbox threads answers by it)."""
    if submission.state in _ON_ITS_WAY:
        submission.state = SubmissionState.UNCONFIRMED.value
        submission.claimed_at = submission.next_attempt_at = None
    if (
        submission.message_id
        and Submission.objects.filter(message_id=submission.message_id).exists()
    ):
        submission.message_id = ""


def save_previews(
    document: EvidenceDocument,
    extra: Mapping[str, Any],
    files: Callable[[str], Any],
    written: Written,
) -> None:
    for path, name in zip(extra["preview_files"], document.previews, strict=True):
        with files(path) as handle:
            stored = default_storage.save(f"{document.folder()}/{name}", File(handle))
        written.append((default_storage, stored))


def save_attachments(
    submission: Submission,
    extra: Mapping[str, Any],
    files: Callable[[str], Any],
    written: Written,
) -> None:
    kept = []
    for path, attached in zip(extra["attachment_files"], submission.attachments, strict=True):
        target = (
            f"cases/{submission.case_id}/submissions/{submission.folder}/"
            f"{_stored_name(str(attached['name']))}"
        )
        handle: IO[bytes]
        with files(path) as handle:
            stored = default_storage.save(target, File(handle))
        written.append((default_storage, stored))
        kept.append({**attached, "path": stored})
    Submission.objects.filter(pk=submission.pk).update(attachments=kept)
