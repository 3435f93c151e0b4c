"""The rejection loop's gap analysis: what Amazon's answer asks for, against what the last letter
and its attachments gave.

>>> asks = find_asks("Please provide copies of receipts or invoices.", (), category="inauthentic")
>>> [a.code for a in asks]
['invoices']
>>> previous = PreviousLetter(sections={"root_cause": "We bought from a wholesaler."})
>>> [(g.ask, g.given) for g in gap_analysis(asks, previous)]
[('invoices', 'not_in_letter')]

The asks come from the answer's own words (the phrases of ``knowledge/reviewer_asks.yaml``),
from the documents its diagnosis says Amazon requests, and, when the answer asks for nothing
recognisable (a bare "we have decided not to reinstate"), from what reviewers ask most often
for the case's category. Matching is literal (``str.find`` on lower-case text, no pattern) on the
first 100,000 characters, so any answer is read in linear time. The composer answers each ask
with its paragraph (``CaseFacts.asks``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from reinstate.compose.asks import SECTION_NAMES, ReviewerAsks
from reinstate.compose.kb import KnowledgeBase

MAX_CHARS = 100_000
_QUOTE_BEFORE = 160
_QUOTE_AFTER = 200
_PLAN = "plan_of_action"
_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Ask:
    """One thing the answer asks for: its code, where it was found and the answer's words."""

    code: str
    # "words" (the answer's words), "documents" (its requested documents), "plan_of_action" (a
    # plan asked for with no narrower ask), "category" (what reviewers ask most for the
    # category, when the answer itself names nothing).
    source: str
    quote: str = ""


@dataclass(frozen=True, slots=True)
class PreviousLetter:
    """What the last letter gave: its form sections, the documents it listed, whether it said
    the account was deactivated in error, and how many of its actions were unconfirmed."""

    sections: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    attachments: tuple[str, ...] = ()
    in_error: bool = False
    unconfirmed: int = 0
    number: int | None = None


@dataclass(frozen=True, slots=True)
class Gap:
    """One ask held against the last letter.

    ``given``: ``no_letter`` (no letter was written before the answer), ``not_in_letter`` (the
    letter did not address it), ``listed`` (the document was listed and is asked for again),
    ``section`` (the letter's section answered it and Amazon wants more), ``unconfirmed`` (the
    letter still carried unconfirmed suggestions).
    """

    ask: str
    section: str
    source: str
    quote: str
    given: str
    given_chars: int = 0
    given_sentences: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "ask": self.ask,
            "section": self.section,
            "source": self.source,
            "quote": self.quote,
            "given": self.given,
            "given_chars": self.given_chars,
            "given_sentences": self.given_sentences,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Gap:
        return cls(
            ask=str(raw["ask"]),
            section=str(raw.get("section") or ""),
            source=str(raw.get("source") or ""),
            quote=str(raw.get("quote") or ""),
            given=str(raw.get("given") or ""),
            given_chars=int(raw.get("given_chars") or 0),
            given_sentences=int(raw.get("given_sentences") or 0),
        )


def _reading(text: str) -> tuple[str, str]:
    """The answer's first ``MAX_CHARS`` characters on one line with plain quotes and dashes,
    and its lower-case form (the same length, else the lower-case form twice)."""
    table = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"})
    spaced = " ".join(text[:MAX_CHARS].translate(table).split())
    lower = spaced.lower()
    return (spaced if len(spaced) == len(lower) else lower), lower


def _quote(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, bounded on both sides."""
    left = text.rfind(". ", max(0, start - _QUOTE_BEFORE), start)
    begin = left + 2 if left >= 0 else max(0, start - _QUOTE_BEFORE)
    right = text.find(".", end, end + _QUOTE_AFTER)
    stop = right + 1 if right >= 0 else min(len(text), end + _QUOTE_AFTER)
    return text[begin:stop].strip(" -\u2013")


def _ordered(found: Mapping[str, Ask], asks: ReviewerAsks) -> tuple[Ask, ...]:
    """Form-box order (root cause, actions, prevention), the file's order within a box."""
    order = {code: i for i, code in enumerate(asks.asks)}
    return tuple(
        sorted(
            found.values(),
            key=lambda a: (SECTION_NAMES.index(asks.ask(a.code).section), order[a.code]),
        )
    )


def find_asks(
    text: str,
    requested_documents: Iterable[str],
    *,
    category: str | None,
    in_error: bool = False,
    asks: ReviewerAsks | None = None,
) -> tuple[Ask, ...]:
    """What an answer to an appeal asks for (never empty: without a recognisable ask, what
    reviewers ask most often for ``category``).

    ``in_error``: the last letter said the account was deactivated in error; asks that only
    concern such a letter are kept only then.
    """
    table = asks or KnowledgeBase.default().reviewer_asks
    shown, lower = _reading(text)
    found: dict[str, Ask] = {}
    for ask in table.asks.values():
        if ask.when == "in_error" and not in_error:
            continue
        for phrases in ask.phrases.values():
            for phrase in phrases:
                at = lower.find(phrase)
                if at >= 0:
                    found[ask.code] = Ask(ask.code, "words", _quote(shown, at, at + len(phrase)))
                    break
            if ask.code in found:
                break
    by_words = bool(found)
    documents = list(dict.fromkeys(str(getattr(d, "value", d)) for d in requested_documents))
    for code in documents:
        ask_def = table.for_document(code)
        if ask_def is not None and ask_def.code not in found:
            found[ask_def.code] = Ask(ask_def.code, "documents")
    if _PLAN in documents and not by_words:
        # "Send us a plan of action" and nothing narrower: every part of the plan.
        found.update({code: Ask(code, _PLAN) for code in table.plan_of_action})
    if not found:
        for code in table.most_asked(category):
            if table.ask(code).when != "in_error" or in_error:
                found[code] = Ask(code, "category")
    return _ordered(found, table)


def gap_analysis(
    asks: Iterable[Ask], previous: PreviousLetter | None, *, table: ReviewerAsks | None = None
) -> tuple[Gap, ...]:
    """Each ask against what the last letter (``None``: no letter yet) gave."""
    reviewer_asks = table or KnowledgeBase.default().reviewer_asks
    gaps = []
    for ask in asks:
        definition = reviewer_asks.ask(ask.code)
        chars = sentences = 0
        if previous is None:
            given = "no_letter"
        elif definition.document:
            given = "listed" if definition.document in previous.attachments else "not_in_letter"
        elif ask.code == "actions_implemented" and previous.unconfirmed:
            given = "unconfirmed"
        else:
            text = previous.sections.get(definition.section, "").strip()
            chars, sentences = len(text), _sentences(text)
            given = "section" if text else "not_in_letter"
        gaps.append(
            Gap(ask.code, definition.section, ask.source, ask.quote, given, chars, sentences)
        )
    return tuple(gaps)


def _sentences(text: str) -> int:
    """A rough count of sentences: full stops followed by a space or the end, at least one."""
    if not text:
        return 0
    return max(1, text.count(". ") + text.count(".\n") + (1 if text.endswith(".") else 0))
