"""Score and verdict from the findings."""

from __future__ import annotations

from reinstate.check.findings import finding
from reinstate.check.model import CheckFinding
from reinstate.check.scoring import score_findings
from reinstate.codes import Severity, Verdict

LETTER = "x" * 200


def some(code: str, count: int = 1) -> list[CheckFinding]:
    return [finding(LETTER, code, i, i + 1) for i in range(count)]


def test_it_gives_a_clean_letter_100_and_ready() -> None:
    assert score_findings([]) == (100, Verdict.READY)


def test_it_takes_off_points_by_severity() -> None:
    assert score_findings(some("language_grammar"))[0] == 98  # low: 2
    assert score_findings(some("tone_question"))[0] == 94  # medium: 6
    assert score_findings(some("facts_placeholder"))[0] == 80  # high: 20


def test_it_counts_repeats_of_a_code_half_and_caps_them() -> None:
    assert score_findings(some("tone_question", 2))[0] == 91  # 6 + 3
    assert score_findings(some("language_spelling", 30))[0] == 88  # capped at 2 x 6


def test_it_never_calls_a_letter_with_a_high_finding_ready() -> None:
    score, verdict = score_findings(some("facts_placeholder"))
    assert score >= 80
    assert verdict is Verdict.FIX_FIRST


def test_it_never_calls_a_letter_with_a_misspelling_ready() -> None:
    # A misspelled word costs a medium finding's points, but the letter is not ready until it is
    # fixed (blocks_ready in codes.yaml); thirty of them still leave the letter fix_first.
    assert score_findings(some("language_spelling")) == (94, Verdict.FIX_FIRST)
    assert score_findings(some("language_spelling", 30)) == (88, Verdict.FIX_FIRST)


def test_it_never_calls_a_letter_that_points_at_another_case_ready() -> None:
    assert score_findings(some("tone_other_contact")) == (80, Verdict.FIX_FIRST)


def test_it_calls_a_letter_with_three_high_findings_not_ready() -> None:
    findings = some("facts_placeholder") + some("tone_blame") + some("facts_asin_missing")
    assert score_findings(findings)[1] is Verdict.NOT_READY


def test_it_calls_a_letter_below_80_fix_first_and_below_50_not_ready() -> None:
    four_medium = (
        some("tone_question") + some("tone_excuse") + some("tone_emotive") + some("tone_pleading")
    )
    assert score_findings(four_medium) == (76, Verdict.FIX_FIRST)
    nine_medium = (
        four_medium
        + some("tone_sarcasm")
        + some("tone_will_try")
        + some("tone_other_case")
        + some("tone_introduction")
        + some("tone_legal_language")
    )
    assert score_findings(nine_medium) == (46, Verdict.NOT_READY)


def test_it_lets_a_severity_override_count() -> None:
    item = finding(LETTER, "tone_blame", 0, 5, severity=Severity.MEDIUM)
    assert score_findings([item]) == (94, Verdict.READY)
