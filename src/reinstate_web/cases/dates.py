"""Dates and moments as words in the reader's language, with the month's name.

The analysis report and other JSON records carry ISO dates ("2026-12-04"); templates and
presenters pass them here so that every date on a page reads the same way:

>>> from django.utils import translation
>>> with translation.override("en"):
...     long_date("2026-12-04")
'4 December 2026'
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from django.utils import timezone, translation
from django.utils.formats import date_format


def _as_date_or_moment(value: object) -> date | datetime | None:
    """A date or datetime from a date, a datetime or an ISO string; None when unreadable."""
    if isinstance(value, date):  # datetime is a date too
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            return None
    return None


def long_date(value: object) -> str:
    """ "4 December 2026" / "2026年12月4日"; moments in local time; text that is not a date is
    returned as it is (so nothing is lost), and None or "" gives ""."""
    parsed = _as_date_or_moment(value)
    if parsed is None:
        return "" if value in (None, "") else str(value)
    if isinstance(parsed, datetime):
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)
        parsed = parsed.date()
    return _day(parsed, translation.get_language() or "")


@lru_cache(maxsize=4096)
def _day(day: date, language: str) -> str:
    """One day in the active ``language`` (a list of fifty cases names the same days again and
    again; formatting one costs more than the rest of its row)."""
    return date_format(day, "DATE_FORMAT")


def long_datetime(value: object) -> str:
    """ "4 December 2026, 12:00" / "2026年12月4日 12:00" in local time; a plain date gives
    the date alone."""
    parsed = _as_date_or_moment(value)
    if parsed is None:
        return "" if value in (None, "") else str(value)
    if not isinstance(parsed, datetime):
        return date_format(parsed, "DATE_FORMAT")
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return date_format(parsed, "DATETIME_FORMAT")


def date_range(start: object, end: object) -> str:
    """A period as "28 August 2026 – 4 December 2026", each end written in full."""
    first, last = long_date(start), long_date(end)
    if first and last:
        return f"{first} – {last}"
    return first or last
