"""The appeal knowledge base as typed, immutable values, read from the YAML files.

>>> kb = KnowledgeBase.default()
>>> kb.category("ip_trademark").code
<Category.IP_TRADEMARK: 'ip_trademark'>

Files are read once per :class:`KnowledgeBase` (cached); a file with a schema problem is refused
with a :class:`KnowledgeBaseError` that names every problem.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, cast

import yaml

from reinstate.codes import Category, Document
from reinstate.compose.text import Text
from reinstate.compose.validate import validate_category, validate_common, validate_slots
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
class InError:
    applies: bool
    text: Text | None = None
    evidence: tuple[Text, ...] = ()


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


def _opt_text(raw: Any, where: str) -> Text | None:
    return None if raw is None else Text.parse(raw, where)


def _question(raw: Mapping[str, Any], where: str) -> QuestionDef:
    choices = tuple(
        Choice(str(c["value"]), Text.parse(c["label"], f"{where}.{c['value']}"))
        for c in raw.get("choices") or ()
    )
    return QuestionDef(
        id=str(raw["id"]),
        type=str(raw["type"]),
        prompt=Text.parse(raw["prompt"], f"{where}.prompt"),
        required=bool(raw.get("required", False)),
        help=_opt_text(raw.get("help"), f"{where}.help"),
        choices=choices,
    )


def _slot(name: str, raw: Mapping[str, Any]) -> SlotDecl:
    return SlotDecl(
        name=name,
        source=str(raw["source"]),
        type=str(raw["type"]),
        example=str(raw.get("example", "")),
        label=_opt_text(raw.get("label"), f"slot {name}.label"),
        numerator=None if raw.get("numerator") is None else str(raw["numerator"]),
        denominator=None if raw.get("denominator") is None else str(raw["denominator"]),
        unit=_opt_text(raw.get("unit"), f"slot {name}.unit"),
    )


def _part(raw: Mapping[str, Any], where: str) -> Part:
    ident = str(raw["id"])
    return Part(
        id=ident,
        text=Text.parse(raw["text"], f"{where}.{ident}.text"),
        title=_opt_text(raw.get("title"), f"{where}.{ident}.title"),
        fallback=_opt_text(raw.get("fallback"), f"{where}.{ident}.fallback"),
    )


def parse_category(raw: Mapping[str, Any]) -> CategoryKnowledge:
    """Typed values from a category file's data that passed :func:`validate_category`."""
    code = str(raw["code"])
    causes = []
    for item in raw["root_causes"]:
        when = item.get("when") or {}
        answers = {
            str(k): tuple(str(v) for v in (vals if isinstance(vals, list) else [vals]))
            for k, vals in (when.get("answers") or {}).items()
        }
        causes.append(
            RootCause(
                id=str(item["id"]),
                title=Text.parse(item["title"], f"{code}.{item['id']}.title"),
                text=Text.parse(item["text"], f"{code}.{item['id']}.text"),
                when=When(
                    tuple(str(f) for f in when.get("findings") or ()),
                    answers,
                    bool(when.get("default")),
                ),
                actions=tuple(str(a) for a in item["actions"]),
                preventions=tuple(str(p) for p in item["preventions"]),
                fallback=_opt_text(item.get("fallback"), f"{code}.{item['id']}.fallback"),
            )
        )
    in_error = raw.get("in_error") or {}
    listing = raw.get("listing_level")
    return CategoryKnowledge(
        code=Category(code),
        name=Text.parse(raw["name"], f"{code}.name"),
        meaning=Text.parse(raw["meaning"], f"{code}.meaning"),
        appeal_needed=bool(raw["appeal_needed"]),
        root_causes=tuple(causes),
        actions={p.id: p for p in (_part(a, code) for a in raw["corrective_actions"])},
        preventions={p.id: p for p in (_part(a, code) for a in raw["preventive_measures"])},
        operating_plan=tuple(_part(a, code) for a in raw["operating_plan"]),
        documents=tuple(
            DocumentRule(
                code=Document(d["code"]),
                required=bool(d["required"]),
                rule=Text.parse(d["rule"], f"{code}.documents.{d['code']}"),
                source=str(d.get("source", "")),
                checks=dict(d.get("checks") or {}),
            )
            for d in raw["documents"]
        ),
        mistakes=tuple(Text.parse(m, f"{code}.mistakes") for m in raw["mistakes"]),
        questions=tuple(_question(q, f"{code}.questions") for q in raw["questions"]),
        in_error=InError(
            applies=bool(in_error.get("applies")),
            text=_opt_text(in_error.get("text"), f"{code}.in_error.text"),
            evidence=tuple(
                Text.parse(e, f"{code}.in_error") for e in in_error.get("evidence") or ()
            ),
        ),
        slots={name: _slot(name, decl) for name, decl in (raw.get("slots") or {}).items()},
        numbers={str(n["key"]): n.get("value") for n in raw.get("numbers") or ()},
        policy=_opt_text(raw.get("policy"), f"{code}.policy"),
        appeal_note=_opt_text(raw.get("appeal_note"), f"{code}.appeal_note"),
        listing_level=None if not listing else Text.parse(listing["text"], f"{code}.listing"),
    )


