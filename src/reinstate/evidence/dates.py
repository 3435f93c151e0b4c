"""Dates as documents print them, in English and Chinese, found with their position in a line.

``2025-11-03``, ``2025/11/03``, ``2025.11.03``, ``2025年11月3日``, ``3 November 2025``,
``3-Nov-2025``, ``November 3, 2025``, ``Nov. 3 2025``, and numeric ``03/11/2025``: a numeric date
whose day and month could be swapped is read day first unless that gives an impossible date
(the reading is marked ``ambiguous``). Every pattern is bounded and scans in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_M, _D = r"(?P<m>\d{1,2})", r"(?P<d>\d{1,2})"
_PATTERNS = (
    ("ymd", re.compile(rf"(?<!\d){_YEAR}\s?[-/.]\s?{_M}\s?[-/.]\s?{_D}(?!\d)")),
    ("zh", re.compile(rf"(?<!\d){_YEAR}\s?年\s?{_M}\s?月\s?{_D}\s?[日号號]?")),
    (
        "dmy_name",
        re.compile(
            rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s\-/]{{0,2}}{_MONTH}[\s\-/,]{{0,3}}"
            rf"{_YEAR}(?!\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "mdy_name",
        re.compile(
            rf"(?<![^\W\d_]){_MONTH}\s{{0,2}}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s{{0,2}}"
            rf"{_YEAR}(?!\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "numeric",
        re.compile(
            rf"(?<![\d/.\-])(?P<a>\d{{1,2}})\s?[/.\-]\s?(?P<b>\d{{1,2}})\s?[/.\-]\s?{_YEAR}(?!\d)"
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: date
    start: int
    end: int
    text: str
    ambiguous: bool = False


def _make(year: str, month: int, day: int) -> date | None:
    try:
        return date(int(year), month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Every date in ``text``, left to right (overlapping readings keep the first, longest).

    >>> [d.value.isoformat() for d in find_dates("Invoice Date: 3 Nov 2025, due 2025年12月3日")]
    ['2025-11-03', '2025-12-03']
    """
    found: list[FoundDate] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            ambiguous = False
            if name in ("ymd", "zh"):
                value = _make(groups["y"], int(groups["m"]), int(groups["d"]))
            elif name in ("dmy_name", "mdy_name"):
                month = MONTHS[groups["mon"].lower()[:4].rstrip("t")[:3]]
                value = _make(groups["y"], month, int(groups["d"]))
            else:
                first, second = int(groups["a"]), int(groups["b"])
                day_first = _make(groups["y"], second, first)
                month_first = _make(groups["y"], first, second)
                value = day_first or month_first
                ambiguous = bool(day_first and month_first and day_first != month_first)
            if value is None:
                continue
            start, end = match.span()
            if any(f.start < end and start < f.end for f in found):
                continue
            found.append(FoundDate(value, start, end, match.group().strip(), ambiguous))
    return sorted(found, key=lambda f: f.start)
