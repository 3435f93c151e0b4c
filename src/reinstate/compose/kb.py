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
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, cast

import yaml

from reinstate.compose.asks import ReviewerAsks, parse_reviewer_asks
from reinstate.compose.model import (
    CategoryKnowledge,
    Choice,
    Common,
    DocumentRule,
    FormLimits,
    InError,
    MetricDef,
    Part,
    QuestionDef,
    RootCause,
    SlotDecl,
    Variant,
    When,
)
from reinstate.compose.parse import parse_category, parse_common, slot_declaration
from reinstate.compose.validate import validate_category, validate_common, validate_slots
from reinstate.errors import KnowledgeBaseError

__all__ = [
    "CategoryKnowledge",
    "Choice",
    "Common",
    "DocumentRule",
    "FormLimits",
    "InError",
    "KnowledgeBase",
    "MetricDef",
    "Part",
    "QuestionDef",
    "ReviewerAsks",
    "RootCause",
    "SlotDecl",
    "Variant",
    "When",
]


# libyaml's safe loader when PyYAML was built with it (several times faster), else the Python one.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(node: Traversable | Path, where: str) -> Any:
    try:
        return yaml.load(node.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - safe loader
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
        return {name: slot_declaration(name, decl) for name, decl in self.raw_slots.items()}

    @functools.cached_property
    def reviewer_asks(self) -> ReviewerAsks:
        """What reviewers ask for in answers to appeals (``reviewer_asks.yaml``)."""
        raw = _read_yaml(self._shared_file("reviewer_asks.yaml"), "reviewer_asks.yaml")
        return parse_reviewer_asks(raw)

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
