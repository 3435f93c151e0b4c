"""Cutting a letter into lines, paragraphs, sentences and words, keeping character offsets.

Every piece carries ``start``/``end`` offsets into the original letter, so a finding can point at
the exact text the seller wrote. The patterns for case facts (ASINs, order ids, figures, dates)
live here too because several checks share them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property

ASIN = re.compile(r"\b(?:[Bb]0[0-9A-Za-z]{8})\b")
ORDER_ID = re.compile(r"\b\d{3}-\d{7}-\d{7}\b")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
# Starts only where a run of address characters starts, so a long run is read once.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}\b")
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:\s?%)?")
# Seller identifiers: letters and digits joined by "-" or "_" with a digit in them ("KH-MUG-0042",
# "amz_rt_42", "kh-2024-red"), which are not words to spell-check.
IDENTIFIER = re.compile(
    r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+(?![\w-])"
)
# What follows a SKU label is an identifier even without a digit ("SKU kh-mug-blue", "SKUs
# kh-mug-blue, kh-cup-red and kh-jar").
SKU_LABEL = re.compile(
    r"(?<![\w-])(?:seller\s+|merchant\s+)?(?:FN|M)?SKUs?(?:\s*(?:#|no\.|number|code))?\s*[:#]?\s*",
    re.IGNORECASE,
)
SKU_VALUE = re.compile(r"[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+|[A-Za-z0-9]*\d[A-Za-z0-9]*")
SKU_JOINER = re.compile(r"\s*(?:,|;|/|&|\band\b|\bor\b)\s*", re.IGNORECASE)
# A word stands alone: letters inside an identifier ("B09PLK7T4R", "3rd") are not words.
WORD = re.compile(r"(?<![\w'’])[A-Za-z][A-Za-z'’]*(?:-[A-Za-z][A-Za-z'’]*)*(?!\w)")

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# Written forms seen in appeals: "12 March 2025", "March 12, 2025", "2025-03-12", "03/12/2025",
# "12.03.2025", and the month alone ("March 2025") which still dates an action.
DATE_FORMS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)\d{2})\b"),
    re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d{{2}})(?![\d:])", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!,?\s+(?:19|20)\d{{2}})", re.IGNORECASE),
)

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "vs", "no", "nos", "mr", "mrs", "ms", "dr", "co", "approx", "st"}
    | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
    | {"dept", "fig"}
)
_BULLET = re.compile(r"^\s*(?:[-*•·●▪◦]|\(?\d{1,2}[.)]|\(?[a-zA-Z][.)](?=\s))\s*")


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the letter: ``text == letter[start:end]``."""

    start: int
    end: int
    text: str

    def words(self) -> int:
        return len(WORD.findall(self.text))


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date written in the letter; ``value`` is None when it names no real day (31 February)."""

    start: int
    end: int
    text: str
    value: date | None
    has_day: bool


def lines(letter: str) -> list[Span]:
    """Non-blank lines, stripped, with offsets."""
    spans = []
    for match in re.finditer(r"[^\n]+", letter):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + (len(raw) - len(raw.lstrip()))
            spans.append(Span(start, start + len(stripped), stripped))
    return spans


def paragraphs(letter: str) -> list[Span]:
    """Blocks separated by blank lines."""
    spans = []
    for match in re.finditer(r"\S(?:.*?\S)??(?=\s*\n\s*\n|\s*\Z)", letter, re.DOTALL):
        spans.append(Span(match.start(), match.end(), match.group()))
    return spans


def _ends_sentence(text: str, dot: int) -> bool:
    """Whether the punctuation at ``dot`` ends a sentence (not "e.g.", "No. 5" or "2.31")."""
    if text[dot] != ".":
        return True
    # Only the word before the dot: abbreviations are short, and a search over the whole line
    # for each full stop made a long one-line letter quadratic.
    before = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 24) : dot])
    return not (before and before.group(1).lower().rstrip(".") in _ABBREVIATIONS)


def sentences(letter: str) -> list[Span]:
    """Sentences with offsets. Lines are split first: a heading or bullet is its own sentence."""
    found: list[Span] = []
    for line in lines(letter):
        text = line.text
        begin = 0
        for match in re.finditer(r"[.!?]+[\"'”’)]*(?=\s+[\"“'(A-Z0-9•-])", text):
            if not _ends_sentence(text, match.start()):
                continue
            piece = text[begin : match.end()]
            if piece.strip():
                offset = begin + (len(piece) - len(piece.lstrip()))
                found.append(Span(line.start + offset, line.start + match.end(), piece.strip()))
            begin = match.end()
        rest = text[begin:]
        if rest.strip():
            offset = begin + (len(rest) - len(rest.lstrip()))
            found.append(Span(line.start + offset, line.end, rest.strip()))
    return found


def strip_bullet(span: Span) -> Span:
    """The span without a leading bullet or list number ("- ", "2. ", "(a) ")."""
    match = _BULLET.match(span.text)
    if match is None:
        return span
    cut = match.end()
    return Span(span.start + cut, span.end, span.text[cut:])


def is_bullet(text: str) -> bool:
    return _BULLET.match(text) is not None


def find_dates(text: str, offset: int = 0) -> list[FoundDate]:
    """Every date-like expression, earliest first, without overlaps."""
    taken: list[tuple[int, int]] = []
    found: list[FoundDate] = []
    for pattern in DATE_FORMS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            value, has_day = _to_date(match)
            found.append(
                FoundDate(
                    offset + match.start(), offset + match.end(), match.group(), value, has_day
                )
            )
    return sorted(found, key=lambda item: item.start)


def _to_date(match: re.Match[str]) -> tuple[date | None, bool]:
    parts = match.groupdict()
    year = int(parts["year"]) if parts.get("year") else 2000
    month_text = parts.get("month")
    if "a" in parts and parts["a"] is not None:
        # 03/12/2025: read as month/day unless the first number cannot be a month.
        first, second = int(parts["a"]), int(parts["b"])
        month, day = (first, second) if first <= 12 else (second, first)
    else:
        if month_text is None:
            return None, False
        month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()]
        day = int(parts["day"]) if parts.get("day") else 1
    has_day = parts.get("day") is not None or ("a" in parts and parts["a"] is not None)
    try:
        return date(year, month, day), has_day
    except ValueError:
        return None, has_day


def masked_spans(text: str) -> list[tuple[int, int]]:
    """Spans that are identifiers rather than words: ASINs, order ids, URLs, e-mail addresses,
    SKUs and other seller identifiers.

    >>> [text[a:b] for a, b in masked_spans(text := "SKU kh-mug-blue and B0C1234567")]
    ['kh-mug-blue', 'B0C1234567']
    """
    spans: list[tuple[int, int]] = []
    for pattern in (URL, EMAIL, ORDER_ID, ASIN, IDENTIFIER):
        spans.extend((match.start(), match.end()) for match in pattern.finditer(text))
    spans.extend(_labelled_skus(text))
    return sorted(spans)


def _labelled_skus(text: str) -> list[tuple[int, int]]:
    spans = []
    for label in SKU_LABEL.finditer(text):
        at = label.end()
        while (value := SKU_VALUE.match(text, at)) is not None:
            spans.append((value.start(), value.end()))
            joiner = SKU_JOINER.match(text, value.end())
            if joiner is None:
                break
            at = joiner.end()
    return spans


def inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


class SpanIndex:
    """Spans merged and sorted once, so that "is this position inside one?" is a binary search.

    ``inside`` scans every span; called for every word of a long letter it was quadratic (a
    95,000-character letter spent two seconds there).

    >>> SpanIndex([(10, 20), (0, 5), (15, 30)]).covers(25), SpanIndex([(0, 5)]).covers(5)
    (True, False)
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def covers(self, position: int) -> bool:
        at = bisect_right(self._starts, position) - 1
        return at >= 0 and position < self._ends[at]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span shares a character with ``[start, end)``."""
        at = bisect_right(self._starts, end - 1) - 1
        return at >= 0 and start < self._ends[at] and self._starts[at] < end


def iter_words(text: str, offset: int = 0) -> Iterator[Span]:
    for match in WORD.finditer(text):
        yield Span(offset + match.start(), offset + match.end(), match.group())


@dataclass(frozen=True)
class Letter:
    """The letter with its pieces computed once and shared by every check."""

    text: str

    @cached_property
    def lines(self) -> list[Span]:
        return lines(self.text)

    @cached_property
    def paragraphs(self) -> list[Span]:
        return paragraphs(self.text)

    @cached_property
    def sentences(self) -> list[Span]:
        return sentences(self.text)

    @cached_property
    def dates(self) -> list[FoundDate]:
        return find_dates(self.text)

    @cached_property
    def masked(self) -> list[tuple[int, int]]:
        return masked_spans(self.text)

    @cached_property
    def word_count(self) -> int:
        return len(WORD.findall(self.text))
