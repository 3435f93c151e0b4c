"""Genericness: stock phrasing without a case fact, and an appeal that repeats an earlier one.

A sentence carries a case fact when it holds an ASIN, an order id, a number, a date, a month or a
name (a capitalised word inside the sentence that is not generic Amazon vocabulary). Stock
phrasing is reviewed data (``knowledge/check/generic.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from reinstate.codes import Severity

from .data import patterns, section
from .findings import finding
from .model import CheckFinding
from .sections import LetterSection
from .text import ASIN, MONTHS, ORDER_ID, WORD, Letter, Span, strip_bullet

_DIGIT = re.compile(r"\d")
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(m for m in MONTHS if len(m) > 3) + r")\b", re.I)


@cache
def _not_names() -> frozenset[str]:
    return frozenset(str(section("generic")["not_names"]).lower().split())


def has_case_fact(sentence: str) -> bool:
    """Whether a sentence names something only this case has.

    >>> has_case_fact("We take this matter seriously.")
    False
    >>> has_case_fact("On 3 May we closed B07XYZ1234.")
    True
    """
    if ASIN.search(sentence) or ORDER_ID.search(sentence) or _DIGIT.search(sentence):
        return True
    if _MONTH_WORD.search(sentence):
        return True
    words = WORD.findall(sentence)
    stop = _not_names()
    bare = (re.sub(r"['’]s$", "", w) for w in words[1:])
    return any(w[0].isupper() and w.lower() not in stop for w in bare)


def check_genericness(
    letter: Letter, parts: tuple[LetterSection, ...], previous_letters: Sequence[str]
) -> list[CheckFinding]:
    found = _stock(letter, parts)
    found.extend(_duplicates(letter, previous_letters))
    return found


def _candidates(letter: Letter, parts: tuple[LetterSection, ...]) -> list[Span]:
    limit = int(section("generic")["thresholds"]["min_sentence_words"])
    headings = [(p.heading_start, p.heading_end) for p in parts if p.by_heading]
    # List numbers ("1.", "2)") are not case facts: judge the sentence without them.
    return [
        strip_bullet(s)
        for s in letter.sentences
        if s.words() >= limit and not any(a <= s.start < b for a, b in headings)
    ]


def _stock(letter: Letter, parts: tuple[LetterSection, ...]) -> list[CheckFinding]:
    limits = section("generic")["thresholds"]
    stock_patterns = patterns("generic", "stock")
    sentences = _candidates(letter, parts)
    if not sentences:
        return []
    stock = [
        s
        for s in sentences
        if not has_case_fact(s.text) and any(p.regex.search(s.text) for p in stock_patterns)
    ]
    with_fact = sum(1 for s in sentences if has_case_fact(s.text))
    found = [finding(letter.text, "generic_sentence", s.start, s.end) for s in stock]
    stock_share = len(stock) / len(sentences)
    fact_share = with_fact / len(sentences)
    severity: Severity | None = None
    if len(stock) >= int(limits["min_stock_sentences"]):
        if stock_share >= float(limits["stock_share_high"]):
            severity = Severity.HIGH
        elif stock_share >= float(limits["stock_share_medium"]):
            severity = Severity.MEDIUM
    if len(sentences) >= int(limits["min_sentences_for_fact_share"]):
        if with_fact == 0:
            severity = Severity.HIGH
        elif fact_share < float(limits["fact_share_low"]) and severity is None:
            severity = Severity.MEDIUM
    if severity is not None:
        found.append(
            finding(
                letter.text,
                "generic_letter",
                0,
                len(letter.text),
                severity=severity,
                stock_share=f"{stock_share:.0%}",
                fact_share=f"{fact_share:.0%}",
            )
        )
    return found


def _shingles(text: str, size: int) -> set[tuple[str, ...]]:
    words = [w.lower() for w in WORD.findall(text)]
    return {tuple(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}


def containment(text: str, earlier: str, size: int = 3) -> float:
    """Share of ``text``'s word n-grams that also occur in ``earlier`` (0.0-1.0)."""
    mine = _shingles(text, size)
    if not mine:
        return 0.0
    return len(mine & _shingles(earlier, size)) / len(mine)


def _duplicates(letter: Letter, previous_letters: Sequence[str]) -> list[CheckFinding]:
    limits = section("generic")["duplicate"]
    size = int(limits["shingle_words"])
    earlier = [p for p in previous_letters if p.strip()]
    if not earlier:
        return []
    share = max(containment(letter.text, p, size) for p in earlier)
    if share >= float(limits["letter_medium"]):
        severity = Severity.HIGH if share >= float(limits["letter_high"]) else Severity.MEDIUM
        return [
            finding(
                letter.text,
                "generic_duplicate_appeal",
                0,
                len(letter.text),
                severity=severity,
                share=f"{share:.0%}",
            )
        ]
    found = []
    shingled = [_shingles(p, size) for p in earlier]
    for paragraph in letter.paragraphs:
        if paragraph.words() < int(limits["paragraph_min_words"]):
            continue
        mine = _shingles(paragraph.text, size)
        if mine and max(len(mine & s) / len(mine) for s in shingled) >= float(limits["paragraph"]):
            found.append(
                finding(letter.text, "generic_repeated_paragraph", paragraph.start, paragraph.end)
            )
    return found
