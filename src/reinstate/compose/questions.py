"""The open questions of a draft: what the seller still has to give before the letter is whole."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reinstate.compose.appeal import OpenQuestion
from reinstate.compose.facts import CaseFacts
from reinstate.compose.select import answer_values, wants_dispute
from reinstate.compose.slots import Missing, Resolver, Value, answer_key
from reinstate.compose.text import LANGS, Text, fill, has_chinese


def _template(resolver: Resolver, key: str, **values: Text) -> Text:
    template = resolver.kb.common.text("open_questions", key)
    return Text(
        *(fill(template.get(lg), {k: v.get(lg) for k, v in values.items()}) for lg in LANGS)
    )


def _answer_text(raw: Any) -> str:
    if isinstance(raw, Mapping):
        raw = raw.get("value")
    return raw if isinstance(raw, str) else ""


class _Collector:
    def __init__(self) -> None:
        self.items: dict[str, OpenQuestion] = {}

    def add(self, question: OpenQuestion) -> None:
        known = self.items.get(question.id)
        if known is None:
            self.items[question.id] = question
            return
        parts = tuple(dict.fromkeys(known.parts + question.parts))
        self.items[question.id] = OpenQuestion(
            known.id,
            known.kind,
            known.prompt,
            known.question,
            known.slot,
            parts,
            known.optional and question.optional,
            known.answer_key,
        )


def open_questions(
    resolver: Resolver,
    missing: Sequence[tuple[Missing, str, bool]],
    values: Mapping[str, Value],
    facts: CaseFacts,
    disputed: bool,
) -> tuple[OpenQuestion, ...]:
    """Open questions in a stable order: gaps in the letter first, then the questionnaire."""
    found = _Collector()
    questions = resolver.questions
    for item, part, optional in missing:
        if item.reason == "knowledge":
            continue  # a gap in the knowledge base, not something the seller can answer
        definition = questions.get(item.question or "")
        asked = definition.prompt if definition else item.label
        if item.reason in ("answer", "invalid"):
            prompt = _template(resolver, "answer", question=asked)
        elif item.reason == "untranslated":
            prompt = _template(resolver, "untranslated", question=asked)
        else:
            prompt = _template(resolver, item.reason, label=item.label)
        kind = "answer" if item.reason == "invalid" else item.reason
        ident = f"{kind}:{item.question or item.slot}"
        key = answer_key(item)
        found.add(
            OpenQuestion(ident, kind, prompt, item.question, item.slot, (part,), optional, key)
        )
    for definition in questions.values():
        raw = facts.answers.get(definition.id)
        if definition.type == "text" and has_chinese(_answer_text(raw)):
            prompt = _template(resolver, "untranslated", question=definition.prompt)
            ident = f"untranslated:{definition.id}"
            found.add(
                OpenQuestion(ident, "untranslated", prompt, definition.id, answer_key=definition.id)
            )
        elif definition.required and not answer_values(raw):
            # A required question stays required even where a fallback wording covered it.
            prompt = _template(resolver, "answer", question=definition.prompt)
            ident = f"answer:{definition.id}"
            found.add(
                OpenQuestion(ident, "answer", prompt, definition.id, answer_key=definition.id)
            )
    for value in values.values():
        if value.machine_written:
            definition = questions.get(value.source.partition(":")[2])
            asked = definition.prompt if definition else Text.plain(value.slot)
            prompt = _template(resolver, "machine_written", question=asked)
            found.add(
                OpenQuestion(
                    f"machine_written:{value.slot}",
                    "machine_written",
                    prompt,
                    None if definition is None else definition.id,
                    value.slot,
                    answer_key=None if definition is None else definition.id,
                )
            )
    if wants_dispute(facts) and not disputed:
        prompt = resolver.kb.common.text("open_questions", "in_error_not_applicable")
        found.add(OpenQuestion("in_error:not_applicable", "in_error", prompt))
    return tuple(found.items.values())
