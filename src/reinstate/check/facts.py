"""Fact checks: the letter against what the case knows.

Every ASIN and order id of the notice must appear; figures written next to their label ("an
order defect rate of 2.3%") must agree with the case's figure at the precision the letter uses;
dates must be real days and, when the case knows its dates, one of them; a leftover template slot
(``{asin}``, ``[Your Name]``, ``<SELLER_NAME>``, ``XXX``, ``TODO``) is always wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from .data import patterns, section
from .findings import finding
from .model import CheckContext, CheckFinding
from .sections import LetterSection
from .text import NUMBER, Letter, inside

_ANCHOR_KINDS = ("root_cause", "corrective_actions")


@dataclass(frozen=True, slots=True)
class Figure:
    value: float
    percent: bool
    decimals: int


def parse_figure(text: str) -> Figure | None:
    """``"2.31%"`` -> Figure(2.31, percent, 2 decimals); ``"1,204"`` -> Figure(1204.0, ...)."""
    match = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if match is None:
        return None
    digits = match.group().replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return Figure(float(digits), "%" in text[match.end() :], decimals)


def figures_agree(known: Figure, written: Figure) -> bool:
    """Whether the letter's figure is the case's figure at the precision the letter writes it."""
    value = written.value
    if known.percent and not written.percent and value < 1 and written.decimals >= 3:
        value *= 100  # 0.0231 written as a fraction
    places = min(written.decimals, 6)
    return round(known.value, places) == round(value, places) or abs(known.value - value) < 1e-9


def check_facts(
    letter: Letter, parts: tuple[LetterSection, ...], context: CheckContext
) -> list[CheckFinding]:
    found = _placeholders(letter)
    found.extend(_notice_ids(letter, parts, context))
    found.extend(_dates(letter, context))
    found.extend(_figures_present(letter, parts))
    found.extend(_known_figures(letter, context.known_figures))
    return found


def _placeholders(letter: Letter) -> list[CheckFinding]:
    taken: list[tuple[int, int]] = []
    found = []
    for pattern in patterns("facts", "placeholders"):
        for match in pattern.regex.finditer(letter.text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(finding(letter.text, "facts_placeholder", match.start(), match.end()))
    return found


def _anchor(letter: Letter, parts: tuple[LetterSection, ...]) -> tuple[int, int]:
    for kind in _ANCHOR_KINDS:
        for part in parts:
            if part.kind.value == kind and part.heading_end > part.heading_start:
                return part.heading_start, part.heading_end
    first = letter.lines[0] if letter.lines else None
    return (first.start, first.end) if first else (0, len(letter.text))


def _notice_ids(
    letter: Letter, parts: tuple[LetterSection, ...], context: CheckContext
) -> list[CheckFinding]:
    upper = letter.text.upper()
    start, end = _anchor(letter, parts)
    found = []
    for asin in dict.fromkeys(a.strip().upper() for a in context.notice_asins if a.strip()):
        if asin not in upper:
            found.append(finding(letter.text, "facts_asin_missing", start, end, asin=asin))
    for order in dict.fromkeys(o.strip() for o in context.notice_order_ids if o.strip()):
        if order.upper() not in upper:
            found.append(finding(letter.text, "facts_order_missing", start, end, order=order))
    return found


def _dates(letter: Letter, context: CheckContext) -> list[CheckFinding]:
    found = []
    # With the case's claims, a date no source holds is a claim finding (reinstate.check.claims).
    known = set() if context.claims is not None else set(context.known_dates)
    for written in letter.dates:
        if written.value is None:
            found.append(finding(letter.text, "facts_date_invalid", written.start, written.end))
        elif known and written.has_day and written.value not in known:
            found.append(
                finding(
                    letter.text,
                    "facts_date_unknown",
                    written.start,
                    written.end,
                    date=written.value.isoformat(),
                )
            )
    return found


def _figures_present(letter: Letter, parts: tuple[LetterSection, ...]) -> list[CheckFinding]:
    found = []
    start, end = _anchor(letter, parts)
    if not letter.dates:
        found.append(finding(letter.text, "facts_no_dates", start, end))
    covered = [(d.start, d.end) for d in letter.dates] + letter.masked
    figures = [m for m in NUMBER.finditer(letter.text) if not inside(m.start(), covered)]
    if not figures:
        found.append(finding(letter.text, "facts_no_figures", start, end))
    return found


@cache
def _labels(key: str) -> tuple[re.Pattern[str], ...]:
    table = section("facts").get("figure_labels") or {}
    sources = table.get(key) or [re.escape(key.replace("_", " "))]
    return tuple(re.compile(rf"(?<![\w-])(?:{s})(?![\w-])", re.IGNORECASE) for s in sources)


@cache
def _qualifiers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = section("facts")
    return (
        re.compile(str(data["figure_qualifiers_before"]), re.IGNORECASE),
        re.compile(str(data["figure_qualifiers_after"]), re.IGNORECASE),
    )


def _is_target(text: str, number: re.Match[str]) -> bool:
    """ "under 0.5%", "the 1% target": a goal or a limit, not a figure of the case."""
    before, after = _qualifiers()
    head = text[max(0, number.start() - 20) : number.start()]
    return bool(before.search(head) or after.match(text[number.end() : number.end() + 20]))


def _known_figures(letter: Letter, known_figures: Mapping[str, str]) -> list[CheckFinding]:
    window = int(section("facts").get("figure_window", 60))
    text = letter.text
    covered = [(d.start, d.end) for d in letter.dates] + letter.masked
    numbers = [
        m
        for m in NUMBER.finditer(text)
        if not inside(m.start(), covered) and not _is_target(text, m)
    ]
    found = []
    for key, raw in known_figures.items():
        known = parse_figure(str(raw))
        if known is None:
            continue
        mentioned = False
        checked: set[int] = set()
        for label in _labels(key):
            for match in label.finditer(text):
                number = _nearest_number(text, numbers, match.start(), match.end(), window)
                if number is None or number.start() in checked:
                    continue
                checked.add(number.start())
                written = parse_figure(number.group())
                if written is None or (written.percent != known.percent and written.value >= 1):
                    continue
                mentioned = True
                if not figures_agree(known, written):
                    found.append(
                        finding(
                            text,
                            "facts_figure_mismatch",
                            number.start(),
                            number.end(),
                            figure=key.replace("_", " "),
                            known=str(raw),
                        )
                    )
        if not mentioned and not _appears(numbers, known):
            start, end = letter.lines[0].start, letter.lines[0].end
            found.append(
                finding(
                    text,
                    "facts_figure_missing",
                    start,
                    end,
                    figure=key.replace("_", " "),
                    known=str(raw),
                )
            )
    return found


def _appears(numbers: list[re.Match[str]], known: Figure) -> bool:
    for number in numbers:
        written = parse_figure(number.group())
        if written and written.percent == known.percent and figures_agree(known, written):
            return True
    return False


def _nearest_number(
    text: str, numbers: list[re.Match[str]], start: int, end: int, window: int
) -> re.Match[str] | None:
    """The closest number to a label within ``window`` characters and the same sentence."""
    best: tuple[int, re.Match[str]] | None = None
    for number in numbers:
        if number.start() >= end:
            gap_text = text[end : number.start()]
        elif number.end() <= start:
            gap_text = text[number.end() : start]
        else:
            continue
        if len(gap_text) > window or re.search(r"[.!?;\n]\s", gap_text + " "):
            continue
        if best is None or len(gap_text) < best[0]:
            best = (len(gap_text), number)
    return best[1] if best else None
