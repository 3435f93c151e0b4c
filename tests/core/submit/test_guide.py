"""The click-by-click guide per channel and what is known of the form's limits, from the
reviewed data in knowledge/submit.yaml."""

from __future__ import annotations

import pytest

from reinstate.codes import ChannelKind, ReplyOutcome, Scope, SubmissionChannel, SubmissionMethod
from reinstate.knowledge.loader import load
from reinstate.submit import form_limit, guide, suggested_channel
from reinstate.submit.guide import BOXES, default_wait, follow_up_guide, sources


@pytest.mark.parametrize("channel", list(SubmissionChannel))
def test_it_has_a_guide_in_three_languages_for_every_channel(channel: SubmissionChannel) -> None:
    found = guide(channel)
    assert len(found.steps) >= 3
    for step in found.steps:
        assert step.en
        assert step.zh_hans
        assert step.zh_hant
        assert step.zh_hans != step.en
    assert found.source in sources()


def test_it_pastes_boxes_only_into_seller_central_forms() -> None:
    for channel in SubmissionChannel:
        found = guide(channel)
        if found.method is SubmissionMethod.COPY:
            assert found.boxes == BOXES
        else:
            assert found.boxes == ()


def test_it_says_the_form_limit_is_unconfirmed_and_never_invents_a_figure() -> None:
    data = load("submit")["form_limits"]
    assert data["confirmed"] is False
    assert data["limit"] == "unconfirmed"
    for box in BOXES:
        limit = form_limit(box)
        assert limit.confirmed is False
        assert limit.limit is None
        # What the page shows ("about N") is Reinstate's own working limit from compose.
        assert limit.shown_limit == load("common")["form_limits"][box]


def test_it_names_its_source_for_every_fact() -> None:
    notes = sources()
    assert "G200370560" in notes
    assert "sellercentral.amazon.com/gp/help/external/G200370560" in notes["G200370560"]
    assert default_wait().source in notes
    assert form_limit("root_cause").source in notes


def test_it_waits_48_hours_then_7_days_by_default() -> None:
    wait = default_wait()
    assert (wait.first_hours, wait.reminder_days) == (48, 7)


@pytest.mark.parametrize(
    ("kind", "scope", "answered", "expected"),
    [
        (ChannelKind.ACCOUNT_HEALTH, Scope.ACCOUNT, None, "account_health_form"),
        (ChannelKind.ACCOUNT_HEALTH, Scope.LISTING, None, "listing_appeal"),
        (ChannelKind.PERFORMANCE_NOTIFICATIONS, Scope.ACCOUNT, None, "account_health_form"),
        (ChannelKind.UNKNOWN, Scope.UNKNOWN, None, "account_health_form"),
        (ChannelKind.REPLY_EMAIL, Scope.ACCOUNT, None, "reply_to_notice"),
        (ChannelKind.EMAIL, Scope.FUNDS, None, "email"),
        (ChannelKind.ACCOUNT_HEALTH, Scope.ACCOUNT, ReplyOutcome.MORE_INFO, "view_appeal"),
        (ChannelKind.EMAIL, Scope.ACCOUNT, ReplyOutcome.DENIED, "email"),
    ],
)
def test_it_suggests_the_channel_the_notice_points_to(
    kind: ChannelKind, scope: Scope, answered: ReplyOutcome | None, expected: str
) -> None:
    assert suggested_channel(kind, scope, answered_with=answered).value == expected


@pytest.mark.parametrize("method", list(SubmissionMethod))
def test_it_guides_the_follow_up_to_the_same_place_as_the_appeal(
    method: SubmissionMethod,
) -> None:
    steps = follow_up_guide(method)
    assert steps
    joined = " ".join(s.en for s in steps)
    assert "new" in joined.lower()  # "never as a new appeal" / "not a new message"
