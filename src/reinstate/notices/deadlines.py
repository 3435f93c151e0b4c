"""Time limits a notice sets: "within 17 days", "you have 17 days to respond", "17 days from the
date of this notice", "48 hours", "5 business days", "by June 7, 2019", in 13 languages.

Patterns, exclusions and month names are data (``knowledge/notices/deadlines.yaml``). A relative
limit gets an absolute due date when the message's send time (or, failing that, ``today``) is
known; business days skip Saturdays and Sundays (public holidays are not known here).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from reinstate.knowledge.loader import load
from reinstate.notices.model import Deadline
from reinstate.notices.phrases import NormalText, compile_phrase


@dataclass(frozen=True, slots=True)
class _Rules:
    relative: dict[str, list[re.Pattern[str]]]
    exclude: dict[str, re.Pattern[str]]
    timing: dict[str, re.Pattern[str]]
    hours: re.Pattern[str]
    business: re.Pattern[str]
    weeks: re.Pattern[str]
    dates: list[re.Pattern[str]]
    context_before: dict[str, re.Pattern[str]]
    context_after: dict[str, re.Pattern[str]]
    months: dict[str, int]
    words: dict[str, dict[str, int]]


@cache
def _rules() -> _Rules:
    data = load("notices/deadlines")
    words = {
        lang: {str(word).lower(): int(value) for word, value in table.items()}
        for lang, table in (data.get("number_words") or {}).items()
    }
    relative = {
        lang: [
            compile_phrase(p.replace("{n}", _number_group(lang, words.get(lang, {}))), lang)
            for p in patterns
        ]
        for lang, patterns in data["relative"].items()
    }
    exclude = {
        lang: re.compile(p if lang in ("ja", "zh") else rf"(?<![\w-])(?:{p})(?!\w)", re.I)
        for lang, p in data["exclude_near"].items()
    }
    timing = {lang: re.compile(p, re.I) for lang, p in data["amazon_timing"].items()}
    units = data["units"]
    months: dict[str, int] = {}
    for number, names in data["months"].items():
        for name in names:
            months[str(name).lower()] = int(number)
    names = "|".join(sorted((re.escape(n) for n in months), key=len, reverse=True))
    dates = [
        # 7 June 2019, 7. Juni 2019, 7 de junio de 2019, 7th of June, 2019
        re.compile(
            rf"(?<!\w)(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+|of\s+)?(?P<m>{names})\.?"
            rf",?\s+(?:de\s+)?(?P<y>\d{{4}})(?!\d)"
        ),
        # June 7, 2019
        re.compile(
            rf"(?<!\w)(?P<m>{names})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)"
        ),
        # 2019年6月7日
        re.compile(r"(?P<y>\d{4})\s*年\s*(?P<mo>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
        # 2019-06-07
        re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?![\d-])"),
        # 07.06.2019
        re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>\d{4})(?![\d.])"),
    ]
    return _Rules(
        relative=relative,
        exclude=exclude,
        timing=timing,
        hours=re.compile(units["hours"], re.I),
        business=re.compile(units["business"], re.I),
        weeks=re.compile(units["weeks"], re.I),
        dates=dates,
        context_before={k: re.compile(v, re.I) for k, v in data["date_context"].items()},
        context_after={k: re.compile(v, re.I) for k, v in data["date_context_after"].items()},
        months=months,
        words=words,
    )


def _number_group(lang: str, words: dict[str, int]) -> str:
    """The regex of a pattern's ``{n}``: digits or, where the language has them, number words.

    A number never continues a word or a longer number ("2017 days" is not "017 days"); in
    Japanese and Chinese a letter may come right before it ("から17日以内").
    """
    before = r"(?<!\d)" if lang in ("ja", "zh") else r"(?<![\w.,])"
    names = "".join("|" + re.escape(w) for w in sorted(words, key=len, reverse=True))
    return rf"{before}(?P<n>\d{{1,3}}{names})"


def _not_a_limit(before: str, lang: str) -> bool:
    """Whether the words before a "within N days" show it is not the seller's deadline."""
    rules = _rules()
    # Only the words of the same clause can say what the number measures ...
    clause = re.split(r"[.,;:!?。，；：！？\n]", before)[-1]
    timing = rules.timing.get(lang)
    if timing and timing.search(clause):
        return True
    # ... and of those, only the last two words say what is counted.
    near = clause[-8:] if lang in ("ja", "zh") else " ".join(clause.split()[-2:])
    exclude = rules.exclude.get(lang)
    return bool(exclude and exclude.search(near))


