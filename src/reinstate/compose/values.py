"""What a slot resolves to: a value in three languages, or the reason it is missing."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reinstate.compose.facts import MetricFact
from reinstate.compose.model import SlotDecl
from reinstate.compose.text import Text


@dataclass(frozen=True, slots=True)
class Value:
    slot: str
    source: str
    text: Text
    raw: Any
    machine_written: bool = False


@dataclass(frozen=True, slots=True)
class Missing:
    slot: str
    source: str
    reason: str  # answer | fact | notice | case | untranslated | invalid
    label: Text
    question: str | None = None


Resolved = Value | Missing


def to_json_value(value: Any) -> Any:
    """A JSON-friendly copy of a fact (dates as ISO strings, metrics as mappings)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, MetricFact):
        return {
            "code": value.code,
            "value": value.value,
            "numerator": value.numerator,
            "denominator": value.denominator,
            "target": value.target,
            "window_start": to_json_value(value.window_start),
            "window_end": to_json_value(value.window_end),
        }
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json_value(v) for k, v in value.items()}
    return value


# A final full stop that belongs to an abbreviation stays: "Co., Ltd.", "Acme Inc.", "U.S."
_ABBREVIATION_RE = re.compile(
    r"(?:\b(?:ltd|inc|co|corp|llc|plc|gmbh|bv|ag|sa|srl|pty|ltda|kk|etc|st|no)|\b(?:[a-z]\.)+[a-z])$",
    re.IGNORECASE,
)


def final_stop_is_part_of_word(text: str) -> bool:
    """Whether the full stop ending ``text`` belongs to an abbreviation or an ellipsis.

    >>> final_stop_is_part_of_word("Co., Ltd."), final_stop_is_part_of_word("we moved it.")
    (True, False)
    """
    stem = text[:-1] if text.endswith(".") else text
    return bool(_ABBREVIATION_RE.search(stem)) or stem.endswith(".")


def clean_answer(value: str) -> str:
    """One line, no braces, no sentence-final full stop (the value sits inside a sentence).

    >>> clean_answer("Shenzhen Hua Tech Co., Ltd."), clean_answer("we moved the stock.")
    ('Shenzhen Hua Tech Co., Ltd.', 'we moved the stock')
    """
    text = " ".join(value.replace("{", "(").replace("}", ")").split())
    if not text.endswith(".") or text.endswith(".."):
        return text
    return text if final_stop_is_part_of_word(text) else text[:-1]


def answer_key(missing: Missing) -> str | None:
    """Where the seller's value for a missing slot goes: a question id, ``fact:<key>`` or
    ``notice:<field>`` (the keys ``reinstate draft --answers`` takes); ``None`` for data only
    an upload can give."""
    kind, _, key = missing.source.partition(":")
    if kind == "answer":
        return key
    if kind in ("fact", "notice"):
        return f"{kind}:{key}"
    if kind == "derived" and key.startswith("asin"):
        return "notice:asins"
    if kind == "derived" and key.startswith("order"):
        return "notice:order_ids"
    if kind == "case":
        return f"case:{key}"
    return None


def missing_reason(decl: SlotDecl) -> str:
    """Why a slot has no value, as the seller can act on it."""
    if decl.kind != "derived":
        return decl.kind
    if decl.key.startswith(("asin", "order")):
        return "notice"
    if decl.key.startswith("metric"):
        return "fact"
    return "knowledge"


def describe(values: Sequence[Value]) -> list[dict[str, Any]]:
    """``facts_used`` of the draft contract: one entry per slot filled."""
    return [
        {
            "slot": v.slot,
            "source": v.source,
            "value": v.text.en,
            "raw": to_json_value(v.raw),
            **({"machine_written": True} if v.machine_written else {}),
        }
        for v in values
    ]
