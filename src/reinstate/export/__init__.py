"""Export a composed appeal: DOCX, PDF, a bilingual PDF for the seller's records, plain text.

>>> from pathlib import Path
>>> export(appeal, Path("letter.pdf"))  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from reinstate.compose.appeal import Appeal
from reinstate.errors import ExportError
from reinstate.export.docx import export_docx
from reinstate.export.pdf import export_bilingual_pdf, export_pdf
from reinstate.export.txt import export_txt

FORMATS = (".docx", ".pdf", ".txt")


def export(appeal: Appeal, path: Path) -> Path:
    """Write the letter in the format the file name asks for (.docx, .pdf or .txt)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return export_docx(appeal, path)
    if suffix == ".pdf":
        return export_pdf(appeal, path)
    if suffix == ".txt":
        return export_txt(appeal, path)
    raise ExportError(f"Cannot write `{path.name}`: use a .docx, .pdf or .txt file name.")


__all__ = ["FORMATS", "export", "export_bilingual_pdf", "export_docx", "export_pdf", "export_txt"]
