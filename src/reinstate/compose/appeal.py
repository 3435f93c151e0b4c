"""The composed appeal: form sections, the letter, its Chinese mirror, open questions, attachments.

``Appeal.to_json()`` is the ``reinstate draft --json`` contract (contracts.md): ``sections``,
``letter``, ``mirror``, ``facts_used``, ``open_questions``, ``attachments``, plus ``options``,
``notes`` and a few descriptive keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reinstate.compose.formatting import format_fraction, format_int
from reinstate.compose.slots import Value, describe
from reinstate.compose.text import Text

SECTION_NAMES = ("root_cause", "corrective_actions", "preventive_measures")
METRIC_CODES = (
    "order_defect_rate",
    "late_shipment_rate",
    "pre_fulfillment_cancel_rate",
    "valid_tracking_rate",
    "on_time_delivery_rate",
)
# Analysis fact keys -> the figure keys the letter checker recognises by their words
# (src/reinstate/knowledge/check/facts.yaml `figure_labels`). Left out on purpose: keys whose
# words are vague ("units", "complaints") or often sit in a list of several counts ("9 with
# negative feedback, 12 with A-to-z claims"), where the checker's nearest-number rule would
# compare the wrong number.
CHECKER_FIGURES = {
    "defect_orders": "defect_orders",
    "late_orders": "late_orders",
    "cancelled_orders": "cancelled_orders",
}


def _rate(raw: Any) -> float | None:
    value = raw.get("value") if isinstance(raw, Mapping) else raw
    return float(value) if isinstance(value, int | float) else None


def _days_in(raw: Any) -> set[date]:
    """The dates inside a fact: a date, an ISO date string, or any of them in a list or mapping."""
    if isinstance(raw, date):
        return {raw}
    if isinstance(raw, str) and len(raw) == 10:
        try:
            return {date.fromisoformat(raw)}
        except ValueError:
            return set()
    if isinstance(raw, Mapping):
        return set().union(*(_days_in(v) for v in raw.values())) if raw else set()
    if isinstance(raw, list | tuple):
        return set().union(*(_days_in(v) for v in raw)) if raw else set()
    return set()


@dataclass(frozen=True, slots=True)
class Section:
    """One box of the Account Health appeal form, ready to paste."""

    text: str
    chars: int
    limit: int

    @property
    def over_limit(self) -> bool:
        return self.chars > self.limit

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "chars": self.chars,
            "limit": self.limit,
            "over_limit": self.over_limit,
        }


@dataclass(frozen=True, slots=True)
class Mirror:
    """The Chinese meaning of the letter, sentence by sentence: ``pairs[i] = (english, chinese)``.

    ``parts[i]`` names the part of the letter pair ``i`` belongs to (``root_cause``,
    ``operating_plan``, ``heading`` ...).
    """

    language: str
    pairs: tuple[tuple[str, str], ...]
    parts: tuple[str, ...]
    numbers: tuple[str, ...] = ()  # the list number or bullet of each pair ("1.", "-", "")

    def to_json(self) -> dict[str, Any]:
        numbers = self.numbers or ("",) * len(self.pairs)
        return {
            "language": self.language,
            "pairs": [
                {"en": en, "zh": zh, "part": part, "number": number}
                for (en, zh), part, number in zip(self.pairs, self.parts, numbers, strict=True)
            ],
        }


@dataclass(frozen=True, slots=True)
class Block:
    """One line of the letter: its part, its kind (``heading``, ``paragraph``, ``item``,
    ``group``, ``reference``, ``greeting``, ``closing``, ``signature``) and its number or bullet."""

    part: str
    kind: str
    text: Text
    number: str = ""


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """Something the seller still has to give before the letter is complete."""

    id: str
    kind: str  # answer | fact | notice | case | untranslated | machine_written | in_error
    prompt: Text
    question: str | None = None
    slot: str | None = None
    parts: tuple[str, ...] = ()
    # True when the letter is whole without it (a fallback wording was used): answering it
    # only makes the letter more specific.
    optional: bool = False
    answer_key: str | None = None  # question id, fact:<key> or notice:<field> to fill it

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "optional": self.optional,
            "answer_key": self.answer_key,
            "question_id": self.question,
            "slot": self.slot,
            "prompt": self.prompt.get(lang),
            "prompt_en": self.prompt.en,
            "parts": list(self.parts),
        }


@dataclass(frozen=True, slots=True)
class Attachment:
    """A document for the appeal; ``in_letter``: listed in the letter's attachment list."""

    code: str
    title: Text
    required: bool
    requested: bool
    in_letter: bool
    rule: Text | None = None
    checks: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title.get(lang),
            "title_en": self.title.en,
            "required": self.required,
            "requested_by_notice": self.requested,
            "in_letter": self.in_letter,
            "rule": None if self.rule is None else self.rule.get(lang),
            "checks": dict(self.checks),
        }


