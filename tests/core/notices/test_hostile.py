"""Hostile and careless messages (issue 13): each is read correctly or refused with one clear
line, in bounded time and memory, never with a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reinstate.errors import InputError
from reinstate.notices import diagnose_bytes, diagnose_text, diagnosis_from_json, read_message
from tests.core.analysis.hostile_files import measure
from tests.core.cli_process import run_reinstate

NOTICE = (
    "Your Amazon seller account has been deactivated because we received complaints about the "
    "authenticity of items you listed."
)
CHINESE = (
    "您的亚马逊卖家账户已被停用。我们收到了买家关于您销售的商品真实性的投诉。请提供供应商发票。"
)


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return run_reinstate(*args, stdin=stdin)


def _nested_forwards(levels: int) -> bytes:
    message = b"Content-Type: text/plain\r\n\r\n" + NOTICE.encode() + b"\r\n"
    for level in range(levels):
        boundary = f"b{level}".encode()
        message = (
            b"Content-Type: multipart/mixed; boundary="
            + boundary
            + b"\r\n\r\n--"
            + boundary
            + b"\r\nContent-Type: message/rfc822\r\n\r\nFrom: x@example.com\r\nSubject: Fwd\r\n"
            + message
            + b"\r\n--"
            + boundary
            + b"--\r\n"
        )
    return b"From: seller@example.com\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n" + message


def test_a_mail_of_500_nested_forwards_is_refused_before_parsing() -> None:
    with pytest.raises(InputError, match="inside each other"):
        read_message(_nested_forwards(500), "nested.eml")


def test_the_command_refuses_it_with_one_line(tmp_path: Path) -> None:
    mail = tmp_path / "nested.eml"
    mail.write_bytes(_nested_forwards(500))
    result = _run("diagnose", str(mail))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_a_notice_forwarded_a_few_times_is_still_read() -> None:
    assert diagnose_bytes(_nested_forwards(5), "fwd.eml").category is not None


def test_deeply_nested_html_is_read_not_called_empty() -> None:
    page = "<div>" * 100_000 + NOTICE + "</div>" * 100_000
    result = diagnose_bytes(page.encode(), "notice.html")
    assert "authenticity" in result.text


@pytest.mark.parametrize("codec", ["utf-16-be", "utf-16-le"])
def test_chinese_utf16_without_a_byte_order_mark_is_text(codec: str) -> None:
    result = diagnose_bytes((CHINESE + "\n").encode(codec), "notice.txt")
    assert result.language == "zh"
    assert result.category is not None
    assert result.category.value == "inauthentic"


def test_a_multipart_mail_without_a_boundary_is_read_as_text() -> None:
    mail = (
        b"From: seller-performance@amazon.com\r\nSubject: Notice\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/alternative\r\n\r\n" + NOTICE.encode() + b"\r\n"
    )
    result = diagnose_bytes(mail, "notice.eml")
    assert "authenticity" in result.text
    assert any("without a boundary" in w for w in result.warnings)


def test_a_huge_paste_is_read_in_its_first_part_and_says_so() -> None:
    result = diagnose_text(NOTICE + " " + "a1b2-" * 600_000 + " ASIN: B0C1234567")
    assert result.category is not None
    assert result.category.value == "inauthentic"
    assert "B0C1234567" in result.asins  # identifiers are taken from all of it
    assert any("first 100,000 characters" in w for w in result.warnings)


def test_standard_input_is_read_up_to_the_limit_only(tmp_path: Path) -> None:
    # Measured from a small launcher: this test worker's other children (some use 1 GB on
    # purpose) must not count.
    zeros = tmp_path / "zeros"
    with zeros.open("wb") as handle:
        handle.truncate(5_000_000)
    command = (
        f"exec {sys.executable} -c 'from reinstate.cli.main import run; run()' check - < {zeros}"
    )
    run = measure(["sh", "-c", command], timeout=60)
    assert run.status == 2
    assert run.stderr.startswith("reinstate: error: ")
    assert run.peak_mb < 500


def test_a_folder_and_a_special_file_get_clear_lines(tmp_path: Path) -> None:
    folder = _run("diagnose", str(tmp_path))
    assert "is a folder" in folder.stderr
    special = _run("check", "/dev/zero")
    assert special.returncode == 2
    assert "not a regular file" in special.stderr


def test_a_file_over_the_limit_names_its_real_size(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (11 * 1024 * 1024))
    result = _run("diagnose", str(big))
    assert result.returncode == 2
    assert "11.0 MB" in result.stderr


@pytest.mark.parametrize(
    "shape", ["a1b2-", "amazon.", "a.", "a@a.", "<", "abcdefghij", "的是"], ids=repr
)
def test_a_megabyte_single_line_of_any_shape_is_read_in_bounded_time(
    shape: str, tmp_path: Path
) -> None:
    paste = tmp_path / "paste.txt"
    paste.write_text((shape * (1_000_000 // len(shape)))[:1_000_000], encoding="utf-8")
    # The bound is far above a linear reading (about a second): catastrophic backtracking on
    # one such line took minutes.
    result = run_reinstate("diagnose", str(paste), timeout=60)
    assert result.returncode in (0, 2)
    assert "Traceback" not in result.stderr


def test_a_stored_diagnosis_reads_back_whole() -> None:
    result = diagnose_text(NOTICE + " Send invoices within 17 days. ASIN: B0C1234567")
    again = diagnosis_from_json(json.loads(json.dumps(result.to_json())), result.text)
    first, second = result.to_json(), again.to_json()
    first.pop("parts")
    second.pop("parts")
    assert first == second
