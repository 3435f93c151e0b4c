"""``reinstate draft`` end to end: a real notice file, an answers file, every output format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reinstate.cli.main import app
from reinstate.compose.text import has_chinese

NOTICES = Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "notices"
NOTICE = NOTICES / "inauthentic.eml"
ANSWERS = NOTICES / "inauthentic-answers.yaml"
BASE = ["draft", "--notice", str(NOTICE), "--answers", str(ANSWERS), "--store", "Brightpath"]


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_it_prints_the_draft_as_contract_json() -> None:
    code, out, _ = _run(*BASE, "--json")
    assert code == 0
    data = json.loads(out)
    assert {"sections", "letter", "mirror", "facts_used", "open_questions", "attachments"} <= set(
        data
    )
    assert data["category"] == "inauthentic"
    boxes = " ".join(s["text"] for s in data["sections"].values())
    assert "B0C1234567" in boxes
    assert "B0C7654321" in boxes
    assert "1,840 units" in boxes  # the figure given as fact:units_sold_365d
    assert not has_chinese(data["letter"])
    assert data["letter"].count("This issue was caused by failures in our own processes") == 1
    assert [q for q in data["open_questions"] if not q["optional"]] == []
    codes = [a["code"] for a in data["attachments"] if a["in_letter"]]
    assert "invoices" in codes  # the notice asks for them
    assert all(pair["zh"] for pair in data["mirror"]["pairs"])


def test_it_mirrors_in_traditional_chinese() -> None:
    code, out, _ = _run(*BASE, "--json", "--lang", "zh-hant")
    assert code == 0
    assert json.loads(out)["mirror"]["language"] == "zh-hant"


def test_it_writes_the_in_error_variant() -> None:
    code, out, _ = _run(*BASE, "--json", "--in-error")
    assert code == 0
    data = json.loads(out)
    assert data["in_error"] is True
    assert "Statement of compliance" in data["letter"]


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".txt"])
def test_it_writes_the_letter_to_a_file(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"letter{suffix}"
    code, out, _ = _run(*BASE, "--out", str(target))
    assert code == 0, out
    assert target.stat().st_size > 1000
    assert "Wrote" in out


def test_it_writes_the_bilingual_record(tmp_path: Path) -> None:
    target = tmp_path / "record.pdf"
    code, _, _ = _run(*BASE, "--out", str(tmp_path / "letter.txt"), "--bilingual", str(target))
    assert code == 0
    assert target.read_bytes().startswith(b"%PDF")


def test_it_shows_the_sections_and_the_open_questions(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"supplier_name": "深圳华科"}), encoding="utf-8")
    code, out, _ = _run("draft", "--notice", str(NOTICE), "--answers", str(answers))
    assert code == 0
    assert "Root cause" in out
    assert "B0C1234567" in out
    assert "还需补充" in out  # the open questions, in the seller's language
    assert "深圳华科" not in out.split("还需补充")[0]  # never pasted into the English


def test_it_reads_the_sellers_exports(tmp_path: Path) -> None:
    code, out, _ = _run(*BASE, "--json", "--data", str(NOTICES / "feedback.txt"))
    assert code == 0
    assert json.loads(out)["sections"]["root_cause"]["chars"] > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["draft", "--notice", "/no/such/notice.eml"], "No such notice file"),
        ([*BASE, "--lang", "fr"], "--lang must be zh-hans or zh-hant"),
        ([*BASE, "--out", "letter.odt"], ".docx, .pdf or .txt"),
        ([*BASE, "--data", "/no/such/export.txt"], "No such data file"),
        ([*BASE, "--json", "--out", "x.txt"], "either --json or --out"),
    ],
)
def test_it_fails_with_one_line_for_bad_input(args: list[str], message: str) -> None:
    code, _, err = _run(*args)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_it_fails_on_an_unreadable_answers_file(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("- just\n- a list\n", encoding="utf-8")
    code, _, err = _run("draft", "--notice", str(NOTICE), "--answers", str(answers))
    assert code == 2
    assert "must map question ids to answers" in err
