"""Exports of a composed appeal: plain text, Word, PDF and the bilingual PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from reinstate.compose import Appeal, KnowledgeBase, compose
from reinstate.compose.text import has_chinese
from reinstate.errors import ExportError
from reinstate.export import export, export_bilingual_pdf, export_docx, export_pdf, export_txt
from reinstate.export.pdf import bilingual_html, letter_html
from tests.core.compose.cases import FIXTURE_KB, late_shipment_case


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_directory(FIXTURE_KB)


@pytest.fixture(scope="module")
def appeal(kb: KnowledgeBase) -> Appeal:
    return compose(late_shipment_case(), kb=kb)


def _letter_lines(appeal: Appeal) -> list[str]:
    return [line for line in appeal.letter.splitlines() if line]


def _pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (Debian poppler-utils) is needed to read the PDF back")
    result = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def test_it_writes_the_letter_as_plain_text(appeal: Appeal, tmp_path: Path) -> None:
    path = export_txt(appeal, tmp_path / "letter.txt")
    assert path.read_bytes() == appeal.letter.encode("utf-8")


def test_it_writes_every_line_of_the_letter_to_word(appeal: Appeal, tmp_path: Path) -> None:
    import docx

    path = export_docx(appeal, tmp_path / "letter.docx")
    paragraphs = [p.text.replace("\t", " ") for p in docx.Document(str(path)).paragraphs]
    for line in _letter_lines(appeal):
        bare = line[2:] if line.startswith("- ") else line
        assert bare in paragraphs, bare
    assert not any(has_chinese(p) for p in paragraphs)


def test_it_numbers_each_word_list_from_one(appeal: Appeal, tmp_path: Path) -> None:
    import docx

    path = export_docx(appeal, tmp_path / "letter.docx")
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    attachments = texts[texts.index("Attachments") :]
    assert any(t.startswith("1.\tOrder details") for t in attachments)


def test_it_writes_the_letter_as_a_pdf(appeal: Appeal, tmp_path: Path) -> None:
    path = export_pdf(appeal, tmp_path / "letter.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    text = " ".join(_pdf_text(path).split())
    for line in _letter_lines(appeal):
        assert " ".join(line.removeprefix("- ").split()) in text


def test_it_builds_the_letter_page_from_the_letter_only(appeal: Appeal) -> None:
    html = letter_html(appeal)
    assert "B0D2468101" in html
    assert not has_chinese(html)


def test_it_puts_each_sentence_beside_its_chinese_meaning(
    appeal: Appeal, kb: KnowledgeBase
) -> None:
    html = bilingual_html(appeal, kb)
    for en, zh in appeal.mirror.pairs:
        assert en.replace("'", "&#39;") in html
        assert zh.replace("'", "&#39;") in html
    assert 'lang="zh-Hans"' in html


def test_it_writes_the_bilingual_pdf_with_the_chinese_font(
    appeal: Appeal, kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = export_bilingual_pdf(appeal, tmp_path / "record.pdf", kb=kb)
    text = _pdf_text(path)
    assert "根本原因" in text
    assert "Root cause" in text
    fonts = shutil.which("pdffonts")
    if fonts is not None:
        listing = subprocess.run([fonts, str(path)], capture_output=True, check=True).stdout
        assert b"WenQuanYi-Micro-Hei" in listing


def test_it_picks_the_format_from_the_file_name(appeal: Appeal, tmp_path: Path) -> None:
    assert export(appeal, tmp_path / "a.TXT").read_text(encoding="utf-8") == appeal.letter
    with pytest.raises(ExportError, match=r"\.docx, \.pdf or \.txt"):
        export(appeal, tmp_path / "a.odt")


def test_it_says_when_it_cannot_write(appeal: Appeal, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "letter.txt"
    with pytest.raises(ExportError, match="Cannot write"):
        export_txt(appeal, missing)
