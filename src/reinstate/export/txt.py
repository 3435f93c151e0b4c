"""The letter as plain UTF-8 text, ready to paste into an email."""

from __future__ import annotations

from pathlib import Path

from reinstate.compose.appeal import Appeal
from reinstate.errors import ExportError


def export_txt(appeal: Appeal, path: Path) -> Path:
    try:
        path.write_text(appeal.letter, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}") from exc
    return path
