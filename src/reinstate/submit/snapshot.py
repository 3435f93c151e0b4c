"""The frozen record of what went to Amazon: the text as pasted or sent, the form boxes, and each
attached file's name, size and SHA-256, with one SHA-256 over all of it.

The digest is taken over a canonical JSON form (sorted keys, UTF-8, no spaces), so the same
submission always gives the same digest and any change to a word or a file gives another.

    >>> s = freeze(SubmissionChannel.EMAIL, SubmissionKind.APPEAL, "Dear team", [])
    >>> len(s.sha256)
    64
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from reinstate.codes import SubmissionChannel, SubmissionKind
from reinstate.errors import InputError
from reinstate.submit.guide import attachment_formats

# The first bytes of each file type Amazon accepts (PDF, JPEG, PNG, GIF).
_MAGIC = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
}
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")
MAX_NAME = 120


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_attachment_name(name: str) -> str:
    """A file name fit for a mail header and a folder: no path, no control characters, at most
    120 characters, the extension kept (Chinese names stay Chinese).

    >>> safe_attachment_name("scans/发票:2026.PDF")
    '发票 2026.pdf'
    """
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = " ".join(_UNSAFE_NAME.sub(" ", base).split())
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    extension = extension.strip().lower()[:8]
    stem = stem.strip(". ")[: MAX_NAME - len(extension) - 1] or "document"
    return f"{stem}.{extension}" if extension else stem


def attachment_type(name: str, data: bytes) -> str:
    """The content type of an attachment Amazon accepts; InputError (code ``attachment_type``)
    when the extension is not one of them or the bytes are not what the name says."""
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in attachment_formats() or extension not in _MAGIC:
        raise InputError(
            f"{name}: Amazon takes PDF, JPG, PNG or GIF files only.", code="attachment_type"
        )
    if not data.startswith(_MAGIC[extension]):
        raise InputError(
            f"{name}: the file is not the {extension.upper()} its name says.",
            code="attachment_content",
        )
    return CONTENT_TYPES[extension]


@dataclass(frozen=True, slots=True)
class FrozenFile:
    name: str
    content_type: str
    size: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Exactly what went out. ``sections`` are the form boxes as pasted (empty for a mail)."""

    channel: SubmissionChannel
    kind: SubmissionKind
    text: str
    sections: tuple[tuple[str, str], ...]
    attachments: tuple[FrozenFile, ...]
    subject: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "channel": self.channel.value,
            "kind": self.kind.value,
            "subject": self.subject,
            "text": self.text,
            "sections": [{"box": box, "text": text} for box, text in self.sections],
            "attachments": [a.to_json() for a in self.attachments],
        }

    def canonical(self) -> bytes:
        return json.dumps(
            self.to_json(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")

    @property
    def sha256(self) -> str:
        return file_digest(self.canonical())


def freeze(
    channel: SubmissionChannel,
    kind: SubmissionKind,
    text: str,
    attachments: Iterable[tuple[str, bytes]],
    *,
    sections: Mapping[str, str] | None = None,
    subject: str = "",
) -> Snapshot:
    """Freeze a submission: each attachment is ``(name, bytes)``, checked and hashed."""
    files = []
    for name, data in attachments:
        clean = safe_attachment_name(name)
        files.append(FrozenFile(clean, attachment_type(clean, data), len(data), file_digest(data)))
    return Snapshot(
        channel=channel,
        kind=kind,
        text=text,
        sections=tuple((box, value) for box, value in (sections or {}).items()),
        attachments=tuple(files),
        subject=subject,
    )
