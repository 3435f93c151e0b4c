"""The English letter as a Word document (python-docx), laid out like the PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reinstate.compose.appeal import Appeal
from reinstate.errors import ExportError
from reinstate.export.elements import Element, elements
from reinstate.export.page import PAGE

FONT = "Arial"


def _paragraph(document: Any, text: str, *, bold: bool = False, space_after: int = 8) -> None:
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    paragraph.paragraph_format.space_after = Pt(space_after)


def _list(document: Any, element: Element) -> None:
    from docx.shared import Pt

    for index, line in enumerate(element.lines):
        last = index == len(element.lines) - 1
        if element.ordered or line.number not in ("", "-"):
            # Numbers are written as text: Word's automatic numbering would continue from one
            # list to the next (root causes 1-2, then attachments 3-4).
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{line.number}\t{line.en}")
            fmt = paragraph.paragraph_format
            fmt.left_indent = Pt(18)
            fmt.first_line_indent = Pt(-18)
            fmt.tab_stops.add_tab_stop(Pt(18))
        else:
            paragraph = document.add_paragraph(line.en, style="List Bullet")
        paragraph.paragraph_format.space_after = Pt(8 if last else 3)


def _page_setup(document: Any) -> None:
    """The PDF's page: python-docx's default template is US Letter with 1-inch margins."""
    from docx.shared import Mm

    for section in document.sections:
        section.page_width = Mm(PAGE.width_mm)
        section.page_height = Mm(PAGE.height_mm)
        section.top_margin = Mm(PAGE.top_mm)
        section.right_margin = Mm(PAGE.right_mm)
        section.bottom_margin = Mm(PAGE.bottom_mm)
        section.left_margin = Mm(PAGE.left_mm)


def export_docx(appeal: Appeal, path: Path) -> Path:
    """Write the letter to ``path`` (.docx)."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    _page_setup(document)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    document.core_properties.title = "Plan of Action"
    for element in elements(appeal.blocks, appeal.lang):
        if element.kind == "reference":
            for index, line in enumerate(element.lines):
                last = index == len(element.lines) - 1
                _paragraph(document, line.en, bold=index == 0, space_after=10 if last else 0)
        elif element.kind == "heading":
            _paragraph(document, element.line.en, bold=True, space_after=4)
        elif element.kind == "group":
            _paragraph(document, element.line.en, bold=True, space_after=2)
        elif element.kind == "list" or element.line.number:
            _list(document, element)
        elif element.kind == "closing":
            _paragraph(document, element.line.en, space_after=0)
        else:
            _paragraph(document, element.line.en)
    try:
        document.save(str(path))
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}") from exc
    return path
