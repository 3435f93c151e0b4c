"""What Amazon's reviewers ask for in an answer to an appeal, as knowledge-base values
(``knowledge/reviewer_asks.yaml``), and the paragraph a revised letter adds for each ask.

>>> from reinstate.compose import KnowledgeBase
>>> asks = KnowledgeBase.default().reviewer_asks
>>> asks.ask("invoices").section
'corrective_actions'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reinstate.codes import Category, Document
from reinstate.compose.text import Text
from reinstate.errors import KnowledgeBaseError

WHEN = ("in_error",)
# The three boxes of the appeal form (``appeal.SECTION_NAMES``; not imported: appeal needs the
# knowledge base, which reads this file).
SECTION_NAMES = ("root_cause", "corrective_actions", "preventive_measures")


@dataclass(frozen=True, slots=True)
class AskDef:
    """One thing a reviewer asks for: its words in replies and the paragraph that answers it."""

    code: str
    section: str
    label: Text
    paragraph: Text
    phrases: Mapping[str, tuple[str, ...]]
    document: str | None = None
    when: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewerAsks:
    asks: Mapping[str, AskDef]
    plan_of_action: tuple[str, ...]
    fallback: tuple[str, ...]
    most_asked_count: int
    replies: Mapping[str, str]
    # category code -> ((ask code, (reply ids, ...)), ...), most frequent first
    categories: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]

    def ask(self, code: str) -> AskDef:
        try:
            return self.asks[code]
        except KeyError:
            raise KnowledgeBaseError(f"reviewer_asks.yaml: no ask `{code}`") from None

    def for_document(self, document: str) -> AskDef | None:
        return next((a for a in self.asks.values() if a.document == document), None)

    def most_asked(self, category: str | None) -> tuple[str, ...]:
        """The asks reviewers make most often for ``category`` (at most ``most_asked_count``),
        else the fallback asks."""
        found = tuple(code for code, _ in self.categories.get(category or "", ()))
        return found[: self.most_asked_count] or self.fallback


def parse_reviewer_asks(raw: Any) -> ReviewerAsks:
    """The file's values, or KnowledgeBaseError naming every problem found."""
    where = "reviewer_asks.yaml"
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{where}: expected a mapping")
    problems: list[str] = []
    asks: dict[str, AskDef] = {}
    for code, entry in (raw.get("asks") or {}).items():
        try:
            asks[str(code)] = _ask(str(code), entry)
        except (KnowledgeBaseError, KeyError, TypeError, ValueError, AttributeError) as exc:
            problems.append(f"asks.{code}: {getattr(exc, 'message', exc)}")

    def codes(key: str) -> tuple[str, ...]:
        values = tuple(str(v) for v in raw.get(key) or ())
        problems.extend(f"{key}: unknown ask `{v}`" for v in values if v not in asks)
        return values

    categories: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
    replies = {str(k): str(v) for k, v in (raw.get("replies") or {}).items()}
    for reply, category in replies.items():
        if category not in Category.__members__.values():
            problems.append(f"replies.{reply}: unknown category `{category}`")
    for category, entry in (raw.get("categories") or {}).items():
        if category not in Category.__members__.values():
            problems.append(f"categories: unknown category `{category}`")
        pairs = []
        for code, sources in (entry or {}).items():
            if code not in asks:
                problems.append(f"categories.{category}: unknown ask `{code}`")
            pairs.append((str(code), tuple(str(s) for s in sources or ())))
        categories[str(category)] = tuple(pairs)
    result = ReviewerAsks(
        asks=asks,
        plan_of_action=codes("plan_of_action"),
        fallback=codes("fallback"),
        most_asked_count=int(raw.get("most_asked_count") or 3),
        replies=replies,
        categories=categories,
    )
    if not result.fallback:
        problems.append("fallback: at least one ask is needed")
    if problems:
        raise KnowledgeBaseError(f"{where}: " + "; ".join(problems[:10]))
    return result


def _ask(code: str, entry: Mapping[str, Any]) -> AskDef:
    section = str(entry["section"])
    if section not in SECTION_NAMES:
        raise KnowledgeBaseError(f"section `{section}` is not one of {', '.join(SECTION_NAMES)}")
    document = entry.get("document")
    if document is not None and document not in Document.__members__.values():
        raise KnowledgeBaseError(f"unknown document `{document}`")
    when = entry.get("when")
    if when is not None and when not in WHEN:
        raise KnowledgeBaseError(f"`when` must be one of {', '.join(WHEN)}")
    phrases = {
        str(lang): tuple(str(p).lower() for p in values)
        for lang, values in (entry.get("phrases") or {}).items()
    }
    paragraph = Text.parse(entry["paragraph"], f"asks.{code}.paragraph")
    if paragraph.slots:
        raise KnowledgeBaseError("a paragraph takes no slots (it answers the ask, not the case)")
    return AskDef(
        code=code,
        section=section,
        label=Text.parse(entry["label"], f"asks.{code}.label"),
        paragraph=paragraph,
        phrases=phrases,
        document=None if document is None else str(document),
        when=None if when is None else str(when),
    )
