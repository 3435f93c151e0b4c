"""How case facts are written in the letter (English) and in its mirror (Chinese).

Locale-free on purpose: month names and separators are fixed here, so the letter does not change
with the machine's locale.

>>> format_date(date(2026, 11, 12), "en"), format_date(date(2026, 11, 12), "zh-hans")
('12 November 2026', '2026年11月12日')
>>> format_percent(0.018, 9, 500, "orders", "en")
'1.8% (9 of 500 orders)'
>>> join_list(["B0A", "B0B", "B0C"], "en"), join_list(["B0A", "B0B", "B0C"], "zh-hans")
('B0A, B0B and B0C', 'B0A、B0B 和 B0C')
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(value: date, lang: str) -> str:
    if lang == "en":
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"


def format_int(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def format_fraction(value: float) -> str:
    """A fraction as a percentage with at most two decimals: 0.0231 -> '2.31%', 0.04 -> '4%'."""
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def format_percent(
    value: float | None,
    numerator: int | None,
    denominator: int | None,
    unit: str,
    lang: str,
) -> str:
    """The rate with its numerator and denominator beside it, when they are known."""
    if value is None and numerator is not None and denominator:
        value = numerator / denominator
    if value is None:
        return ""
    rate = format_fraction(value)
    if numerator is None or not denominator:
        return rate
    if lang == "en":
        tail = f" {unit}" if unit else ""
        return f"{rate} ({numerator:,} of {denominator:,}{tail})"
    tail = f" {unit}" if unit else ""
    return f"{rate}（{numerator:,}/{denominator:,}{tail}）"


def join_list(items: Sequence[str], lang: str) -> str:
    """Items joined the way each language lists them."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if lang == "en":
        return ", ".join(items[:-1]) + " and " + items[-1]
    return "、".join(items[:-1]) + " 和 " + items[-1]


def format_money(value: object) -> str:
    if isinstance(value, int | float):
        return f"{value:,.2f}"
    return str(value)
