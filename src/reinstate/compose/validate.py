"""Hold the knowledge-base files to their schema (docs/knowledge-base.md).

The validator reads the raw YAML data and returns every problem at once, so a writer fixes a file
in one pass. Problems come in two levels:

- ``schema``: the composer cannot use the file (a missing field, an unknown action id, an
  undeclared slot). The loader refuses such a file with a :class:`KnowledgeBaseError`.
- ``content``: the file works but is not finished (too few root causes, a Chinese text missing,
  Traditional Chinese not derived). Only the knowledge-base test fails on these.

>>> [p.message for p in validate_category({"code": "pricing"}, filename="pricing")][:1]
['missing required field `name`']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from reinstate.codes import Category, Document
from reinstate.compose.schema import (
    CASE_FIELDS,
    DERIVED,
    ID_RE,
    QUESTION_TYPES,
    SLOT_SOURCES,
    SLOT_TYPES,
    Checker,
    Converter,
    Level,
    Problem,
)
from reinstate.compose.validate_questions import (
    check_answers,
    check_in_error,
    check_questions,
)
from reinstate.compose.validate_shared import validate_common, validate_slots

__all__ = [
    "CASE_FIELDS",
    "DERIVED",
    "QUESTION_TYPES",
    "SLOT_SOURCES",
    "SLOT_TYPES",
    "Level",
    "Problem",
    "validate_category",
    "validate_common",
    "validate_slots",
]

MIN_COUNTS = {
    "root_causes": 4,
    "corrective_actions": 6,
    "preventive_measures": 6,
    "operating_plan": 3,
    "mistakes": 3,
}
REQUIRED_FIELDS = (
    "code",
    "name",
    "meaning",
    "appeal_needed",
    "sources",
    "numbers",
    "root_causes",
    "corrective_actions",
    "preventive_measures",
    "operating_plan",
    "documents",
    "mistakes",
    "questions",
    "in_error",
)


def validate_category(
    data: Any,
    *,
    filename: str = "",
    shared_slots: Mapping[str, Any] | None = None,
    common_questions: Iterable[Mapping[str, Any]] = (),
    finding_codes: Iterable[str] | None = None,
    to_traditional: Converter | None = None,
) -> list[Problem]:
    """Every problem of one category file's data, schema problems first.

    ``to_traditional`` is OpenCC's ``s2twp`` converter: with it, a ``zh-hant`` that merely copies
    a convertible ``zh-hans`` is reported. ``finding_codes``, when given, is the set of analysis
    finding codes that ``when.findings`` may name.
    """
    questions_common = {
        str(q.get("id")): q for q in common_questions if isinstance(q, Mapping) and q.get("id")
    }
    check = Checker(shared_slots or {}, questions_common, to_traditional)
    if not isinstance(data, dict):
        check.add("schema", "", "the file is not a YAML mapping")
        return check.problems
    raw = cast(dict[str, Any], data)
    for name in REQUIRED_FIELDS:
        if name not in raw:
            check.add("schema", "", f"missing required field `{name}`")
    _check_header(check, raw, filename)
    questions = check_questions(check, raw.get("questions"))
    question_ids = set(questions) | set(questions_common)
    check.slot_declarations(raw.get("slots"), "slots", question_ids)
    for name in ("name", "meaning"):
        if name in raw:
            check.text(raw[name], name)
    if "appeal_note" in raw:
        check.text(raw["appeal_note"], "appeal_note")
    if isinstance(raw.get("policy"), dict):
        check.text(raw["policy"], "policy")
    causes = check.parts(raw.get("root_causes", []), "root_causes", titled=True)
    actions = check.parts(raw.get("corrective_actions", []), "corrective_actions", titled=True)
    measures = check.parts(raw.get("preventive_measures", []), "preventive_measures", titled=True)
    plan = check.parts(raw.get("operating_plan", []), "operating_plan", titled=False)
    _check_root_causes(
        check,
        causes,
        {str(a.get("id")) for a in actions},
        {str(m.get("id")) for m in measures},
        {**questions_common, **questions},
        None if finding_codes is None else set(finding_codes),
    )
    _check_documents(check, raw.get("documents"))
    _check_numbers(check, raw.get("numbers"))
    _check_mistakes(check, raw.get("mistakes"))
    check_in_error(check, raw.get("in_error"), {**questions_common, **questions})
    if raw.get("greeting") is not None:
        check.text(raw["greeting"], "greeting")
    if raw.get("listing_level") is not None:
        listing = raw["listing_level"]
        if isinstance(listing, dict) and "text" in listing:
            check.text(cast(dict[str, Any], listing)["text"], "listing_level.text")
        else:
            check.add("schema", "listing_level", "expected `text`")
    counts = {
        "root_causes": len(causes),
        "corrective_actions": len(actions),
        "preventive_measures": len(measures),
        "operating_plan": len(plan),
        "mistakes": len(raw.get("mistakes") or []),
    }
    for name, minimum in MIN_COUNTS.items():
        if counts[name] < minimum:
            check.add("content", name, f"{counts[name]} given, at least {minimum} needed")
    return sorted(check.problems, key=lambda p: p.level != "schema")


def _check_header(check: Checker, raw: dict[str, Any], filename: str) -> None:
    code = raw.get("code")
    valid = {c.value for c in Category if c is not Category.OTHER}
    if code not in valid:
        check.add("schema", "code", f"`{code}` is not a category code (reinstate.codes.Category)")
    elif filename and code != filename:
        check.add("schema", "code", f"`{code}` does not match the file name `{filename}.yaml`")
    if not isinstance(raw.get("appeal_needed"), bool):
        check.add("schema", "appeal_needed", "expected true or false")
    policy = raw.get("policy")
    if policy is not None and not isinstance(policy, str | dict):
        check.add("schema", "policy", "expected a text")
    sources = raw.get("sources")
    if not isinstance(sources, list) or not sources:
        check.add("content", "sources", "at least one source is needed")
    else:
        for index, item in enumerate(sources):
            if not isinstance(item, dict) or not cast(dict[str, Any], item).get("note"):
                check.add("content", f"sources[{index}]", "each source needs a `note`")


def _check_root_causes(
    check: Checker,
    causes: list[dict[str, Any]],
    action_ids: set[str],
    measure_ids: set[str],
    questions: Mapping[str, Mapping[str, Any]],
    finding_codes: set[str] | None,
) -> None:
    defaults = 0
    for cause in causes:
        here = f"root_causes.{cause.get('id')}"
        when = cause.get("when")
        if not isinstance(when, dict):
            check.add("schema", here, "`when` is missing")
        else:
            data = cast(dict[str, Any], when)
            defaults += bool(data.get("default"))
            findings = data.get("findings", [])
            if not isinstance(findings, list) or not all(isinstance(f, str) for f in findings):
                check.add("schema", f"{here}.when.findings", "expected a list of finding codes")
            elif finding_codes is not None:
                for code in findings:
                    if code not in finding_codes:
                        check.add("schema", f"{here}.when.findings", f"unknown finding `{code}`")
            check_answers(check, data.get("answers", {}) or {}, f"{here}.when.answers", questions)
            below = data.get("below", []) or []
            if not isinstance(below, list) or not all(
                isinstance(pair, list) and len(pair) == 2 and all(isinstance(k, str) for k in pair)
                for pair in below
            ):
                check.add("schema", f"{here}.when.below", "expected a list of [smaller, larger]")
        for key, known, label in (
            ("actions", action_ids, "corrective action"),
            ("preventions", measure_ids, "preventive measure"),
        ):
            ids = cause.get(key)
            if not isinstance(ids, list) or not ids:
                check.add("schema", here, f"`{key}` needs at least one {label} id")
                continue
            for ident in ids:
                if ident not in known:
                    check.add("schema", f"{here}.{key}", f"no {label} with id `{ident}`")
    if causes and defaults == 0:
        check.add("content", "root_causes", "no root cause has `when.default: true`")


def _check_documents(check: Checker, raw: Any) -> None:
    if not isinstance(raw, list) or not raw:
        check.add("content", "documents", "no documents listed")
        return
    codes = {d.value for d in Document}
    for index, item in enumerate(raw):
        here = f"documents[{index}]"
        if not isinstance(item, dict):
            check.add("schema", here, "expected a document mapping")
            continue
        data = cast(dict[str, Any], item)
        if data.get("code") not in codes:
            check.add("schema", here, f"`{data.get('code')}` is not a Document code")
        if not isinstance(data.get("required"), bool):
            check.add("schema", here, "`required` must be true or false")
        check.text(data.get("rule"), f"{here}.rule")
        if not data.get("source"):
            check.add("content", here, "`source` is missing")
        checks = data.get("checks")
        if checks is not None and not isinstance(checks, dict):
            check.add("schema", f"{here}.checks", "expected a mapping of rule -> value")


def _check_numbers(check: Checker, raw: Any) -> None:
    if raw is None:
        return
    if not isinstance(raw, list):
        check.add("schema", "numbers", "expected a list")
        return
    keys: set[str] = set()
    for index, item in enumerate(raw):
        here = f"numbers[{index}]"
        if not isinstance(item, dict):
            check.add("schema", here, "expected key, value and source")
            continue
        data = cast(dict[str, Any], item)
        key = data.get("key")
        if not isinstance(key, str) or not ID_RE.match(key):
            check.add("schema", here, "`key` must be snake_case")
        elif key in keys:
            check.add("schema", here, f"duplicate key `{key}`")
        else:
            keys.add(key)
        if "value" not in data:
            check.add("schema", here, "`value` is missing")
        if not isinstance(data.get("source"), str) or not data["source"].strip():
            check.add("content", here, "every Amazon number needs a `source`")


def _check_mistakes(check: Checker, raw: Any) -> None:
    if not isinstance(raw, list):
        check.add("schema", "mistakes", "expected a list of texts")
        return
    for index, item in enumerate(raw):
        check.text(item, f"mistakes[{index}]")
