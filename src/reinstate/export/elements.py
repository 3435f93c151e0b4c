"""Group the letter's blocks into the elements a page shows: headings, paragraphs and lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reinstate.compose.appeal import Block


@dataclass(frozen=True, slots=True)
class Line:
    en: str
    zh: str
    number: str = ""


@dataclass(slots=True)
class Element:
    """``kind``: heading, paragraph, group, list, reference, greeting, closing or signature."""

    kind: str
    part: str
    lines: list[Line] = field(default_factory=list)
    ordered: bool = False

    @property
    def line(self) -> Line:
        return self.lines[0]


def elements(blocks: Sequence[Block], lang: str) -> list[Element]:
    """Consecutive list items (and reference lines) become one element; the rest one each."""
    found: list[Element] = []
    for block in blocks:
        line = Line(block.text.en, block.text.get(lang), block.number)
        kind = "list" if block.kind == "item" else block.kind
        if kind == "paragraph_intro":
            kind = "paragraph"
        last = found[-1] if found else None
        if last is not None and kind in ("list", "reference") and last.kind == kind:
            last.lines.append(line)
            continue
        ordered = kind == "list" and block.number.endswith(".")
        found.append(Element(kind, block.part, [line], ordered))
    return found
