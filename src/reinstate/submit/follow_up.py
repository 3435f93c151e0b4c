"""The follow-up rule: after the wait with no answer from Amazon, one receipt check in the same
thread; further reminders only after a longer wait. While an appeal is pending, no second one.

Time is always passed in (``now``), never read here, so tests set the clock.

    >>> rule = FollowUpRule.from_settings(first_hours=48, reminder_days=7)
    >>> due = next_follow_up(datetime(2026, 5, 1, 9, tzinfo=UTC), (), rule)
    >>> due.kind.value, due.due_at.isoformat()
    ('receipt_check', '2026-05-03T09:00:00+00:00')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from reinstate.codes import SubmissionKind, SubmissionState
from reinstate.compose.text import Text
from reinstate.errors import KnowledgeBaseError, ReinstateError
from reinstate.knowledge.loader import load
from reinstate.submit.guide import default_wait

# A submission in these states went out, or may have: it is the appeal Amazon is reviewing.
WENT_OUT = frozenset({SubmissionState.RECORDED, SubmissionState.SENT, SubmissionState.UNCONFIRMED})
# On its way out: a second appeal now would be a duplicate as well.
IN_FLIGHT = frozenset(
    {SubmissionState.QUEUED, SubmissionState.SENDING, SubmissionState.TRANSMITTING}
)
# Limits a person may set (hours before the receipt check, days between reminders).
FIRST_HOURS_RANGE = (24, 24 * 14)
REMINDER_DAYS_RANGE = (2, 60)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
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


class AppealPending(ReinstateError):
    """A second appeal on the same enforcement while the first is under review."""

    def __init__(self, submitted_at: datetime | None) -> None:
        super().__init__(
            "An appeal on this enforcement is still waiting for Amazon's answer: a second one "
            "would count as a duplicate contact.",
            code="appeal_pending",
        )
        self.submitted_at = submitted_at


@dataclass(frozen=True, slots=True)
class FollowUpRule:
    first_wait: timedelta
    reminder_wait: timedelta

    @classmethod
    def from_settings(cls, *, first_hours: int, reminder_days: int) -> FollowUpRule:
        low, high = FIRST_HOURS_RANGE
        if not low <= first_hours <= high:
            raise ValueError(f"the wait before the receipt check must be {low}-{high} hours")
        low, high = REMINDER_DAYS_RANGE
        if not low <= reminder_days <= high:
            raise ValueError(f"the wait between reminders must be {low}-{high} days")
        return cls(timedelta(hours=first_hours), timedelta(days=reminder_days))

    @classmethod
    def default(cls) -> FollowUpRule:
        wait = default_wait()
        return cls.from_settings(first_hours=wait.first_hours, reminder_days=wait.reminder_days)


@dataclass(frozen=True, slots=True)
class FollowUpDue:
    kind: SubmissionKind  # RECEIPT_CHECK first, REMINDER after it
    sequence: int  # 0 for the receipt check, 1, 2, ... for the reminders
    due_at: datetime

    def is_due(self, now: datetime) -> bool:
        return now >= self.due_at


def blocks_new_appeal(state: SubmissionState) -> bool:
    """True when an appeal in this state is (or may be) with Amazon, or on its way there."""
    return state in WENT_OUT or state in IN_FLIGHT


def next_follow_up(
    submitted_at: datetime, follow_ups: Sequence[datetime], rule: FollowUpRule
) -> FollowUpDue:
    """When the next follow-up becomes appropriate, given when the appeal went out and when
    each follow-up already sent went out. The caller decides that Amazon has not answered."""
    if not follow_ups:
        return FollowUpDue(SubmissionKind.RECEIPT_CHECK, 0, submitted_at + rule.first_wait)
    return FollowUpDue(
        SubmissionKind.REMINDER, len(follow_ups), max(follow_ups) + rule.reminder_wait
    )


@dataclass(frozen=True, slots=True)
class FollowUpText:
    """What goes to Amazon (``subject``, ``text.en``) and its meaning for the seller."""

    kind: SubmissionKind
    subject: str
    text: Text


def english_date(day: date) -> str:
    """The date as an English letter writes it.

    >>> english_date(date(2026, 5, 12))
    '12 May 2026'
    """
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _fill(template: str, values: dict[str, str]) -> str:
    """Placeholders replaced (no format spec is read from the values); a line whose placeholder
    has no value is left out."""
    lines = []
    for line in template.split("\n"):
        names = _PLACEHOLDER.findall(line)
        if any(not values.get(name) for name in names):
            continue
        lines.append(_PLACEHOLDER.sub(lambda m: values[m.group(1)], line))
    return "\n".join(lines)


def follow_up_text(
    kind: SubmissionKind,
    *,
    submitted_on: date,
    store: str,
    merchant_token: str = "",
    checked_on: date | None = None,
) -> FollowUpText:
    """The receipt check (or a later reminder) drafted from the knowledge base."""
    if kind is SubmissionKind.APPEAL:
        raise ValueError("an appeal is written by the composer, not here")
    raw: dict[str, Any] = load("submit")["follow_up"][kind.value]
    body = Text.parse(raw.get("body"), f"follow_up.{kind.value}.body")
    subject = raw.get("subject")
    if not isinstance(subject, str):
        raise KnowledgeBaseError(f"submit.yaml: follow_up.{kind.value}.subject is missing")
    common = {"store": " ".join(store.split()), "merchant_token": merchant_token.strip()}
    english = {
        **common,
        "submitted_on": english_date(submitted_on),
        "checked_on": english_date(checked_on) if checked_on else "",
    }
    chinese = {
        **common,
        "submitted_on": chinese_date(submitted_on),
        "checked_on": chinese_date(checked_on) if checked_on else "",
    }
    return FollowUpText(
        kind=kind,
        subject=_fill(subject, english),
        text=Text(
            en=_fill(body.en, english),
            zh_hans=_fill(body.zh_hans, chinese),
            zh_hant=_fill(body.zh_hant, chinese),
        ),
    )


def utc(moment: datetime) -> datetime:
    """An aware datetime in UTC (a naive one is refused: time zones matter for the wait)."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no time zone")
    return moment.astimezone(UTC)
