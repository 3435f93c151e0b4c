"""Letters written outside the project, with faults injected (tests/fixtures/letters/outside):
shared by tests/core/check/test_blind_spots.py and bench/check_quality.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from tests.core.check.labelled import LETTERS

OUTSIDE = LETTERS / "outside"
# The finding code that must point at each class of injected fault.
CLASS_CODES = {"misspelling": "language_spelling", "other_contact": "tone_other_contact"}


@dataclass(frozen=True)
class Injected:
    """One clean letter with one fault (or one benign sentence) at ``text[start:end]``."""

    kind: str  # misspelling, other_contact or benign
    letter: str
    text: str
    start: int
    end: int

    @property
    def fault(self) -> str:
        return self.text[self.start : self.end]


@cache
def clean_letters() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(OUTSIDE.glob("*.txt"))}


@cache
def _faults() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((OUTSIDE / "faults.yaml").read_text(encoding="utf-8"))
    return loaded


def _misspelled(item: dict[str, str]) -> Injected:
    text = clean_letters()[item["letter"]]
    origin = text.index(item["after"]) if item.get("after") else 0
    match = re.compile(rf"(?<![\w-]){re.escape(item['word'])}(?![\w-])").search(text, origin)
    if match is None:
        raise ValueError(f"{item['letter']}: no {item['word']!r} to misspell")
    changed = text[: match.start()] + item["typo"] + text[match.end() :]
    return Injected(
        "misspelling", item["letter"], changed, match.start(), match.start() + len(item["typo"])
    )


def _inserted(kind: str, item: dict[str, str]) -> Injected:
    text = clean_letters()[item["letter"]]
    at = text.index(item["before"])
    sentence = item["sentence"]
    joiner = "\n" if item.get("join") == "line" else " "
    changed = text[:at] + sentence + joiner + text[at:]
    return Injected(kind, item["letter"], changed, at, at + len(sentence))


def injected(kind: str, *, heldout: bool = False) -> list[Injected]:
    """Every letter with one fault of ``kind`` (misspelling, other_contact, benign); ``heldout``:
    the faults written after the rules were built."""
    raw = _faults()
    prefix = "heldout_" if heldout else ""
    if kind == "misspelling":
        return [_misspelled(item) for item in raw[f"{prefix}misspellings"]]
    key = {"other_contact": "other_contacts", "benign": "benign"}[kind]
    return [_inserted(kind, item) for item in raw[f"{prefix}{key}"]]
