"""The checker's reviewed data: word lists, patterns and the texts of every check code.

The data lives in ``src/reinstate/knowledge/check/*.yaml`` (shipped in the wheel). Patterns are
compiled once per process; a malformed file raises :class:`KnowledgeBaseError`, because it is a
bug in reviewed data rather than bad user input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from reinstate.codes import Severity
from reinstate.errors import KnowledgeBaseError
from reinstate.knowledge.loader import load

TEXT_KEYS = ("en", "zh-hans", "zh-hant")


def load_yaml(name: str) -> Any:
    """Parsed ``knowledge/<name>.yaml`` through the shared, cached knowledge-base loader."""
    return load(name)


@dataclass(frozen=True, slots=True)
class CodeText:
    """How one check code reads to the seller: severity, message and suggestion per language."""

    code: str
    family: str
    severity: Severity
    whole_letter: bool
    message: Mapping[str, str]
    suggestion: Mapping[str, str]
    # A finding of this code keeps the letter from "ready" whatever its severity and the score.
    blocks_ready: bool = False


@dataclass(frozen=True, slots=True)
class Pattern:
    """A compiled phrase pattern with an optional severity override."""

    regex: re.Pattern[str]
    severity: Severity | None = None
    note: str = ""


def _texts(entry: Mapping[str, Any], key: str, code: str) -> dict[str, str]:
    value = entry.get(key)
    if not isinstance(value, Mapping) or any(
        not isinstance(value.get(lang), str) for lang in TEXT_KEYS
    ):
        raise KnowledgeBaseError(f"check code {code}: {key} needs en, zh-hans and zh-hant texts")
    return {lang: value[lang] for lang in TEXT_KEYS}


@cache
def code_texts() -> dict[str, CodeText]:
    """Every check code from ``knowledge/check/codes.yaml``."""
    raw = load_yaml("check/codes")
    if not isinstance(raw, Mapping) or not isinstance(raw.get("codes"), Mapping):
        raise KnowledgeBaseError("check/codes.yaml needs a 'codes' mapping")
    texts: dict[str, CodeText] = {}
    for code, entry in raw["codes"].items():
        try:
            severity = Severity(entry["severity"])
        except (KeyError, ValueError, TypeError) as exc:
            raise KnowledgeBaseError(f"check code {code}: missing or unknown severity") from exc
        texts[code] = CodeText(
            code=code,
            family=str(entry.get("family") or code.split("_", 1)[0]),
            severity=severity,
            whole_letter=bool(entry.get("whole_letter", False)),
            message=_texts(entry, "message", code),
            suggestion=_texts(entry, "suggestion", code),
            blocks_ready=bool(entry.get("blocks_ready", False)),
        )
    return texts


_WORD_SLOT = re.compile(r"%([a-z_]+)%")


def _with_words(source: str, words: Mapping[str, Any], where: str) -> str:
    """``%name%`` replaced by the group ``(?:...)`` of ``words[name]``."""

    def piece(match: re.Match[str]) -> str:
        value = words.get(match.group(1))
        if not isinstance(value, str):
            raise KnowledgeBaseError(f"{where}: unknown pattern word %{match.group(1)}%")
        return f"(?:{value})"

    return _WORD_SLOT.sub(piece, source)


def compile_patterns(
    items: Any, where: str, words: Mapping[str, Any] | None = None
) -> tuple[Pattern, ...]:
    """Compile a YAML list of patterns: strings, or mappings with ``re`` and ``severity``.

    Patterns are case-insensitive and matched on word boundaries unless they say ``raw: true``.
    ``%name%`` in a pattern stands for ``words[name]`` (a file's ``pattern_words``), so a long
    vocabulary is written once.
    """
    if not isinstance(items, list):
        raise KnowledgeBaseError(f"{where}: expected a list of patterns")
    compiled = []
    for item in items:
        raw = False
        if isinstance(item, str):
            source, severity, note = item, None, ""
        elif isinstance(item, Mapping) and isinstance(item.get("re"), str):
            source = item["re"]
            severity = Severity(item["severity"]) if item.get("severity") else None
            note = str(item.get("note", ""))
            raw = bool(item.get("raw", False))
        else:
            raise KnowledgeBaseError(f"{where}: a pattern must be a string or have 're'")
        if words is not None and "%" in source:
            source = _with_words(source, words, where)
        # Word boundaries keep "sue" out of "issue"; punctuation patterns opt out with raw.
        bounded = source if raw else rf"(?<![\w-])(?:{source})(?![\w-])"
        try:
            regex = re.compile(bounded, re.IGNORECASE)
        except re.error as exc:
            raise KnowledgeBaseError(f"{where}: bad pattern {source!r}: {exc}") from exc
        compiled.append(Pattern(regex, severity, note))
    return tuple(compiled)


@cache
def section(name: str) -> Mapping[str, Any]:
    """The parsed ``knowledge/check/<name>.yaml`` as a mapping."""
    raw = load_yaml(f"check/{name}")
    if not isinstance(raw, Mapping):
        raise KnowledgeBaseError(f"check/{name}.yaml must be a mapping")
    return raw


@cache
def patterns(name: str, key: str) -> tuple[Pattern, ...]:
    """Compiled patterns under ``key`` of ``knowledge/check/<name>.yaml``."""
    data = section(name)
    return compile_patterns(
        data.get(key), f"check/{name}.yaml:{key}", data.get("pattern_words") or {}
    )
