"""Finding the parts of a Plan of Action: root cause, corrective actions, preventive measures and
the operating plan.

Headings are recognised first ("Root cause:", "2. Corrective actions taken", "**Steps taken to
prevent future issues**", Amazon's own form questions). Letters written as prose without
headings fall back to cue phrases at the start of a paragraph ("The root cause of ...", "To
prevent this from happening again, ..."). The phrases are reviewed data in
``knowledge/check/structure.yaml``.

>>> [s.kind.value for s in split_sections("Root cause: late pickups.\\n\\nActions taken: none.")]
['root_cause', 'corrective_actions']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from .data import section
from .text import Span, is_bullet, lines, paragraphs, sentences, strip_bullet


class SectionKind(StrEnum):
    ROOT_CAUSE = "root_cause"
    CORRECTIVE_ACTIONS = "corrective_actions"
    PREVENTIVE_MEASURES = "preventive_measures"
    OPERATING_PLAN = "operating_plan"


@dataclass(frozen=True, slots=True)
class LetterSection:
    """One part of the letter. ``letter[start:end]`` is the whole part, heading included;
    ``letter[heading_start:heading_end]`` the heading (empty when found by a cue phrase) and
    ``letter[body_start:end]`` the text under it."""

    kind: SectionKind
    start: int
    end: int
    heading_start: int
    heading_end: int
    body_start: int
    heading: str
    body: str
    by_heading: bool


_HEADING_PREFIX = (
    r"^[\s#>*_]*(?:(?:\d{1,2}|[A-Da-d]|[IVX]{1,4})[.):]\s*"
    r"|(?:step|part|section|issue|problem)\s*#?\d+\s*[-–—:.)]?\s*)?[\s*_]*"
)


@cache
def _heading_patterns() -> tuple[tuple[SectionKind, re.Pattern[str]], ...]:
    data = section("structure")["headings"]
    compiled = []
    for kind in SectionKind:
        alternatives = "|".join(f"(?:{item})" for item in data[kind.value])
        compiled.append(
            (kind, re.compile(_HEADING_PREFIX + rf"(?:{alternatives})(?![\w-])", re.IGNORECASE))
        )
    return tuple(compiled)


@cache
def _cue_patterns() -> tuple[tuple[SectionKind, re.Pattern[str]], ...]:
    data = section("structure")["cues"]
    compiled = []
    for kind in SectionKind:
        alternatives = "|".join(f"(?:{item})" for item in data.get(kind.value, []))
        if alternatives:
            compiled.append((kind, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)))
    return tuple(compiled)


@cache
def _closing() -> re.Pattern[str]:
    words = "|".join(section("structure")["closings"])
    return re.compile(rf"^[\s*_]*(?:{words})\b", re.IGNORECASE)


def _heading_at(line: Span) -> tuple[SectionKind, int, int] | None:
    """(kind, heading end, body start) when the line starts with a section heading.

    A heading is either the whole (short) line, or a label followed by a colon with the body on
    the same line ("Root cause: ...").
    """
    for kind, pattern in _heading_patterns():
        match = pattern.match(line.text)
        if match is None:
            continue
        rest = line.text[match.end() :]
        colon = re.match(r"[^:?.\n]{0,60}?[:?]", rest)
        if colon and len(rest[colon.end() :].strip()) > 0:
            # "Root cause: our warehouse ..." - the label ends at the colon.
            cut = match.end() + colon.end()
            body = cut + (len(line.text[cut:]) - len(line.text[cut:].lstrip()))
            return kind, line.start + cut, line.start + body
        words = len(re.findall(r"\w+", line.text))
        if words <= 16 and not re.search(r"[.!]\s*$", line.text.rstrip("*_ ")):
            return kind, line.end, line.end
    return None


def split_sections(letter: str) -> tuple[LetterSection, ...]:
    """The parts of the letter in reading order; a kind may repeat (one triple per issue).

    A part runs from its heading to the next part, or to the closing ("Sincerely, ...").
    """
    starts: list[tuple[int, int, int, SectionKind, bool]] = []
    closings: list[int] = []
    for line in lines(letter):
        heading = _heading_at(line)
        if heading is not None:
            kind, heading_end, body_start = heading
            starts.append((line.start, heading_end, body_start, kind, True))
        elif len(line.text) < 60 and _closing().match(line.text):
            closings.append(line.start)
    found_kinds = {item[3] for item in starts}
    starts.extend(_cue_starts(letter, found_kinds, starts))
    starts.sort()
    last_start = starts[-1][0] if starts else 0
    closing_at = min((at for at in closings if at > last_start), default=len(letter))
    parts = []
    for index, (start, heading_end, body_start, kind, by_heading) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else closing_at
        while body_start < end and letter[body_start].isspace():
            body_start += 1  # the body starts at its first character, not the line break
        end = max(end, body_start)
        end = len(letter[:end].rstrip())
        end = max(end, body_start)
        heading_text = letter[start:heading_end] if by_heading else ""
        parts.append(
            LetterSection(
                kind=kind,
                start=start,
                end=end,
                heading_start=start,
                heading_end=heading_end if by_heading else start,
                body_start=body_start,
                heading=heading_text.strip(),
                body=letter[body_start:end],
                by_heading=by_heading,
            )
        )
    return tuple(parts)


def _cue_starts(
    letter: str,
    found: set[SectionKind],
    starts: list[tuple[int, int, int, SectionKind, bool]],
) -> list[tuple[int, int, int, SectionKind, bool]]:
    """Parts the letter has no heading for, found by a cue phrase opening a paragraph."""
    extra: list[tuple[int, int, int, SectionKind, bool]] = []
    taken = set(found)
    heading_lines = {item[0] for item in starts}
    for paragraph in paragraphs(letter):
        if paragraph.start in heading_lines:
            continue
        first = sentences(paragraph.text)
        if not first:
            continue
        opening = first[0].text
        for kind, pattern in _cue_patterns():
            if kind in taken:
                continue
            match = pattern.search(opening)
            if match is not None and match.start() <= 40:
                extra.append((paragraph.start, paragraph.start, paragraph.start, kind, False))
                taken.add(kind)
                break
    return extra


def section_items(letter: str, part: LetterSection) -> list[Span]:
    """The items of a part: its bullet or numbered points, else its sentences."""
    body_lines = [
        line for line in lines(letter[part.body_start : part.end]) if line.text.strip("*_# ")
    ]
    shifted = [
        Span(line.start + part.body_start, line.end + part.body_start, line.text)
        for line in body_lines
    ]
    if sum(1 for line in shifted if is_bullet(line.text)) >= 2:
        items: list[Span] = []
        for line in shifted:
            if is_bullet(line.text) or not items:
                items.append(strip_bullet(line))
            else:
                last = items[-1]
                items[-1] = Span(last.start, line.end, letter[last.start : line.end])
        return items
    return [
        Span(s.start + part.body_start, s.end + part.body_start, s.text)
        for s in sentences(letter[part.body_start : part.end])
    ]
