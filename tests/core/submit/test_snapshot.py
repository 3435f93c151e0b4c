"""The frozen record of what went out: stable digests, checked and hashed files."""

from __future__ import annotations

import hashlib

import pytest

from reinstate.codes import SubmissionChannel, SubmissionKind
from reinstate.errors import InputError
from reinstate.submit import freeze
from reinstate.submit.snapshot import attachment_type, safe_attachment_name

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def _freeze(
    text: str = "Root cause\nWe shipped late.", files: list[tuple[str, bytes]] | None = None
):  # type: ignore[no-untyped-def]
    return freeze(
        SubmissionChannel.ACCOUNT_HEALTH_FORM,
        SubmissionKind.APPEAL,
        text,
        files if files is not None else [("invoice.pdf", PDF)],
        sections={"root_cause": "We shipped late."},
    )


def test_it_gives_the_same_digest_for_the_same_submission() -> None:
    assert _freeze().sha256 == _freeze().sha256
    assert len(_freeze().sha256) == 64


def test_it_gives_another_digest_when_one_character_or_one_file_byte_changes() -> None:
    base = _freeze().sha256
    assert _freeze(text="Root cause\nWe shipped late!").sha256 != base
    assert _freeze(files=[("invoice.pdf", PDF + b" ")]).sha256 != base
    assert _freeze(files=[]).sha256 != base


def test_it_keeps_each_files_name_size_type_and_sha256() -> None:
    snapshot = _freeze(files=[("scan/发票 1.PDF", PDF), ("photo.png", PNG)])
    first, second = snapshot.attachments
    assert first.name == "发票 1.pdf"
    assert first.size == len(PDF)
    assert first.sha256 == hashlib.sha256(PDF).hexdigest()
    assert first.content_type == "application/pdf"
    assert second.content_type == "image/png"
    assert snapshot.to_json()["attachments"][0]["sha256"] == first.sha256


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("letter.docx", b"PK\x03\x04", "attachment_type"),
        ("invoice.pdf", b"PK\x03\x04 a renamed Word file", "attachment_content"),
        ("photo.jpg", PNG, "attachment_content"),
        ("no-extension", PDF, "attachment_type"),
    ],
)
def test_it_refuses_a_file_amazon_does_not_take(name: str, data: bytes, code: str) -> None:
    with pytest.raises(InputError) as caught:
        attachment_type(safe_attachment_name(name), data)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\li\\Invoice.PDF", "Invoice.pdf"),
        ("a\r\nBcc: x@y.com.pdf", "a Bcc x@y.com.pdf"),
        ("." * 3 + ".pdf", "document.pdf"),
    ],
)
def test_it_makes_file_names_safe_for_headers_and_folders(raw: str, clean: str) -> None:
    assert safe_attachment_name(raw) == clean


def test_it_shortens_a_very_long_file_name_keeping_its_extension() -> None:
    name = safe_attachment_name("x" * 500 + ".pdf")
    assert len(name) <= 120
    assert name.endswith(".pdf")
