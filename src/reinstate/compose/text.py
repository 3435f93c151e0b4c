"""Trilingual texts of the knowledge base and the small helpers every composer module needs.

A :class:`Text` is one sentence (or label) in English, Simplified and Traditional Chinese. Slots
are ``{name}`` holes; :func:`slots_in` lists them in order of first appearance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal, cast

from reinstate.errors import KnowledgeBaseError

Lang = Literal["en", "zh-hans", "zh-hant"]
LANGS: tuple[Lang, ...] = ("en", "zh-hans", "zh-hant")
MIRROR_LANGS: tuple[Lang, ...] = ("zh-hans", "zh-hant")

SLOT_RE = re.compile(r"\{([a-z][a-z0-9_]*)\}")
# CJK ideographs (basic, extension A, compatibility, extensions B+), CJK punctuation and
# full-width forms: none of them may reach a letter to Amazon.
CHINESE_RE = re.compile(
    "[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]"
)
IDEOGRAPH_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def has_chinese(value: str) -> bool:
    """True when ``value`` holds a Chinese character or CJK punctuation."""
    return CHINESE_RE.search(value) is not None


def slots_in(template: str) -> tuple[str, ...]:
    """Slot names in ``template``, each once, in order of first appearance.

    >>> slots_in("On {action_date}, we closed {asin_list} ({asin_count}) on {action_date}.")
    ('action_date', 'asin_list', 'asin_count')
    """
    return tuple(dict.fromkeys(SLOT_RE.findall(template)))


def stray_braces(template: str) -> bool:
    """True when a brace is left over once the well-formed slots are removed."""
    rest = SLOT_RE.sub("", template)
    return "{" in rest or "}" in rest


def fill(template: str, values: dict[str, str]) -> str:
    """Replace every ``{slot}`` with its value; a slot missing from ``values`` is left as it is."""
    return SLOT_RE.sub(lambda m: values.get(m.group(1), m.group(0)), template)


@dataclass(frozen=True, slots=True)
class Text:
    """One user-facing text in the three languages of the product."""

    en: str
    zh_hans: str
    zh_hant: str

    def get(self, lang: str) -> str:
        if lang == "en":
            return self.en
        if lang == "zh-hant":
            return self.zh_hant
        return self.zh_hans

    @property
    def slots(self) -> tuple[str, ...]:
        return slots_in(self.en)

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "zh-hans": self.zh_hans, "zh-hant": self.zh_hant}

    @classmethod
    def plain(cls, value: str) -> Text:
        """The same string in every language (ASINs, order IDs, English proper names)."""
        return cls(value, value, value)

    @classmethod
    def parse(cls, raw: Any, where: str) -> Text:
        """Read ``{en, zh-hans, zh-hant}``; a bare string is taken as the same in every language.

        Traditional Chinese falls back to Simplified when a file has not been through
        ``derive_zh_hant`` yet: the knowledge-base test reports that, the composer keeps working.
        """
        if isinstance(raw, str):
            return cls.plain(raw)
        if not isinstance(raw, dict):
            raise KnowledgeBaseError(f"{where}: expected a text with en, zh-hans and zh-hant")
        data = cast(dict[str, Any], raw)
        en, hans, hant = data.get("en"), data.get("zh-hans"), data.get("zh-hant")
        if not isinstance(en, str) or not en.strip():
            raise KnowledgeBaseError(f"{where}: the English text is missing")
        if not isinstance(hans, str) or not hans.strip():
            raise KnowledgeBaseError(f"{where}: the Simplified Chinese text is missing")
        if not isinstance(hant, str) or not hant.strip():
            hant = hans
        return cls(en.strip(), hans.strip(), hant.strip())
