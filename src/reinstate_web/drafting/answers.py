"""Read the questionnaire form into structured answers (choices, dates, numbers, names).

The form is built from ``reinstate.compose.questionnaire`` rather than a Django Form class:
the questions differ per category and come with the English each answer produces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from reinstate.compose import Question
from reinstate.compose.text import has_chinese

# Open questions the seller fills by hand (a figure, a notice detail) post as ``extra:<key>``.
EXTRA_PREFIX = "extra:"
_LIST_FIELDS = ("notice:asins", "notice:order_ids")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
MAX_TEXT = 600


def _number(value: str) -> int | float | None:
    cleaned = value.replace(",", "").replace("，", "").strip()  # thousands separators
    if not _NUMBER.match(cleaned):
        return None
    number = float(cleaned)
    return int(number) if number.is_integer() else number


def _extra_value(key: str, value: str) -> Any:
    if key in _LIST_FIELDS:
        return [part for part in re.split(r"[\s,;，、]+", value.upper()) if part]
    if key.startswith("fact:"):
        number = _number(value)
        return value if number is None else number
    return value


def read_answers(
    questions: Sequence[Question], data: Any, previous: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """(answers, errors by field, what the seller typed) from the posted form ``data``.

    Answers start from ``previous`` so figures typed for earlier open questions stay; a field
    left empty removes its answer. A text answer rephrased by the language model stays marked
    ``machine_written`` until the seller ticks that they checked it.
    """
    answers: dict[str, Any] = dict(previous)
    errors: dict[str, str] = {}
    typed: dict[str, Any] = {}
    for question in questions:
        qid = question.id
        if question.type == "multi":
            allowed = {c.value for c in question.choices}
            picked = [v for v in data.getlist(qid) if v in allowed]
            typed[qid] = picked
            if picked:
                answers[qid] = picked
            else:
                answers.pop(qid, None)
            continue
        raw = str(data.get(qid, "")).strip()
        typed[qid] = raw
        if not raw:
            answers.pop(qid, None)
            continue
        if question.type == "choice":
            if raw in {c.value for c in question.choices}:
                answers[qid] = raw
            else:
                errors[qid] = _("Pick one of the answers offered.")
        elif question.type == "date":
            try:
                answers[qid] = date.fromisoformat(raw).isoformat()
            except ValueError:
                errors[qid] = _("Enter a date as year-month-day, e.g. 2026-05-14.")
        elif question.type == "number":
            number = _number(raw)
            if number is None:
                errors[qid] = _("Enter a number, e.g. 120.")
            else:
                answers[qid] = number
        else:
            if len(raw) > MAX_TEXT:
                errors[qid] = _("Keep this answer under %(n)s characters.") % {"n": MAX_TEXT}
                continue
            source = str(data.get(f"mw_{qid}", "")).strip()
            confirmed = data.get(f"confirm_{qid}") == "on"
            if source and not confirmed and not has_chinese(raw):
                answers[qid] = {"value": raw, "machine_written": True, "source_text": source}
            else:
                answers[qid] = raw
    for name in data:
        if not str(name).startswith(EXTRA_PREFIX):
            continue
        key = str(name)[len(EXTRA_PREFIX) :]
        if not key.startswith(("fact:", "notice:")):
            continue
        raw = str(data.get(name, "")).strip()[:MAX_TEXT]
        typed[str(name)] = raw
        if raw:
            answers[key] = _extra_value(key, raw)
        else:
            answers.pop(key, None)
    return answers, errors, typed


def plain(value: Any) -> Any:
    """The value of an answer, whether plain or marked machine-written."""
    return value.get("value") if isinstance(value, Mapping) else value


def machine_written(value: Any) -> bool:
    return isinstance(value, Mapping) and bool(value.get("machine_written"))


def untranslated(value: Any) -> bool:
    text = plain(value)
    return isinstance(text, str) and has_chinese(text)
