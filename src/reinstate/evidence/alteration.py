"""Signs that a document was edited after it was issued (warnings, never proof): the PDF names
a PDF editor or an editable format (Word, WPS) as its producer, it was modified well after it
was created, it was saved over itself, or one field mixes two fonts (a figure typed over the
original). Amazon treats edited invoices as forged documents; the fix is always to ask the
issuer for a new original."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from reinstate.evidence.knowledge import knowledge
from reinstate.evidence.model import FieldValue, Problem

_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?")


def pdf_date(value: str | None) -> datetime | None:
    """``D:20251103120000+08'00'`` -> 2025-11-03 12:00:00 (the offset is ignored)."""
    match = _PDF_DATE.match((value or "").strip())
    if not match:
        return None
    parts = [int(p) if p else d for p, d in zip(match.groups(), (0, 1, 1, 0, 0, 0), strict=True)]
    try:
        return datetime(
            parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]
        )  # PDF dates are compared with each other only
    except ValueError:
        return None


def metadata_signs(metadata: dict[str, str], incremental: int) -> list[Problem]:
    kb = knowledge().raw["alteration"]
    signs: list[Problem] = []
    programs = " ".join(metadata.get(k, "") for k in ("Producer", "Creator")).lower()
    editor = next((e for e in kb["editors"] if str(e).lower() in programs), None)
    if editor:
        signs.append(Problem("altered", {"sign": "pdf_editor", "program": programs.strip()[:120]}))
    editable = next((e for e in kb["editable"] if str(e).lower() in programs), None)
    if editable and not editor:
        signs.append(
            Problem("altered", {"sign": "editable_source", "program": programs.strip()[:120]})
        )
    created = pdf_date(metadata.get("CreationDate"))
    modified = pdf_date(metadata.get("ModDate"))
    if created and modified and modified - created > timedelta(days=kb["modified_after_days"]):
        signs.append(
            Problem(
                "altered",
                {
                    "sign": "modified_after_creation",
                    "created": created.date().isoformat(),
                    "modified": modified.date().isoformat(),
                },
            )
        )
    if incremental > 0:
        signs.append(Problem("altered", {"sign": "saved_again", "times": incremental}))
    return signs


def font_signs(fields: dict[str, FieldValue]) -> list[Problem]:
    """A date, name or quantity whose characters come from more than one font family."""
    signs = []
    for name, value in fields.items():
        if len(value.fonts) > 1:
            signs.append(
                Problem(
                    "altered",
                    {"sign": "mixed_fonts", "field": name, "fonts": list(value.fonts),
                     "text": value.text[:80], "box": list(value.box or ())},
                    page=value.page,
                )
            )  # fmt: skip
    return signs
