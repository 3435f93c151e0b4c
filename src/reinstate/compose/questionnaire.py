"""The questionnaire: what only the seller knows, each answer shown with the English it produces.

>>> from reinstate.compose.facts import CaseFacts
>>> [q.id for q in questionnaire("ip_trademark", CaseFacts(category="ip_trademark"))][-3:]
['action_date', 'start_date', 'owner_role']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reinstate.compose.facts import CaseFacts
from reinstate.compose.kb import CategoryKnowledge, KnowledgeBase, QuestionDef
from reinstate.compose.render import render
from reinstate.compose.slots import Resolver
from reinstate.compose.text import MIRROR_LANGS, Text, has_chinese
from reinstate.errors import InputError

# Each answer shows at most this many example sentences (a date used by every action would
# otherwise repeat the whole letter under one question).
MAX_PREVIEWS = 3


@dataclass(frozen=True, slots=True)
class Preview:
    """A sentence of the letter that an answer produces, with its Chinese meaning."""

    part: str
    id: str
    en: str
    zh: str


@dataclass(frozen=True, slots=True)
class QuestionChoice:
    value: str
    label: str
    label_en: str
    produces: tuple[Preview, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    type: str
    prompt: str
    prompt_en: str
    required: bool
    common: bool
    help: str | None = None
    choices: tuple[QuestionChoice, ...] = ()
    answer: Any = None
    untranslated: bool = False
    produces: tuple[Preview, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "prompt": self.prompt,
            "prompt_en": self.prompt_en,
            "help": self.help,
            "required": self.required,
            "common": self.common,
            "answer": self.answer,
            "untranslated": self.untranslated,
            "choices": [
                {
                    "value": c.value,
                    "label": c.label,
                    "label_en": c.label_en,
                    "produces": [dataclasses.asdict(p) for p in c.produces],
                }
                for c in self.choices
            ],
            "produces": [dataclasses.asdict(p) for p in self.produces],
        }


def _texts(category: CategoryKnowledge) -> list[tuple[str, str, Text, Text | None]]:
    """Every sentence of the category that can reach the letter, in knowledge-base order."""
    found: list[tuple[str, str, Text, Text | None]] = [
        ("root_cause", c.id, c.text, c.fallback) for c in category.root_causes
    ]
    found += [("corrective_action", p.id, p.text, p.fallback) for p in category.actions.values()]
    found += [
        ("preventive_measure", p.id, p.text, p.fallback) for p in category.preventions.values()
    ]
    found += [("operating_plan", p.id, p.text, p.fallback) for p in category.operating_plan]
    if category.in_error.text is not None:
        found.append(("in_error", "in_error", category.in_error.text, None))
    return found


def _preview(
    resolver: Resolver, part: str, ident: str, text: Text, fallback: Text | None, lang: str
) -> Preview:
    asin = (resolver.asins or (None,))[0]
    rendered = render(text, resolver, fallback=fallback, asin=asin)
    return Preview(part, ident, rendered.text.en, rendered.text.get(lang))


def _slot_users(
    kb: KnowledgeBase, category: CategoryKnowledge, question: QuestionDef
) -> list[tuple[str, str, Text, Text | None]]:
    """Sentences that use a slot filled by ``question``."""
    names = {
        name
        for name, decl in {**kb.slots, **category.slots}.items()
        if decl.kind == "answer" and decl.key == question.id
    }
    return [t for t in _texts(category) if names & set(t[2].slots)]


def _with_answer(facts: CaseFacts, question: str, value: Any) -> CaseFacts:
    answers: Mapping[str, Any] = {**facts.answers, question: value}
    return dataclasses.replace(facts, answers=answers)


def questionnaire(
    category: str,
    facts: CaseFacts | None = None,
    lang: str = "zh-hans",
    *,
    kb: KnowledgeBase | None = None,
    previews: int = MAX_PREVIEWS,
) -> list[Question]:
    """The category's questions, then the common ones, each with the English it produces (at
    most ``previews`` sentences per answer: a page that shows one asks for one)."""
    if lang not in MIRROR_LANGS:
        raise InputError(f"Unknown language `{lang}`: use zh-hans or zh-hant.")
    base = kb or KnowledgeBase.default()
    knowledge = base.category(category)
    case = facts or CaseFacts(category=category)
    common_ids = {q.id for q in base.common.questions}
    result: list[Question] = []
    for question in base.questions(knowledge):
        users = _slot_users(base, knowledge, question)
        choices: list[QuestionChoice] = []
        for choice in question.choices:
            value: Any = [choice.value] if question.type == "multi" else choice.value
            resolver = Resolver(base, knowledge, _with_answer(case, question.id, value))
            causes = [
                ("root_cause", c.id, c.text, c.fallback)
                for c in knowledge.root_causes
                if choice.value in c.when.answers.get(question.id, ())
            ]
            produced = [_preview(resolver, *t, lang) for t in (causes + users)[:previews]]
            choices.append(
                QuestionChoice(
                    choice.value, choice.label.get(lang), choice.label.en, tuple(produced)
                )
            )
        resolver = Resolver(base, knowledge, case)
        produces = (
            ()
            if question.choices
            else tuple(_preview(resolver, *t, lang) for t in users[:previews])
        )
        raw = case.answers.get(question.id)
        plain = raw.get("value") if isinstance(raw, Mapping) else raw
        result.append(
            Question(
                id=question.id,
                type=question.type,
                prompt=question.prompt.get(lang),
                prompt_en=question.prompt.en,
                required=question.required,
                common=question.id in common_ids,
                help=None if question.help is None else question.help.get(lang),
                choices=tuple(choices),
                answer=plain,
                untranslated=question.type == "text"
                and isinstance(plain, str)
                and has_chinese(plain),
                produces=produces,
            )
        )
    return result
