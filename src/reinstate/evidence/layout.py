"""Words in rows: what the field readers work on, whatever read the page (PDF text or OCR).

A row is every word whose middle sits within the height of the row's first word, left to right:
a table's cells on one line form one row even where the PDF wrote them as separate text boxes.
Row text joins Latin words with a space and Chinese characters without one; ``span`` maps a
character range of that text back to the words and their box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reinstate.evidence.model import Box

_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
# A gap wider than this many times the row's height separates two columns (two segments).
COLUMN_GAP = 2.2


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    page: int
    x0: float  # fractions of the page
    y0: float
    x1: float
    y1: float
    fonts: tuple[str, ...] = ()
    confidence: float | None = None

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def union(words: list[Word] | tuple[Word, ...]) -> Box | None:
    if not words:
        return None
    return (
        min(w.x0 for w in words),
        min(w.y0 for w in words),
        max(w.x1 for w in words),
        max(w.y1 for w in words),
    )


def _glue(left: str, right: str) -> str:
    """No space between two Chinese characters (OCR reads each as a word)."""
    if left and right and _CJK.match(left[-1]) and _CJK.match(right[0]):
        return ""
    return " "


@dataclass(frozen=True, slots=True)
class Row:
    page: int
    words: tuple[Word, ...]
    text: str
    starts: tuple[int, ...]  # offset of each word in ``text``

    @classmethod
    def of(cls, page: int, words: list[Word]) -> Row:
        ordered = sorted(words, key=lambda w: w.x0)
        text = ""
        starts = []
        for word in ordered:
            if text:
                text += _glue(text, word.text)
            starts.append(len(text))
            text += word.text
        return cls(page, tuple(ordered), text, tuple(starts))

    @property
    def top(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def height(self) -> float:
        return max(w.height for w in self.words)

    @property
    def box(self) -> Box | None:
        return union(self.words)

    def words_in(self, start: int, end: int) -> list[Word]:
        """The words that overlap ``text[start:end]``."""
        found = []
        for word, offset in zip(self.words, self.starts, strict=True):
            if offset < end and offset + len(word.text) > start:
                found.append(word)
        return found

    def span_box(self, start: int, end: int) -> Box | None:
        return union(self.words_in(start, end))

    def offset_of(self, word: Word) -> int:
        return self.starts[self.words.index(word)]

    def segments(self) -> list[Row]:
        """The row cut where a gap between two words is wider than a column gap."""
        parts: list[list[Word]] = [[]]
        for word in self.words:
            current = parts[-1]
            if current and word.x0 - current[-1].x1 > COLUMN_GAP * self.height:
                parts.append([])
            parts[-1].append(word)
        return [Row.of(self.page, part) for part in parts if part]

    def after(self, x: float) -> Row | None:
        """The words of this row that start at or right of ``x``."""
        kept = [w for w in self.words if w.x0 >= x - 0.005]
        return Row.of(self.page, kept) if kept else None

    def between(self, x0: float, x1: float) -> Row | None:
        kept = [w for w in self.words if w.x0 >= x0 - 0.01 and w.x0 < x1]
        return Row.of(self.page, kept) if kept else None


def rows(words: list[Word]) -> list[Row]:
    """The page's words grouped into rows, top to bottom."""
    ordered = sorted(words, key=lambda w: (w.middle, w.x0))
    grouped: list[list[Word]] = []
    for word in ordered:
        if grouped:
            first = grouped[-1][0]
            tolerance = max(first.height, word.height) * 0.5
            if abs(word.middle - first.middle) <= tolerance:
                grouped[-1].append(word)
                continue
        grouped.append([word])
    return [Row.of(group[0].page, group) for group in grouped]