def parse_common(raw: Mapping[str, Any]) -> Common:
    def variants(key: str) -> tuple[Variant, ...]:
        return tuple(
            Variant(
                str(v["id"]),
                Text.parse(v["text"], f"common.{key}.{v['id']}"),
                _opt_text(v.get("fallback"), f"common.{key}.{v['id']}.fallback"),
            )
            for v in raw[key]
        )

    limits = raw["form_limits"]
    return Common(
        raw=raw,
        headings={k: Text.parse(v, f"common.headings.{k}") for k, v in raw["headings"].items()},
        admissions=variants("admissions"),
        commitments=variants("commitments"),
        reference=tuple(Text.parse(t, "common.reference") for t in raw["reference"]),
        questions=tuple(_question(q, "common.questions") for q in raw["questions"]),
        documents={k: Text.parse(v, f"common.documents.{k}") for k, v in raw["documents"].items()},
        metrics=tuple(
            MetricDef(
                code=str(code),
                name=Text.parse(m["name"], f"common.metrics.{code}"),
                direction=str(m["direction"]),
                target=float(m["target"]),
                categories=tuple(str(c) for c in m.get("categories") or ()),
                unit=Text.parse(m["unit"], f"common.metrics.{code}.unit"),
            )
            for code, m in raw["metrics"].items()
        ),
        marketplaces={str(k).upper(): str(v) for k, v in raw["marketplaces"].items()},
        form_limits=FormLimits(
            limits={
                k: int(limits[k])
                for k in ("root_cause", "corrective_actions", "preventive_measures")
            },
            confirmed=bool(limits.get("confirmed")),
            source=str(limits.get("source", "")),
        ),
        max_root_causes=int(raw.get("composer", {}).get("max_root_causes", 4)),
    )


def _read_yaml(node: Traversable | Path, where: str) -> Any:
    try:
        return yaml.safe_load(node.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"{where}: cannot be read ({exc})") from exc


def _refuse(where: str, problems: list[Any]) -> None:
    schema = [str(p) for p in problems if p.level == "schema"]
    if schema:
        raise KnowledgeBaseError(f"{where}: " + "; ".join(schema[:10]))


class KnowledgeBase:
    """The knowledge-base files under one directory, read on demand and cached.

    ``KnowledgeBase.default()`` reads the files shipped in the package; tests pass a fixture
    directory with a ``categories/`` folder (its ``slots.yaml`` and ``common.yaml`` are optional
    and default to the packaged ones).
    """

    def __init__(self, root: Traversable | Path, *, shared: Traversable | Path | None = None):
        self.root = root
        self.shared = shared or root

    @classmethod
    @functools.cache
    def default(cls) -> KnowledgeBase:
        return cls(resources.files("reinstate").joinpath("knowledge"))

    @classmethod
    def from_directory(cls, path: Path) -> KnowledgeBase:
        return cls(path, shared=KnowledgeBase.default().root)

    def _shared_file(self, name: str) -> Traversable | Path:
        own = self.root.joinpath(name)
        return own if own.is_file() else self.shared.joinpath(name)

    @functools.cached_property
    def raw_slots(self) -> dict[str, Any]:
        data = _read_yaml(self._shared_file("slots.yaml"), "slots.yaml")
        if not isinstance(data, dict):
            raise KnowledgeBaseError("slots.yaml: expected a mapping")
        return cast(dict[str, Any], data)

    @functools.cached_property
    def raw_common(self) -> dict[str, Any]:
        data = _read_yaml(self._shared_file("common.yaml"), "common.yaml")
        if not isinstance(data, dict):
            raise KnowledgeBaseError("common.yaml: expected a mapping")
        return cast(dict[str, Any], data)

    @functools.cached_property
    def common(self) -> Common:
        _refuse("common.yaml", validate_common(self.raw_common, self.raw_slots))
        try:
            return parse_common(self.raw_common)
        except (KeyError, TypeError, ValueError) as exc:
            raise KnowledgeBaseError(f"common.yaml: malformed ({exc})") from exc

    @functools.cached_property
    def slots(self) -> Mapping[str, SlotDecl]:
        questions = [str(q.get("id")) for q in self.raw_common.get("questions") or ()]
        _refuse("slots.yaml", validate_slots(self.raw_slots, questions))
        return {name: _slot(name, decl) for name, decl in self.raw_slots.items()}

    def category_codes(self) -> tuple[str, ...]:
        """Codes of the category files present, sorted."""
        folder = self.root.joinpath("categories")
        if not folder.is_dir():
            return ()
        return tuple(
            sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))
        )

    def raw_category(self, code: str) -> dict[str, Any]:
        node = self.root.joinpath("categories").joinpath(f"{code}.yaml")
        if not node.is_file():
            raise KnowledgeBaseError(f"the knowledge base has no category `{code}` yet")
        data = _read_yaml(node, f"categories/{code}.yaml")
        if not isinstance(data, dict):
            raise KnowledgeBaseError(f"categories/{code}.yaml: expected a mapping")
        return cast(dict[str, Any], data)

    def category(self, code: str) -> CategoryKnowledge:
        return self._category(str(code))

    @functools.cache  # noqa: B019 - one knowledge base lives as long as the process
    def _category(self, code: str) -> CategoryKnowledge:
        raw = self.raw_category(code)
        problems = validate_category(
            raw,
            filename=code,
            shared_slots=self.raw_slots,
            common_questions=self.raw_common.get("questions") or (),
        )
        _refuse(f"categories/{code}.yaml", problems)
        try:
            return parse_category(raw)
        except (KeyError, TypeError, ValueError) as exc:
            raise KnowledgeBaseError(f"categories/{code}.yaml: malformed ({exc})") from exc

    def slot(self, name: str, category: CategoryKnowledge) -> SlotDecl | None:
        """The declaration of ``name``: the category's own first, then the shared registry."""
        return category.slots.get(name) or self.slots.get(name)

    def questions(self, category: CategoryKnowledge) -> tuple[QuestionDef, ...]:
        """The category's questions followed by the common ones."""
        return category.questions + self.common.questions
