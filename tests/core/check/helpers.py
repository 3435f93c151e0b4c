"""Small helpers for the checker tests."""

from __future__ import annotations

from typing import Any

from reinstate.check import CheckContext, CheckFinding, check_letter


def findings(text: str, code: str | None = None, **context: Any) -> list[CheckFinding]:
    report = check_letter(text, CheckContext(**context))
    return [f for f in report.findings if code is None or f.code == code]


def quotes(text: str, code: str, **context: Any) -> list[str]:
    return [text[f.start : f.end] for f in findings(text, code, **context)]
