"""The Word letter and the PDF letter print on the same page: same size, same margins."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from reinstate_web.cases.models import Case
from tests.web.drafting_helpers import compose, make_inauthentic

pytestmark = pytest.mark.django_db

POINTS_PER_MM = 72 / 25.4


def _download(client: Client, case: Case, name: str) -> bytes:
    response = client.get(reverse(f"drafting:{name}", kwargs={"pk": case.pk}))
    assert response.status_code == 200
    return bytes(response.content)


def _pdf_page_mm(pdf: bytes, folder: Path) -> tuple[float, float]:
    """The first page's size, read by poppler's pdfinfo ("Page size: 595.276 x 841.89 pts")."""
    path = folder / "letter.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None, info
    return float(size.group(1)) / POINTS_PER_MM, float(size.group(2)) / POINTS_PER_MM


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils: make test")
def test_it_gives_the_word_and_pdf_letters_the_same_page(
    case: Case, owner_client: Client, tmp_path: Path
) -> None:
    from docx import Document

    make_inauthentic(case)
    compose(owner_client, case)
    width, height = _pdf_page_mm(_download(owner_client, case, "download_pdf"), tmp_path)
    document = Document(io.BytesIO(_download(owner_client, case, "download_docx")))
    for section in document.sections:
        assert section.page_width is not None
        assert section.page_height is not None
        assert section.page_width.mm == pytest.approx(width, abs=0.5)
        assert section.page_height.mm == pytest.approx(height, abs=0.5)
        # The PDF's margins (reinstate/export/page.py): 22 mm at the top, 20 mm elsewhere.
        margins = (section.top_margin, section.right_margin, section.bottom_margin)
        assert [m.mm if m is not None else None for m in margins] == pytest.approx(
            [22, 20, 20], abs=0.1
        )
    assert (round(width), round(height)) == (210, 297)  # A4, not US Letter (216 x 279)
