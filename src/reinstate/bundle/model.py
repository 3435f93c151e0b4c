"""The bundle's format: its name, schema version, the manifest's shape and the error it raises.

A bundle is a ZIP file with ``manifest.json`` and the case's files. The manifest::

    {
      "format": "reinstate-case-bundle",
      "schema": 1,
      "created_at": "2026-12-07T10:00:00+00:00",
      "generator": "reinstate 0.1.0",
      "case": {"title": "...", "category": "inauthentic", ...},
      "sections": {"notices": [{..., "file": "notices/1/original.eml"}], "drafts": [...], ...},
      "files": [{"path": "notices/1/original.eml", "size": 2048, "sha256": "..."}]
    }

A section is a list of records (JSON objects), one section per kind of record; a record names
its files by ``file`` (one path) or ``files`` (a list of paths), and every file of the ZIP but
the manifest is listed once in ``files`` with its size and SHA-256. docs/contracts.md describes
each section's records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reinstate.errors import InputError

FORMAT = "reinstate-case-bundle"
SCHEMA_VERSION = 1
MANIFEST = "manifest.json"


class BundleError(InputError):
    """The bundle is refused: unsafe, malformed, too large, of another schema or altered.
    ``code`` names the reason (``bundle_not_zip``, ``bundle_path``, ``bundle_link``,
    ``bundle_too_many``, ``bundle_too_large``, ``bundle_ratio``, ``bundle_schema_newer``,
    ``bundle_schema``, ``bundle_manifest``, ``bundle_hash``, ``bundle_missing``,
    ``bundle_unlisted``, ``bundle_encrypted``, ``bundle_method``)."""


@dataclass(frozen=True, slots=True)
class BundleFile:
    """One file of the bundle as the manifest lists it (``verified``: its bytes were read and
    their SHA-256 matched)."""

    path: str
    size: int
    sha256: str
    verified: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "size": self.size,
            "sha256": self.sha256,
            "verified": self.verified,
        }


@dataclass(frozen=True, slots=True)
class Manifest:
    schema: int
    created_at: str
    generator: str
    case: Mapping[str, Any]
    sections: Mapping[str, tuple[Mapping[str, Any], ...]]
    files: tuple[BundleFile, ...]
    extra: Mapping[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """How many records each section holds."""
        return {name: len(records) for name, records in self.sections.items()}

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "schema": self.schema,
            "created_at": self.created_at,
            "generator": self.generator,
            "case": dict(self.case),
            "sections": {name: [dict(r) for r in rows] for name, rows in self.sections.items()},
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
        }


def referenced_paths(record: Mapping[str, Any]) -> list[str]:
    """The files a record names (``file``, ``files``)."""
    found: list[str] = []
    single = record.get("file")
    if isinstance(single, str) and single:
        found.append(single)
    many = record.get("files")
    if isinstance(many, list):
        found.extend(p for p in many if isinstance(p, str) and p)
    return found
