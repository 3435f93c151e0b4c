"""The follow-up rule with the clock passed in: one receipt check after the wait, reminders only
after the longer wait, its text in English with the Chinese meaning."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from reinstate.codes import SubmissionKind, SubmissionState
from reinstate.submit import FollowUpRule, blocks_new_appeal, follow_up_text, next_follow_up

SENT = datetime(2026, 5, 12, 9, 0, tzinfo=UTC)


def test_it_offers_the_receipt_check_only_when_the_wait_has_passed() -> None:
    rule = FollowUpRule.default()
    due = next_follow_up(SENT, (), rule)
    assert due.kind is SubmissionKind.RECEIPT_CHECK
    assert due.sequence == 0
    assert not due.is_due(SENT + timedelta(hours=47, minutes=59))
    assert due.is_due(SENT + timedelta(hours=48))


def test_it_waits_the_longer_wait_after_the_receipt_check() -> None:
    rule = FollowUpRule.default()
    checked = SENT + timedelta(hours=50)
    due = next_follow_up(SENT, (checked,), rule)
    assert due.kind is SubmissionKind.REMINDER
    assert due.sequence == 1
    assert due.due_at == checked + timedelta(days=7)
    later = next_follow_up(SENT, (checked, due.due_at + timedelta(hours=1)), rule)
    assert later.sequence == 2
    assert later.due_at == due.due_at + timedelta(hours=1, days=7)


def test_it_follows_an_organisations_own_waits() -> None:
    rule = FollowUpRule.from_settings(first_hours=72, reminder_days=10)
    assert next_follow_up(SENT, (), rule).due_at == SENT + timedelta(hours=72)


@pytest.mark.parametrize(("hours", "days"), [(1, 7), (48, 0), (10_000, 7), (48, 365)])
def test_it_refuses_waits_out_of_range(hours: int, days: int) -> None:
    with pytest.raises(ValueError, match="wait"):
        FollowUpRule.from_settings(first_hours=hours, reminder_days=days)


@pytest.mark.parametrize(
    ("state", "blocks"),
    [
        (SubmissionState.RECORDED, True),
        (SubmissionState.SENT, True),
        (SubmissionState.UNCONFIRMED, True),
        (SubmissionState.QUEUED, True),
        (SubmissionState.SENDING, True),
        (SubmissionState.TRANSMITTING, True),
        (SubmissionState.FAILED, False),
    ],
)
def test_it_counts_an_appeal_on_its_way_or_gone_as_pending(
    state: SubmissionState, blocks: bool
) -> None:
    assert blocks_new_appeal(state) is blocks


def test_it_drafts_the_receipt_check_in_english_with_its_chinese_meaning() -> None:
    text = follow_up_text(
        SubmissionKind.RECEIPT_CHECK,
        submitted_on=date(2026, 5, 12),
        store="Brightway Home",
        merchant_token="A3DEMO7BRIGHT9",
    )
    assert "12 May 2026" in text.text.en
    assert "Brightway Home" in text.text.en
    assert "Merchant token: A3DEMO7BRIGHT9" in text.text.en
    assert "received" in text.text.en
    assert "2026年5月12日" in text.text.zh_hans
    assert "收到" in text.text.zh_hans
    assert "2026年5月12日" in text.text.zh_hant
    assert "審核" in text.text.zh_hant
    assert text.subject == "Appeal submitted on 12 May 2026: confirmation of receipt"


def test_it_leaves_out_the_merchant_token_line_when_it_is_unknown() -> None:
    text = follow_up_text(
        SubmissionKind.RECEIPT_CHECK, submitted_on=date(2026, 5, 12), store="Brightway"
    )
    assert "Merchant token" not in text.text.en
    assert "Merchant token" not in text.text.zh_hans


def test_it_never_reads_a_format_spec_from_a_store_name() -> None:
    text = follow_up_text(
        SubmissionKind.RECEIPT_CHECK,
        submitted_on=date(2026, 5, 12),
        store="{merchant_token} {0.__class__}",
    )
    assert "{merchant_token} {0.__class__}" in text.text.en


def test_it_names_the_receipt_check_in_a_reminder() -> None:
    text = follow_up_text(
        SubmissionKind.REMINDER,
        submitted_on=date(2026, 5, 12),
        checked_on=date(2026, 5, 14),
        store="Brightway",
    )
    assert "14 May 2026" in text.text.en
    assert "2026年5月14日" in text.text.zh_hans


def test_it_never_writes_an_appeal() -> None:
    with pytest.raises(ValueError, match="composer"):
        follow_up_text(SubmissionKind.APPEAL, submitted_on=date(2026, 5, 12), store="x")
