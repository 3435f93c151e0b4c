"""Hold the shared knowledge-base files to their schema: the slot registry (slots.yaml) and the
shared letter parts (common.yaml). Category files: ``validate``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from reinstate.compose.schema import Checker, Converter, Problem

__all__ = ["INTERNAL_SLOTS", "validate_common", "validate_slots"]


def validate_slots(data: Any, question_ids: Iterable[str]) -> list[Problem]:
    """Problems of the shared slot registry (slots.yaml); ``question_ids``: common.yaml's."""
    check = Checker({}, {}, None)
    if not isinstance(data, dict):
        return [Problem("schema", "", "slots.yaml is not a mapping")]
    for name, decl in cast(dict[str, Any], data).items():
        check.declared.add(str(name))
        check.slot(decl, str(name), set(question_ids))
    return check.problems


# Slots only the composer fills, inside the shared letter parts of common.yaml.
INTERNAL_SLOTS = ("ref", "title", "label", "question", "target", "start", "end", "asin_cases")


def validate_common(
    data: Any, shared_slots: Mapping[str, Any], to_traditional: Converter | None = None
) -> list[Problem]:
    """Problems of common.yaml: every trilingual text in it, wherever it sits."""
    check = Checker(shared_slots, {}, to_traditional)
    check.declared.update(INTERNAL_SLOTS)
    if not isinstance(data, dict):
        return [Problem("schema", "", "common.yaml is not a mapping")]

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            mapping = cast(dict[str, Any], node)
            if "en" in mapping and "zh-hans" in mapping:
                check.text(mapping, path, chinese_required=False)
                if "fallback" in mapping:
                    walk(mapping["fallback"], f"{path}.fallback")
                return
            for key, value in mapping.items():
                walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}[{index}]")

    walk(data, "")
    return check.problems
