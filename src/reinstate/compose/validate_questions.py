"""Hold a category's questionnaire to its schema: the questions and their choices, the answers
that rules and ``in_error`` variants name (part of ``validate``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from reinstate.compose.schema import ID_RE, QUESTION_TYPES, Checker

__all__ = ["check_answers", "check_in_error", "check_questions", "choice_values"]


def check_questions(check: Checker, raw: Any) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    if not isinstance(raw, list) or not raw:
        check.add("content", "questions", "the questionnaire is empty")
        return found
    for index, item in enumerate(raw):
        here = f"questions[{index}]"
        if not isinstance(item, dict):
            check.add("schema", here, "expected a question mapping")
            continue
        data = cast(dict[str, Any], item)
        ident = data.get("id")
        if not isinstance(ident, str) or not ID_RE.match(ident):
            check.add("schema", here, "`id` must be snake_case")
            continue
        if ident in found or ident in check.common_questions:
            check.add("schema", here, f"duplicate question id `{ident}` (common.yaml has some)")
        here = f"questions.{ident}"
        found[ident] = data
        kind = data.get("type")
        if kind not in QUESTION_TYPES:
            check.add("schema", here, f"`type` must be one of {', '.join(QUESTION_TYPES)}")
        check.text(data.get("prompt"), f"{here}.prompt")
        if "help" in data:
            check.text(data["help"], f"{here}.help")
        if not isinstance(data.get("required", False), bool):
            check.add("schema", here, "`required` must be true or false")
        check.reach(data, here)
        choices = data.get("choices")
        if kind in ("choice", "multi"):
            if not isinstance(choices, list) or len(choices) < 2:
                check.add("schema", here, "a choice question needs at least two choices")
                continue
            values: set[str] = set()
            for position, choice in enumerate(choices):
                spot = f"{here}.choices[{position}]"
                if not isinstance(choice, dict):
                    check.add("schema", spot, "expected value and label")
                    continue
                value = cast(dict[str, Any], choice).get("value")
                if not isinstance(value, str) or not ID_RE.match(value):
                    check.add("schema", spot, "`value` must be snake_case")
                elif value in values:
                    check.add("schema", spot, f"duplicate choice `{value}`")
                else:
                    values.add(value)
                check.text(cast(dict[str, Any], choice).get("label"), f"{spot}.label")
                check.reach(cast(dict[str, Any], choice), spot, choice=True)
    route = found.get("appeal_route")
    if route is not None and not {"admit", "dispute"} <= choice_values(route):
        check.add("schema", "questions.appeal_route", "the route question offers admit and dispute")
    return found


def choice_values(question: Mapping[str, Any]) -> set[str]:
    choices = question.get("choices")
    if not isinstance(choices, list):
        return set()
    items = [cast(dict[str, Any], c) for c in choices if isinstance(c, dict)]
    return {str(c.get("value")) for c in items if "value" in c}


def check_answers(check: Checker, answers: Any, here: str, questions: Mapping[str, Any]) -> None:
    """``{question id: value or [values]}`` naming real questions and their choices."""
    if not isinstance(answers, dict):
        check.add("schema", here, "expected question id -> values")
        return
    for qid, values in cast(dict[str, Any], answers).items():
        if qid not in questions:
            check.add("schema", here, f"`{qid}` is no question id")
            continue
        allowed = choice_values(questions[qid])
        for value in values if isinstance(values, list) else [values]:
            if allowed and str(value) not in allowed:
                check.add("schema", f"{here}.{qid}", f"`{value}` is not a choice of `{qid}`")


def check_in_error(check: Checker, raw: Any, questions: Mapping[str, Any]) -> None:
    if not isinstance(raw, dict):
        check.add("schema", "in_error", "expected applies, text and evidence")
        return
    data = cast(dict[str, Any], raw)
    if not isinstance(data.get("applies"), bool):
        check.add("schema", "in_error.applies", "expected true or false")
    if data.get("applies") is True or "text" in data:
        check.text(data.get("text"), "in_error.text")
    evidence = data.get("evidence", [])
    if data.get("applies") is True and (not isinstance(evidence, list) or not evidence):
        check.add("schema", "in_error.evidence", "an `in_error` path needs evidence")
    if isinstance(evidence, list):
        for index, item in enumerate(evidence):
            check.text(item, f"in_error.evidence[{index}]")
    variants = data.get("variants", [])
    if not isinstance(variants, list):
        check.add("schema", "in_error.variants", "expected a list of {answers, text}")
        return
    for index, variant in enumerate(variants):
        here = f"in_error.variants[{index}]"
        if not isinstance(variant, dict) or not variant.get("answers"):
            check.add("schema", here, "expected answers and text")
            continue
        check_answers(check, variant["answers"], f"{here}.answers", questions)
        check.text(variant.get("text"), f"{here}.text")