def add_business_days(start: date, days: int) -> date:
    current = start
    added = 0
    while added < days:
        current += timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


def _due(
    days: int | None,
    hours: int | None,
    business: bool,
    sent_at: datetime | None,
    today: date | None,
) -> date | None:
    if sent_at is None and today is None:
        return None
    if hours is not None:
        if sent_at is not None:
            return (sent_at + timedelta(hours=hours)).date()
        assert today is not None
        return today + timedelta(days=math.ceil(hours / 24))
    base = sent_at.date() if sent_at is not None else today
    assert base is not None
    assert days is not None
    return add_business_days(base, days) if business else base + timedelta(days=days)


def _relative(
    text: NormalText, langs: list[str], sent_at: datetime | None, today: date | None
) -> list[tuple[int, Deadline]]:
    rules = _rules()
    found: list[tuple[int, Deadline]] = []
    for lang in langs:
        for pattern in rules.relative.get(lang, []):
            for match in pattern.finditer(text.norm):
                if _not_a_limit(text.norm[max(0, match.start() - 80) : match.start()], lang):
                    continue
                raw = match.group("n")
                number = rules.words.get(lang, {}).get(raw)
                if number is None:
                    try:
                        number = int(raw)
                    except ValueError:
                        continue
                unit = match.group("unit")
                start, end = text.span(match.start(), match.end())
                phrase = " ".join(text.original[start:end].split())
                business = bool(rules.business.search(unit))
                if rules.hours.search(unit):
                    days, hours = None, number
                elif rules.weeks.search(unit):
                    days, hours = number * 7, None
                else:
                    days, hours = number, None
                due = _due(days, hours, business, sent_at, today)
                found.append((start, Deadline(days, hours, due, phrase, business)))
    return found


def _absolute(text: NormalText, langs: list[str]) -> list[tuple[int, Deadline]]:
    rules = _rules()
    found: list[tuple[int, Deadline]] = []
    for pattern in rules.dates:
        for match in pattern.finditer(text.norm):
            groups = match.groupdict()
            month = int(groups["mo"]) if groups.get("mo") else rules.months.get(groups["m"], 0)
            try:
                when = date(int(groups["y"]), month, int(groups["d"]))
            except (ValueError, TypeError):
                continue
            before_start = max(0, match.start() - 40)
            before = text.norm[before_start : match.start()]
            after = text.norm[match.end() : match.end() + 12]
            phrase_start, phrase_end = match.start(), match.end()
            context = _first(rules.context_before, langs, before)
            if context is not None:
                phrase_start = before_start + context.start()
            else:
                context = _first(rules.context_after, langs, after)
                if context is None:
                    continue
                phrase_end = match.end() + context.end()
            start, _ = text.span(match.start(), match.end())
            o_start, o_end = text.span(phrase_start, phrase_end)
            phrase = " ".join(text.original[o_start:o_end].split())
            found.append((start, Deadline(None, None, when, phrase)))
    return found


def _first(
    patterns: dict[str, re.Pattern[str]], langs: list[str], window: str
) -> re.Match[str] | None:
    for lang in langs:
        pattern = patterns.get(lang)
        match = pattern.search(window) if pattern else None
        if match:
            return match
    return None


def find_deadlines(
    text: NormalText,
    lang: str,
    *,
    sent_at: datetime | None = None,
    today: date | None = None,
) -> tuple[Deadline, ...]:
    """Deadlines in order of appearance (the notice's own language plus English)."""
    langs = list(dict.fromkeys([lang, "en"]))
    found = _relative(text, langs, sent_at, today) + _absolute(text, langs)
    found.sort(key=lambda item: item[0])
    unique: dict[tuple[int | None, int | None, date | None], Deadline] = {}
    for _, deadline in found:
        unique.setdefault((deadline.days, deadline.hours, deadline.date), deadline)
    return tuple(unique.values())
