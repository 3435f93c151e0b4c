"""``reinstate check`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reinstate.cli.main import app

runner = CliRunner()


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_it_prints_the_contract_json(letters_dir: Path) -> None:
    status, out, _ = run(str(letters_dir / "bad" / "template_chinese_seller.txt"), "--json")
    assert status == 0
    payload = json.loads(out)
    assert payload["verdict"] == "not_ready"
    assert {"tone_pleading", "facts_placeholder"} <= {f["code"] for f in payload["findings"]}


def test_it_reads_standard_input_and_explains_in_chinese() -> None:
    letter = b"Root cause: the buyer lied. Please give us a second chance."
    status, out, _ = run("-", "--json", "--lang", "zh-hans", stdin=letter)
    assert status == 0
    messages = [f["message"] for f in json.loads(out)["findings"]]
    assert any("恳求" in m for m in messages)


def test_it_prints_a_readable_report_quoting_the_text(letters_dir: Path) -> None:
    status, out, _ = run(str(letters_dir / "bad" / "missing_prevention.txt"))
    assert status == 0
    assert "fix first" in out
    assert "structure_missing_prevention" in out
    assert "> Corrective actions" in out


def test_it_says_when_a_good_letter_is_ready(letters_dir: Path) -> None:
    status, out, _ = run(str(letters_dir / "good" / "odr.txt"))
    assert status == 0
    assert "100/100" in out
    assert "ready" in out


def test_it_checks_the_notice_asins(letters_dir: Path) -> None:
    pytest.importorskip("reinstate.notices")
    notice = letters_dir / "notices" / "inauthentic_notice.txt"
    letter = letters_dir / "good" / "restricted_product.txt"
    status, out, _ = run(str(letter), "--notice", str(notice), "--json")
    assert status == 0
    missing = [f for f in json.loads(out)["findings"] if f["code"] == "facts_asin_missing"]
    assert sorted(m["message"].split()[1] for m in missing) == ["B09PLK7T4R", "B09PLM2W8X"]
    good = letters_dir / "good" / "inauthentic.txt"
    status, out, _ = run(str(good), "--notice", str(notice), "--json")
    assert json.loads(out)["verdict"] == "ready"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"%PDF-1.4\n\x00\x01binary", "PDF"),
        (bytes(range(256)) * 8, "not a text file"),
    ],
    ids=["empty", "pdf", "binary"],
)
def test_it_stops_with_one_line_on_unreadable_input(
    tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(content)
    status, out, err = run(str(path))
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert words in err
    assert "Traceback" not in err


def test_it_stops_with_one_line_for_a_missing_file_or_a_bad_language(tmp_path: Path) -> None:
    status, _, err = run(str(tmp_path / "nope.txt"))
    assert status == 2
    assert "No such letter file" in err
    letter = tmp_path / "l.txt"
    letter.write_text("Root cause: thin wrap.", encoding="utf-8")
    status, _, err = run(str(letter), "--lang", "fr")
    assert status == 2
    assert "--lang" in err
