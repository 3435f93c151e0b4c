"""A small cached loader for the knowledge-base YAML files.

Every part of the product that reads reviewed data goes through :func:`load`, so each file is
parsed once per process (with PyYAML's C safe loader when it is built) and a broken file is
reported the same way everywhere: as :class:`~reinstate.errors.KnowledgeBaseError`, because a
missing or malformed data file is a bug in the shipped package, not bad user input.

The returned objects are shared between callers: treat them as read-only.

    >>> from reinstate.knowledge.loader import load
    >>> sorted(load("labels"))[:2]
    ['categories', 'channels']
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from reinstate.errors import KnowledgeBaseError

# Names are relative paths below src/reinstate/knowledge without the .yaml suffix, e.g.
# "labels" or "notices/categories"; anything else (absolute paths, "..") is refused.
_NAME = re.compile(r"[a-z0-9_][a-z0-9_\-]*(?:/[a-z0-9_][a-z0-9_\-]*)*", re.IGNORECASE)
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(name: str) -> Any:
    """Parsed ``src/reinstate/knowledge/<name>.yaml`` (cached; read-only for callers).

    Raises KnowledgeBaseError when the name is not a knowledge-base path, the file is missing,
    or it is not valid YAML.
    """
    if not _NAME.fullmatch(name):
        raise KnowledgeBaseError(f"not a knowledge-base file name: {name!r}")
    return _load(name)


@cache
def _load(name: str) -> Any:
    resource = resources.files("reinstate.knowledge").joinpath(f"{name}.yaml")
    try:
        raw = resource.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
        raise KnowledgeBaseError(f"knowledge file {name}.yaml is missing") from exc
    except UnicodeDecodeError as exc:
        raise KnowledgeBaseError(f"knowledge file {name}.yaml is not UTF-8: {exc}") from exc
    try:
        return yaml.load(raw, Loader=_LOADER)  # noqa: S506 - a safe loader is chosen above
    except yaml.YAMLError as exc:
        first = " ".join(str(exc).split())
        raise KnowledgeBaseError(f"knowledge file {name}.yaml is not valid YAML: {first}") from exc


def clear_cache() -> None:
    """Forget parsed files (for tests and authoring scripts that rewrite them)."""
    _load.cache_clear()
