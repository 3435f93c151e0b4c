"""The reviewed data of ``knowledge/evidence.yaml`` as typed values and compiled word patterns.

Words are escaped and joined into one alternation per group (longest first), matched
case-insensitively; Latin words only as whole words, Chinese anywhere. Such patterns scan in
linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from reinstate.codes import Severity
from reinstate.errors import KnowledgeBaseError
from reinstate.knowledge.loader import load

_CJK = re.compile(r"[\u3400-\u9fff]")


def words_pattern(words: list[str], *, colon: bool = False) -> re.Pattern[str]:
    """One pattern for a list of words: ``(?<!\\w)(?:longest|...)(?!\\w)`` for Latin words.

    >>> words_pattern(["bill to", "bill"]).search("Bill To: Acme").group()
    'Bill To'
    """
    parts = []
    for word in sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True):
        body = r"\s*".join(re.escape(piece) for piece in word.split())
        parts.append(body if _CJK.search(word) else rf"(?<![^\W_]){body}(?![^\W_])")
    if not parts:
        return re.compile(r"(?!x)x")
    tail = r"\s*[:：]" if colon else ""
    return re.compile(f"(?:{'|'.join(parts)}){tail}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    source: str


@dataclass(frozen=True, slots=True)
class Kind:
    code: str
    proves: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class EvidenceKnowledge:
    invoice_max_age_days: int
    invoice_covers_sales_days: int
    bill_max_age_days: int
    min_dpi: float
    screenshot_dpi: tuple[float, ...]
    page_aspect: tuple[float, float]
    max_file_mb: int
    name_similarity: float
    address_overlap: float
    formats: dict[str, tuple[str, ...]]
    families: dict[str, str]  # requested-document code -> family
    kinds: tuple[Kind, ...]
    rules: dict[str, Rule]
    raw: dict[str, Any]

    def family(self, proves: str | None) -> str:
        """``invoice``, ``bill``, ``authorization``, ``licence`` or ``other``."""
        return self.families.get(proves or "", "other")

    def accepted_formats(self, proves: str | None) -> tuple[str, ...]:
        return self.formats.get(proves or "", self.formats["default"])

    def severity(self, code: str) -> Severity:
        rule = self.rules.get(code)
        if rule is None:
            raise KnowledgeBaseError(f"evidence rule {code!r} is not in knowledge/evidence.yaml")
        return rule.severity

    def words(self, group: str, key: str | None = None) -> list[str]:
        """The English and Chinese words of ``labels.<group>`` (or of a top-level group)."""
        section = self.raw["labels"].get(group) if key is None else self.raw[key]
        if not isinstance(section, dict):
            raise KnowledgeBaseError(f"evidence.yaml: no word group {group!r}")
        return [str(w) for lang in ("en", "zh") for w in section.get(lang) or ()]


def _value(thresholds: dict[str, Any], key: str) -> Any:
    entry = thresholds.get(key)
    if not isinstance(entry, dict) or "value" not in entry or not entry.get("source"):
        raise KnowledgeBaseError(f"evidence.yaml: threshold {key} needs a value and a source")
    return entry["value"]


@cache
def knowledge() -> EvidenceKnowledge:
    raw = load("evidence")
    thresholds = raw["thresholds"]
    families = {
        str(code): str(family) for family, codes in raw["families"].items() for code in codes
    }
    kinds = tuple(
        Kind(
            str(code),
            str(entry["proves"]),
            words_pattern([str(w) for lang in ("en", "zh") for w in entry["words"][lang]]),
        )
        for code, entry in raw["kinds"].items()
    )
    rules = {
        str(code): Rule(str(code), Severity(entry["severity"]), str(entry["source"]))
        for code, entry in raw["rules"].items()
    }
    aspect = _value(thresholds, "page_aspect")
    return EvidenceKnowledge(
        invoice_max_age_days=int(_value(thresholds, "invoice_max_age_days")),
        invoice_covers_sales_days=int(_value(thresholds, "invoice_covers_sales_days")),
        bill_max_age_days=int(_value(thresholds, "bill_max_age_days")),
        min_dpi=float(_value(thresholds, "min_dpi")),
        screenshot_dpi=tuple(float(v) for v in _value(thresholds, "screenshot_dpi")),
        page_aspect=(float(aspect[0]), float(aspect[1])),
        max_file_mb=int(_value(thresholds, "max_file_mb")),
        name_similarity=float(_value(thresholds, "name_similarity")),
        address_overlap=float(_value(thresholds, "address_overlap")),
        formats={
            str(k): tuple(str(f) for f in v)
            for k, v in raw["formats"].items()
            if isinstance(v, list)
        },
        families=families,
        kinds=kinds,
        rules=rules,
        raw=raw,
    )


@cache
def label(group: str, *, colon: bool = False) -> re.Pattern[str]:
    """The compiled pattern of ``labels.<group>``."""
    return words_pattern(knowledge().words(group), colon=colon)


@cache
def group(key: str) -> re.Pattern[str]:
    """The compiled pattern of a top-level word group (``address_words``,
    ``authorization_scope``)."""
    return words_pattern(knowledge().words("", key))
