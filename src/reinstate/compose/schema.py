"""Building blocks of the knowledge-base validator: problems, slot rules, text checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from reinstate.compose.text import IDEOGRAPH_RE, has_chinese, slots_in, stray_braces

Level = Literal["schema", "content"]

SLOT_SOURCES = ("notice", "fact", "answer", "case", "derived")
SLOT_TYPES = ("text", "int", "percent", "date", "asin", "asin_list", "order_list", "money")
QUESTION_TYPES = ("choice", "multi", "date", "text", "number", "asins")
CASE_FIELDS = ("store_name", "today")
# The derived slots the composer computes (reinstate.compose.slots).
DERIVED = (
    "asin",
    "asin_list",
    "asin_count",
    "order_list",
    "order_count",
    "category_name",
    "policy_name",
    "metric_name",
    "metric_value",
    "metric_target",
    "metric_window",
    "metric_defects",
    "metric_orders",
)
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# A question's `reaches_letter`: whether its answer appears in the letter (true, the default),
# only in the admitted or only in the "deactivated in error" letter, or nowhere (false); a choice
# may say false (choosing it does not change the letter). Anything but true needs a `why`.
# `applies_when` ({question id: [choices]}, or a list of such mappings: any one is enough) makes a
# question conditional ("For repeated contacts: how many cases ..."): its answer is needed only
# when, for every question named, one of its choices was given.
REACHES_LETTER = (True, False, "admitted", "disputed")


@dataclass(frozen=True, slots=True)
class Problem:
    level: Level
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


Converter = Callable[[str], str]


class Checker:
    def __init__(
        self,
        shared_slots: Mapping[str, Any],
        common_questions: Mapping[str, Mapping[str, Any]],
        to_traditional: Converter | None,
    ) -> None:
        self.shared_slots = shared_slots
        self.common_questions = common_questions
        self.to_traditional = to_traditional
        self.problems: list[Problem] = []
        self.declared: set[str] = set(shared_slots)

    def add(self, level: Level, path: str, message: str) -> None:
        self.problems.append(Problem(level, path, message))

    # -- texts ------------------------------------------------------------------------------
    def text(self, raw: Any, path: str, *, chinese_required: bool = True) -> None:
        """Check one trilingual text: three languages, same slots, no stray brace."""
        if not isinstance(raw, dict):
            self.add("schema", path, "expected a text with en, zh-hans and zh-hant")
            return
        data = cast(dict[str, Any], raw)
        en = data.get("en")
        if not isinstance(en, str) or not en.strip():
            self.add("schema", path, "the English text `en` is missing")
            return
        if has_chinese(en):
            self.add("content", path, "the English text contains Chinese characters")
        en_slots = set(slots_in(en))
        for lang in ("zh-hans", "zh-hant"):
            value = data.get(lang)
            if not isinstance(value, str) or not value.strip():
                level: Level = "schema" if lang == "zh-hans" else "content"
                self.add(level, path, f"the `{lang}` text is missing")
                continue
            if chinese_required and value != en and not IDEOGRAPH_RE.search(value):
                self.add("content", path, f"the `{lang}` text has no Chinese characters")
            if set(slots_in(value)) != en_slots:
                self.add(
                    "content",
                    path,
                    f"slots differ between en {sorted(en_slots)} and {lang} "
                    f"{sorted(set(slots_in(value)))}",
                )
            if stray_braces(value):
                self.add("schema", path, f"the `{lang}` text has a brace that is not a slot")
        if stray_braces(en):
            self.add("schema", path, "the English text has a brace that is not a slot")
        for slot in sorted(en_slots - self.declared):
            self.add("schema", path, f"slot `{{{slot}}}` is not declared")
        self._traditional(data, path)

    def _traditional(self, data: Mapping[str, Any], path: str) -> None:
        hans, hant = data.get("zh-hans"), data.get("zh-hant")
        if self.to_traditional is None or not isinstance(hans, str) or not isinstance(hant, str):
            return
        if hant == hans and self.to_traditional(hans) != hans:
            self.add("content", path, "zh-hant is a copy of zh-hans; run scripts/derive_zh_hant.py")

    def reach(self, data: Mapping[str, Any], path: str, *, choice: bool = False) -> None:
        """A question's (or a choice's) ``reaches_letter`` and the reviewed ``why`` it needs.

        ``reaches_letter: false`` with ``why: {en, zh-hans, zh-hant}`` records why an answer
        does not appear in the letter; tests/core/compose/test_answers_reach_letter.py holds
        every other answer to appearing there.
        """
        if "applies_when" in data:
            self._applies_when(data["applies_when"], path, choice=choice)
        allowed: tuple[object, ...] = (True, False) if choice else REACHES_LETTER
        reach = data.get("reaches_letter", True)
        if not any(reach is a or (isinstance(a, str) and reach == a) for a in allowed):
            shown = ", ".join(str(a).lower() for a in allowed)
            self.add("schema", path, f"`reaches_letter` must be one of {shown}")
            return
        if reach is True:
            if "why" in data:
                self.add("content", path, "`why` explains a `reaches_letter` other than true")
            return
        if "why" not in data:
            self.add("content", path, "`reaches_letter` needs a reviewed `why`")
            return
        self.text(data["why"], f"{path}.why")

    def _applies_when(self, raw: Any, path: str, *, choice: bool) -> None:
        if choice:
            self.add("schema", path, "`applies_when` belongs to a question, not to a choice")
            return
        alternatives = raw if isinstance(raw, list) and raw else [raw]
        valid = True
        for alternative in alternatives:
            valid = valid and isinstance(alternative, dict) and bool(alternative)
            for key, values in cast(dict[str, Any], alternative).items() if valid else ():
                valid = valid and isinstance(key, str) and ID_RE.match(key) is not None
                valid = valid and isinstance(values, list) and bool(values)
                valid = valid and all(isinstance(v, str) and ID_RE.match(v) for v in values)
        if not valid:
            self.add(
                "schema",
                path,
                "`applies_when` maps question ids to lists of choices (or is a list of such "
                "mappings, any of which is enough)",
            )

    # -- slots ------------------------------------------------------------------------------
    def slot_declarations(self, raw: Any, path: str, question_ids: set[str]) -> None:
        if raw is None:
            return
        if not isinstance(raw, dict):
            self.add("schema", path, "expected a mapping of slot name -> declaration")
            return
        for name, decl in cast(dict[str, Any], raw).items():
            here = f"{path}.{name}"
            if not isinstance(name, str) or not ID_RE.match(name):
                self.add("schema", here, "slot names are snake_case")
                continue
            self.declared.add(name)
            self.slot(decl, here, question_ids)

    def slot(self, decl: Any, path: str, question_ids: set[str]) -> None:
        if not isinstance(decl, dict):
            self.add("schema", path, "expected source, type and example")
            return
        data = cast(dict[str, Any], decl)
        source, kind = data.get("source"), data.get("type")
        if not isinstance(source, str) or ":" not in source:
            self.add("schema", path, "`source` must be '<kind>:<name>'")
        else:
            prefix, _, key = source.partition(":")
            if prefix not in SLOT_SOURCES:
                self.add("schema", path, f"unknown source kind `{prefix}`")
            elif prefix == "answer" and key not in question_ids:
                self.add("schema", path, f"source `{source}` names no question of this file")
            elif prefix == "case" and key not in CASE_FIELDS:
                self.add("schema", path, f"unknown case field `{key}`")
            elif prefix == "derived" and key not in DERIVED:
                self.add("schema", path, f"the composer derives no `{key}`")
        if kind not in SLOT_TYPES:
            self.add("schema", path, f"`type` must be one of {', '.join(SLOT_TYPES)}")
        if not isinstance(data.get("example"), str | int | float):
            self.add("content", path, "`example` is missing")
        if "label" in data:
            self.text(data["label"], f"{path}.label", chinese_required=False)
        if "unit" in data:
            self.text(data["unit"], f"{path}.unit", chinese_required=False)
        for key in ("numerator", "denominator"):
            if key not in data:
                continue
            if kind != "percent" or not str(source).startswith("fact:"):
                self.add("schema", path, f"`{key}` is only for percent slots read from a fact")
            elif not isinstance(data[key], str) or not ID_RE.match(data[key]):
                self.add("schema", path, f"`{key}` must name a fact key")

    # -- lists of parts ---------------------------------------------------------------------
    def parts(self, raw: Any, path: str, *, titled: bool) -> list[dict[str, Any]]:
        if not isinstance(raw, list):
            self.add("schema", path, "expected a list")
            return []
        seen: set[str] = set()
        items: list[dict[str, Any]] = []
        for index, item in enumerate(raw):
            here = f"{path}[{index}]"
            if not isinstance(item, dict):
                self.add("schema", here, "expected a mapping with id and text")
                continue
            data = cast(dict[str, Any], item)
            ident = data.get("id")
            if not isinstance(ident, str) or not ID_RE.match(ident):
                self.add("schema", here, "`id` must be snake_case")
            elif ident in seen:
                self.add("schema", here, f"duplicate id `{ident}`")
            else:
                seen.add(ident)
                here = f"{path}.{ident}"
            if titled:
                self.text(data.get("title"), f"{here}.title")
            self.text(data.get("text"), f"{here}.text")
            if "fallback" in data:
                self.text(data["fallback"], f"{here}.fallback")
            items.append(data)
        return items
