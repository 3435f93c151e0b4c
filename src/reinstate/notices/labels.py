"""Words for the codes a diagnosis returns, in English, Simplified and Traditional Chinese.

Texts live in ``knowledge/labels.yaml``. Language tags are forgiving: ``zh``, ``zh-CN`` and
``zh_Hans`` mean Simplified, ``zh-TW``, ``zh-HK`` and ``zh_Hant`` Traditional; anything else is
English.

    >>> label("category", "inauthentic", "zh-hans")
    '真实性投诉（假货投诉）'
    >>> label("scope", "account", "en")
    'Whole account'
"""

from __future__ import annotations

from typing import Any

from reinstate.errors import KnowledgeBaseError
from reinstate.knowledge.loader import load

LANGUAGES = ("en", "zh-hans", "zh-hant")
_SECTIONS = {
    "category": "categories",
    "scope": "scopes",
    "reply_outcome": "reply_outcomes",
    "outcome": "reply_outcomes",
    "document": "documents",
    "channel": "channels",
    "kind": "kinds",
}


def normalise_language(lang: str | None) -> str:
    """One of ``en``, ``zh-hans``, ``zh-hant`` for any common language tag."""
    tag = (lang or "en").strip().lower().replace("_", "-")
    if tag in ("zh-hant", "zh-tw", "zh-hk", "zh-mo") or tag.startswith("zh-hant"):
        return "zh-hant"
    if tag.startswith("zh"):
        return "zh-hans"
    return "en"


def _entry(kind: str, code: str) -> dict[str, Any]:
    section = _SECTIONS.get(kind)
    if section is None:
        raise KnowledgeBaseError(f"unknown label kind {kind!r}")
    entries = load("labels").get(section, {})
    entry = entries.get(str(code))
    if not isinstance(entry, dict):
        raise KnowledgeBaseError(f"labels.yaml has no {section}.{code}")
    return entry


def _text(entry: dict[str, Any], field: str, lang: str | None) -> str:
    texts = entry.get(field)
    if not isinstance(texts, dict):
        raise KnowledgeBaseError(f"labels.yaml entry has no {field}")
    value = texts.get(normalise_language(lang)) or texts.get("en")
    return str(value)


def label(kind: str, code: str, lang: str | None = "en") -> str:
    """Display name of a code: kind is category, scope, reply_outcome, document, channel or kind."""
    return _text(_entry(kind, code), "name", lang)


def summary(category: str, lang: str | None = "en") -> str:
    """Two plain sentences: what this category of notice means for the seller."""
    return _text(_entry("category", category), "summary", lang)


def hint(document: str, lang: str | None = "en") -> str:
    """One line on what makes a requested document acceptable."""
    return _text(_entry("document", document), "hint", lang)


def click_path(channel: str, lang: str | None = "en") -> str:
    """Where to click in Seller Central for an appeal channel."""
    return _text(_entry("channel", channel), "path", lang)
