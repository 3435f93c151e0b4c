"""Rephrase a seller's free-text answer into plain English with a language model (optional).

The result is marked machine-written, checked with the letter checker (tone and language
checks) and never trusted blindly: the composer lists it as an open question for the seller to
confirm. Used only when the caller configured a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reinstate.compose.text import has_chinese
from reinstate.compose.values import final_stop_is_part_of_word
from reinstate.errors import InputError, ServiceError
from reinstate.llm.client import ChatClient

MAX_ANSWER_CHARS = 600
# Checks that apply to a phrase (structure, genericness and most facts checks need a letter).
CHECKED_FAMILIES = ("tone", "language")
CHECKED_CODES = ("facts_placeholder",)

SYSTEM_PROMPT = (
    "You turn an Amazon seller's short answer (often written in Chinese) into plain, factual "
    "English for a Plan of Action sent to Amazon. Keep every fact, name, number and date "
    "exactly; add nothing; no apology, emotion, blame or promises; no quotation marks. Reply "
    "with the English phrase only, without a final full stop."
)


@dataclass(frozen=True, slots=True)
class MachineText:
    """A machine-written English answer and what the letter checks found in it."""

    text: str
    source_text: str
    model: str
    findings: tuple[Any, ...] = ()
    machine_written: bool = True

    @property
    def accepted(self) -> bool:
        """No high or medium finding: safe to offer, still for the seller to confirm."""
        return not any(str(getattr(f, "severity", "")) in ("high", "medium") for f in self.findings)

    def as_answer(self) -> dict[str, Any]:
        """The answer value the composer takes (``machine_written`` marks it in the draft)."""
        return {"value": self.text, "machine_written": True, "source_text": self.source_text}


def _clean(text: str, source: str) -> str:
    """One line without quotes, and without a final full stop only when the model added it.

    The prompt asks for no final full stop; a model that writes one anyway ends a sentence with
    it. A stop that ends an abbreviation ("Co., Ltd.", "U.S.") or that the seller's own answer
    ends with ("Lumora Brands Pte.") is part of the phrase and stays.
    """
    line = " ".join(text.split()).strip().strip("\"'\u201c\u201d")
    if not line.endswith(".") or final_stop_is_part_of_word(line):
        return line
    if source.rstrip().endswith(line.split()[-1]):
        return line
    return line[:-1]


def check_phrase(text: str) -> tuple[Any, ...]:
    """Findings of the letter checker's tone, language and facts checks on one phrase."""
    from reinstate.check import CheckContext, check_letter

    report = check_letter(text, CheckContext(grammar=True))
    families: Sequence[str] = CHECKED_FAMILIES
    return tuple(
        f
        for f in report.findings
        if (f.family or f.code.split("_")[0]) in families or f.code in CHECKED_CODES
    )


def rephrase_answer(text: str, client: ChatClient, *, question: str | None = None) -> MachineText:
    """Ask the model for an English version of ``text`` (the answer to ``question``)."""
    source = text.strip()
    if not source:
        raise InputError("There is no answer to rephrase.")
    if len(source) > MAX_ANSWER_CHARS:
        raise InputError(f"Answers to rephrase are limited to {MAX_ANSWER_CHARS} characters.")
    asked = f"Question: {question}\n" if question else ""
    reply = client.complete(
        [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"{asked}Answer: {source}"},
        ]
    )
    english = _clean(reply, source)
    if not english or has_chinese(english) or "{" in english or "}" in english:
        raise ServiceError("The language model did not return a usable English phrase.")
    if len(english) > 2 * MAX_ANSWER_CHARS:
        raise ServiceError("The language model's phrase is too long to use.")
    return MachineText(english, source, client.model.model, check_phrase(english))
