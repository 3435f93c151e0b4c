"""The appeal knowledge base holds to its schema (docs/knowledge-base.md).

Every category file present in the package is validated (the list is read from the directory,
so a new file is tested as soon as it lands). ``test_it_has_a_file_for_every_category`` is the
completeness test: it FAILS, naming the missing categories, until all twenty files exist.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from reinstate.codes import Category
from reinstate.compose.kb import KnowledgeBase
from reinstate.compose.validate import (
    Problem,
    validate_category,
    validate_common,
    validate_slots,
)
from reinstate.errors import KnowledgeBaseError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "knowledge"
PACKAGE = KnowledgeBase.default()
PRESENT = PACKAGE.category_codes()
EXPECTED = sorted(c.value for c in Category if c is not Category.OTHER)


@functools.cache
def _to_traditional() -> Callable[[str], str]:
    from opencc import OpenCC

    convert: Callable[[str], str] = OpenCC("s2twp").convert
    return convert


def _finding_codes() -> frozenset[str]:
    """The analysis finding codes that `when.findings` may name."""
    from reinstate.compose.analysis_codes import finding_codes

    return finding_codes()


def _problems(data: Any, code: str, kb: KnowledgeBase = PACKAGE) -> list[Problem]:
    return validate_category(
        data,
        filename=code,
        shared_slots=kb.raw_slots,
        common_questions=kb.raw_common.get("questions") or (),
        finding_codes=_finding_codes(),
        to_traditional=_to_traditional(),
    )


@pytest.mark.parametrize("code", PRESENT)
def test_it_finds_no_problem_in_the_category_file(code: str) -> None:
    problems = _problems(PACKAGE.raw_category(code), code)
    assert not problems, f"{code}.yaml:\n" + "\n".join(f"  {p.level}: {p}" for p in problems)


@pytest.mark.parametrize("code", PRESENT)
def test_it_loads_the_category_for_the_composer(code: str) -> None:
    knowledge = PACKAGE.category(code)
    assert knowledge.code == code
    for cause in knowledge.root_causes:
        assert all(a in knowledge.actions for a in cause.actions)
        assert all(p in knowledge.preventions for p in cause.preventions)


def test_it_has_a_file_for_every_category() -> None:
    """COMPLETENESS: fails while any category except `other` has no knowledge-base file."""
    missing = sorted(set(EXPECTED) - set(PRESENT))
    assert not missing, f"{len(missing)} categories have no knowledge-base file yet: {missing}"


def test_it_has_only_category_files_named_after_category_codes() -> None:
    assert set(PRESENT) <= set(EXPECTED)


def test_it_finds_no_problem_in_the_shared_slots_and_common_parts() -> None:
    questions = [q["id"] for q in PACKAGE.raw_common["questions"]]
    problems = validate_slots(PACKAGE.raw_slots, questions) + validate_common(
        PACKAGE.raw_common, PACKAGE.raw_slots, _to_traditional()
    )
    assert not problems, "\n".join(str(p) for p in problems)


def test_it_gives_every_document_code_a_title() -> None:
    from reinstate.codes import Document

    assert set(PACKAGE.common.documents) == {d.value for d in Document}


# -- the validator itself, on the fixture category ----------------------------------------------

FIXTURE_CODE = "performance_late_shipment"


def _fixture() -> dict[str, Any]:
    text = (FIXTURES / "categories" / f"{FIXTURE_CODE}.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _messages(data: dict[str, Any]) -> list[str]:
    return [f"{p.level} {p}" for p in _problems(data, FIXTURE_CODE)]


def test_it_accepts_the_fixture_category() -> None:
    assert _messages(_fixture()) == []


def _drop_meaning(d: dict[str, Any]) -> None:
    del d["meaning"]


def _chinese_in_english(d: dict[str, Any]) -> None:
    d["root_causes"][0]["text"]["en"] += " 我们"


def _slot_only_in_english(d: dict[str, Any]) -> None:
    d["corrective_actions"][0]["text"]["en"] += " ({asin_count} ASINs)"


def _undeclared_slot(d: dict[str, Any]) -> None:
    for lang in ("en", "zh-hans", "zh-hant"):
        d["corrective_actions"][0]["text"][lang] += " {supplier_fax}"


def _unknown_action(d: dict[str, Any]) -> None:
    d["root_causes"][0]["actions"].append("rebuilt_warehouse")


def _unknown_prevention(d: dict[str, Any]) -> None:
    d["root_causes"][1]["preventions"] = ["magic_shield"]


def _answer_key_not_a_question(d: dict[str, Any]) -> None:
    d["root_causes"][0]["when"]["answers"] = {"favourite_colour": ["blue"]}


def _answer_value_not_a_choice(d: dict[str, Any]) -> None:
    d["root_causes"][0]["when"]["answers"] = {"late_cause": ["aliens"]}


def _bad_document_code(d: dict[str, Any]) -> None:
    d["documents"][0]["code"] = "passport_photo"


def _number_without_source(d: dict[str, Any]) -> None:
    del d["numbers"][0]["source"]


def _traditional_not_derived(d: dict[str, Any]) -> None:
    d["meaning"]["zh-hant"] = d["meaning"]["zh-hans"]


def _no_chinese_in_chinese(d: dict[str, Any]) -> None:
    d["operating_plan"][0]["text"]["zh-hans"] = "From {start_date}, {store_name} ships."
    d["operating_plan"][0]["text"]["zh-hant"] = "From {start_date}, {store_name} ships."


def _too_few_root_causes(d: dict[str, Any]) -> None:
    d["root_causes"] = d["root_causes"][:3]


def _too_few_actions(d: dict[str, Any]) -> None:
    kept = d["corrective_actions"][:5]
    d["corrective_actions"] = kept
    ids = {a["id"] for a in kept}
    for cause in d["root_causes"]:
        cause["actions"] = [a for a in cause["actions"] if a in ids] or [kept[0]["id"]]


def _stray_brace(d: dict[str, Any]) -> None:
    d["preventive_measures"][0]["text"]["en"] += " {not a slot"


def _wrong_code(d: dict[str, Any]) -> None:
    d["code"] = "pricing"


def _missing_traditional(d: dict[str, Any]) -> None:
    del d["name"]["zh-hant"]


def _undeclared_answer_source(d: dict[str, Any]) -> None:
    d["slots"]["carrier_name"]["source"] = "answer:which_carrier"


def _unknown_finding(d: dict[str, Any]) -> None:
    d["root_causes"][0]["when"]["findings"] = ["late_vibes"]


def _route_without_dispute(d: dict[str, Any]) -> None:
    d["questions"].append(
        {
            "id": "appeal_route",
            "type": "choice",
            "prompt": {"en": "Admit?", "zh-hans": "承认吗？", "zh-hant": "承認嗎？"},
            "choices": [
                {"value": "admit", "label": {"en": "Yes", "zh-hans": "是", "zh-hant": "是"}},
                {"value": "appeal", "label": {"en": "No", "zh-hans": "否", "zh-hant": "否"}},
            ],
        }
    )


def _in_error_variant_unknown_choice(d: dict[str, Any]) -> None:
    text = d["in_error"]["text"]
    d["in_error"]["variants"] = [{"answers": {"late_cause": "aliens"}, "text": text}]


def _no_default_cause(d: dict[str, Any]) -> None:
    for cause in d["root_causes"]:
        cause["when"]["default"] = False


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_drop_meaning, "schema missing required field `meaning`"),
        (_chinese_in_english, "content root_causes.batch_confirmation.text: the English text"),
        (_slot_only_in_english, "content corrective_actions.confirm_at_label.text: slots differ"),
        (_undeclared_slot, "slot `{supplier_fax}` is not declared"),
        (_unknown_action, "no corrective action with id `rebuilt_warehouse`"),
        (_unknown_prevention, "no preventive measure with id `magic_shield`"),
        (_answer_key_not_a_question, "`favourite_colour` is no question id"),
        (_answer_value_not_a_choice, "`aliens` is not a choice of `late_cause`"),
        (_bad_document_code, "`passport_photo` is not a Document code"),
        (_number_without_source, "every Amazon number needs a `source`"),
        (_traditional_not_derived, "content meaning: zh-hant is a copy of zh-hans"),
        (_no_chinese_in_chinese, "the `zh-hans` text has no Chinese characters"),
        (_too_few_root_causes, "content root_causes: 3 given, at least 4 needed"),
        (_too_few_actions, "content corrective_actions: 5 given, at least 6 needed"),
        (_stray_brace, "the English text has a brace that is not a slot"),
        (_wrong_code, "does not match the file name"),
        (_missing_traditional, "content name: the `zh-hant` text is missing"),
        (_undeclared_answer_source, "names no question of this file"),
        (_no_default_cause, "no root cause has `when.default: true`"),
        (_unknown_finding, "unknown finding `late_vibes`"),
        (_route_without_dispute, "the route question offers admit and dispute"),
        (_in_error_variant_unknown_choice, "in_error.variants[0].answers.late_cause: `aliens`"),
    ],
)
def test_it_reports_a_broken_fixture(
    mutate: Callable[[dict[str, Any]], None], expected: str
) -> None:
    data = copy.deepcopy(_fixture())
    mutate(data)
    messages = _messages(data)
    assert any(expected in m for m in messages), messages


def test_it_refuses_to_load_a_file_with_a_schema_problem(tmp_path: Path) -> None:
    data = _fixture()
    _unknown_action(data)
    (tmp_path / "categories").mkdir()
    path = tmp_path / "categories" / f"{FIXTURE_CODE}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="rebuilt_warehouse"):
        KnowledgeBase.from_directory(tmp_path).category(FIXTURE_CODE)


def test_it_loads_a_file_with_only_content_problems(tmp_path: Path) -> None:
    data = _fixture()
    _too_few_root_causes(data)
    (tmp_path / "categories").mkdir()
    path = tmp_path / "categories" / f"{FIXTURE_CODE}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert len(KnowledgeBase.from_directory(tmp_path).category(FIXTURE_CODE).root_causes) == 3


def test_it_says_which_category_is_missing() -> None:
    with pytest.raises(KnowledgeBaseError, match="no category `other`"):
        KnowledgeBase.from_directory(FIXTURES).category("other")