@dataclass(frozen=True, slots=True)
class Option:
    """One knowledge-base alternative the seller can pick in the UI."""

    id: str
    title: Text
    text: Text
    selected: bool
    evidence: tuple[str, ...] = ()
    complete: bool = True

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title.get(lang),
            "text_en": self.text.en,
            "text": self.text.get(lang),
            "selected": self.selected,
            "evidence": list(self.evidence),
            "complete": self.complete,
        }


@dataclass(frozen=True, slots=True)
class Appeal:
    category: str
    lang: str
    in_error: bool
    sections: Mapping[str, Section]
    letter: str
    mirror: Mirror
    blocks: tuple[Block, ...]
    facts_used: tuple[Value, ...]
    open_questions: tuple[OpenQuestion, ...]
    attachments: tuple[Attachment, ...]
    options: Mapping[str, tuple[Option, ...]]
    notes: tuple[Text, ...] = ()
    # "actions:<id>" / "preventions:<id>": knowledge-base suggestions in the letter that the
    # seller has not confirmed; each is marked in the text until confirmed.
    suggested: tuple[str, ...] = ()
    # The asks of Amazon's last answer that the letter answers with a paragraph each
    # (``CaseFacts.asks``, in the order they stand in the letter).
    answered: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """True when no open question is left that the letter needs and every action and
        measure in it is the seller's own."""
        return not any(not q.optional for q in self.open_questions) and not self.suggested

    def known_figures(self) -> dict[str, str]:
        """The case's figures under the letter checker's keys (``CheckContext.known_figures``):
        the rate of each metric cited ("1.84%") and the counts the checker can find by their
        words (defect orders, claims, complaints ...)."""
        found: dict[str, str] = {}
        for value in self.facts_used:
            kind, _, key = value.source.partition(":")
            if kind == "fact" and key in METRIC_CODES:
                rate = _rate(value.raw)
                if rate is not None:
                    found.setdefault(key, format_fraction(rate))
            elif kind == "fact" and key in CHECKER_FIGURES and isinstance(value.raw, int | float):
                found.setdefault(CHECKER_FIGURES[key], format_int(value.raw))
        return found

    def known_dates(self) -> list[date]:
        """Every date of the facts the letter uses (``CheckContext.known_dates``): answers,
        the notice date, metric windows."""
        days: set[date] = set()
        for value in self.facts_used:
            days.update(_days_in(value.raw))
        return sorted(days)

    def to_json(self) -> dict[str, Any]:
        lang = self.lang
        return {
            "category": self.category,
            "in_error": self.in_error,
            "complete": self.complete,
            "sections": {name: self.sections[name].to_json() for name in SECTION_NAMES},
            "letter": self.letter,
            "mirror": self.mirror.to_json(),
            "facts_used": describe(self.facts_used),
            "open_questions": [q.to_json(lang) for q in self.open_questions],
            "attachments": [a.to_json(lang) for a in self.attachments],
            "options": {
                part: [o.to_json(lang) for o in options] for part, options in self.options.items()
            },
            "notes": [n.get(lang) for n in self.notes],
            "unconfirmed": list(self.suggested),
            "answered": list(self.answered),
        }
