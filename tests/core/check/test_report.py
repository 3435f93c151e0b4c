"""The report: the contract JSON, languages, and bad input."""

from __future__ import annotations

import json

import pytest

from reinstate.check import MAX_LETTER_CHARACTERS, CheckContext, check_letter
from reinstate.check.data import code_texts
from reinstate.codes import Severity, Verdict
from reinstate.errors import InputError, TooLargeError

BAD = "Root cause: the buyer lied!!! Please give us a second chance. 我们很抱歉"


def test_it_returns_the_contract_json() -> None:
    report = check_letter(BAD)
    payload = report.to_json()
    assert list(payload) == ["score", "verdict", "findings"]
    assert payload["score"] == report.score
    assert payload["verdict"] in {v.value for v in Verdict}
    for item in payload["findings"]:
        assert list(item) == ["code", "severity", "start", "end", "message", "suggestion"]
        assert item["severity"] in {s.value for s in Severity}
        assert 0 <= item["start"] <= item["end"] <= len(BAD)
    json.dumps(payload)  # plain JSON types only


def test_it_gives_the_explanations_in_chinese() -> None:
    report = check_letter(BAD)
    english = report.to_json("en")["findings"]
    simplified = report.to_json("zh-hans")["findings"]
    traditional = report.to_json("zh-hant")["findings"]
    assert [f["code"] for f in simplified] == [f["code"] for f in english]
    assert any("恳求" in f["message"] for f in simplified)
    assert any("懇求" in f["message"] for f in traditional)
    with pytest.raises(ValueError, match="unknown language"):
        report.to_json("fr")


def test_it_orders_findings_by_position_and_points_into_the_letter() -> None:
    report = check_letter(BAD)
    starts = [f.start for f in report.findings]
    assert starts == sorted(starts)
    pleading = next(f for f in report.findings if f.code == "tone_pleading")
    assert BAD[pleading.start : pleading.end] == pleading.quote == "Please give us a second chance"


def test_it_only_uses_codes_with_reviewed_texts() -> None:
    codes = set(code_texts())
    assert check_letter(BAD).codes <= codes


def test_it_refuses_an_empty_or_huge_letter() -> None:
    with pytest.raises(InputError):
        check_letter("  \n ")
    with pytest.raises(TooLargeError):
        check_letter("a" * (MAX_LETTER_CHARACTERS + 1))


def test_it_handles_windows_line_endings() -> None:
    letter = "Root cause\r\nThin wrap broke 21 jars in February 2025.\r\n\r\nCorrective actions\r\n"
    report = check_letter(letter + "- On 5 March 2025 we repacked 380 jars.\r\n", CheckContext())
    assert "structure_missing_root_cause" not in report.codes
    assert "structure_missing_actions" not in report.codes
    assert "structure_action_undated" not in report.codes
