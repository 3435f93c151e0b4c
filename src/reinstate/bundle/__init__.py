"""Case bundles: a case exported as one ZIP (manifest.json with a schema version, the original
notice bytes, the diagnosis, findings, every letter version, attachments, correspondence and the
timeline, every file with its SHA-256), verified before anything is read from it, and imported
on another Reinstate installation.

>>> import io
>>> out = io.BytesIO()
>>> _ = write_bundle(out, case={"title": "ODR"}, sections={"notices": [{"file": "n/1.txt"}]},
...                  files=[Source("n/1.txt", data=b"Dear seller")], generator="doctest",
...                  created_at="2026-12-07T10:00:00+00:00")
>>> read_bundle(io.BytesIO(out.getvalue())).manifest.counts()
{'notices': 1}

The core knows the container (paths, ceilings, hashes, schema) and no kind of record: the web
layer writes and reads the sections (``reinstate_web.teams.bundles``); docs/contracts.md
describes them.
"""

from reinstate.bundle.limits import Limits
from reinstate.bundle.model import (
    FORMAT,
    MANIFEST,
    SCHEMA_VERSION,
    BundleError,
    BundleFile,
    Manifest,
    referenced_paths,
)
from reinstate.bundle.paths import safe_path
from reinstate.bundle.reader import Bundle, parse_manifest, read_bundle
from reinstate.bundle.writer import Source, write_bundle

__all__ = [
    "FORMAT",
    "MANIFEST",
    "SCHEMA_VERSION",
    "Bundle",
    "BundleError",
    "BundleFile",
    "Limits",
    "Manifest",
    "Source",
    "parse_manifest",
    "read_bundle",
    "referenced_paths",
    "safe_path",
    "write_bundle",
]
