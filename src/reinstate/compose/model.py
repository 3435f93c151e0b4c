"""The appeal knowledge base as typed, immutable values (what the YAML files hold)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reinstate.codes import Category, Document
from reinstate.compose.text import Text
from reinstate.errors import KnowledgeBaseError


@dataclass(frozen=True, slots=True)
class SlotDecl:
    name: str
    source: str
    type: str
    example: str = ""
    label: Text | None = None
    # Percent slots from a plain fact: the fact keys of the count and the total beside the rate.
    numerator: str | None = None
    denominator: str | None = None
    unit: Text | None = None

    @property
    def kind(self) -> str:
        """``notice``, ``fact``, ``answer``, ``case`` or ``derived``."""
        return self.source.partition(":")[0]

    @property
    def key(self) -> str:
        return self.source.partition(":")[2]

    def label_text(self) -> Text:
        return self.label or Text.plain(self.name.replace("_", " "))


@dataclass(frozen=True, slots=True)
class When:
    findings: tuple[str, ...] = ()
    answers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    default: bool = False
    # (smaller, larger): the cause holds only while fact ``smaller`` < fact ``larger`` when
    # both are known, e.g. invoices short of sales: (invoice_units, units_sold_365d).
    below: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Part:
    """A corrective action, a preventive measure or an operating-plan line."""

    id: str
    text: Text
    title: Text | None = None
    fallback: Text | None = None

    def label(self) -> Text:
        return self.title or self.text


@dataclass(frozen=True, slots=True)
class RootCause:
    id: str
    title: Text
    text: Text
    when: When
    actions: tuple[str, ...]
    preventions: tuple[str, ...]
    fallback: Text | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: Text


@dataclass(frozen=True, slots=True)
class QuestionDef:
    id: str
    type: str
    prompt: Text
    required: bool = False
    help: Text | None = None
    choices: tuple[Choice, ...] = ()

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True, slots=True)
class DocumentRule:
    code: Document
    required: bool
    rule: Text
    source: str = ""
    checks: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InErrorVariant:
    """A statement used instead of ``InError.text`` when the seller's answers match."""

    answers: Mapping[str, tuple[str, ...]]
    text: Text


@dataclass(frozen=True, slots=True)
class InError:
    applies: bool
    text: Text | None = None
    evidence: tuple[Text, ...] = ()
    variants: tuple[InErrorVariant, ...] = ()


@dataclass(frozen=True, slots=True)
class CategoryKnowledge:
    code: Category
    name: Text
    meaning: Text
    appeal_needed: bool
    root_causes: tuple[RootCause, ...]
    actions: Mapping[str, Part]
    preventions: Mapping[str, Part]
    operating_plan: tuple[Part, ...]
    documents: tuple[DocumentRule, ...]
    mistakes: tuple[Text, ...]
    questions: tuple[QuestionDef, ...]
    in_error: InError
    slots: Mapping[str, SlotDecl]
    numbers: Mapping[str, Any]
    policy: Text | None = None
    appeal_note: Text | None = None
    listing_level: Text | None = None
    # Whom the letter addresses when it is not Seller Performance (held funds: the payments team).
    greeting: Text | None = None

    def root_cause(self, ident: str) -> RootCause | None:
        return next((c for c in self.root_causes if c.id == ident), None)


@dataclass(frozen=True, slots=True)
class Variant:
    id: str
    text: Text
    fallback: Text | None = None


@dataclass(frozen=True, slots=True)
class MetricDef:
    code: str
    name: Text
    direction: str
    target: float
    categories: tuple[str, ...]
    unit: Text


@dataclass(frozen=True, slots=True)
class FormLimits:
    limits: Mapping[str, int]
    confirmed: bool
    source: str


@dataclass(frozen=True, slots=True)
class Common:
    """The shared letter parts of common.yaml."""

    raw: Mapping[str, Any]
    headings: Mapping[str, Text]
    admissions: tuple[Variant, ...]
    commitments: tuple[Variant, ...]
    reference: tuple[Text, ...]
    questions: tuple[QuestionDef, ...]
    documents: Mapping[str, Text]
    metrics: tuple[MetricDef, ...]
    marketplaces: Mapping[str, str]
    form_limits: FormLimits
    max_root_causes: int

    def text(self, *path: str) -> Text:
        """The text at ``path`` (e.g. ``text("asins", "intro")``)."""
        return _text_at(self.raw, path)

    def fallback(self, *path: str) -> Text | None:
        node: Any = self.raw
        for key in path:
            node = node[key]
        fallback = node.get("fallback") if isinstance(node, dict) else None
        return None if fallback is None else Text.parse(fallback, ".".join(path))


def _text_at(raw: Mapping[str, Any], path: tuple[str, ...]) -> Text:
    node: Any = raw
    for key in path:
        if not isinstance(node, dict) or key not in node:
            raise KnowledgeBaseError(f"common.yaml: `{'.'.join(path)}` is missing")
        node = node[key]
    return Text.parse(node, "common.yaml:" + ".".join(path))
