"""Sending (or recording) the follow-up on a waiting appeal: the one receipt check after the
first wait, a reminder only after the longer one, in the appeal's own thread, never a second
appeal. One service for the case page and the API.

A refusal says exactly why, with a stable code: ``answered`` (Amazon answered the appeal: read
the answer instead), ``follow_up_sent`` (the receipt check or the last reminder already went and
the next wait is not over: writing again is a duplicate contact), ``follow_up_in_flight`` (one
is on its way out), ``follow_up_not_due`` (the first wait is not over),
``nothing_to_follow_up`` (no appeal went out). Two requests at once are taken one after the
other (a lock on the appeal), so the second finds the first and is refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.db import transaction

from reinstate.codes import SubmissionKind, SubmissionState
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.submissions import follow_ups
from reinstate_web.submissions.models import Submission
from reinstate_web.submissions.pending import answered_after, latest_appeal
from reinstate_web.submissions.records import (
    SubmitRefused,
    follow_up_channel,
    follow_up_recipient,
    queue_email,
    record_submission,
)

How = Literal["email", "record"]
WENT = (SubmissionState.RECORDED, SubmissionState.SENT)  # as ``pending.waiting_appeal`` asks
REFUSALS = {
    "nothing_to_follow_up": "No appeal is waiting for an answer.",
    "answered": "Amazon has answered the appeal: read the answer instead of writing again.",
    "follow_up_in_flight": "A follow-up is on its way to Amazon.",
    "follow_up_sent": "The follow-up already went; writing again before the next wait is over "
    "would be a duplicate contact.",
    "follow_up_not_due": "It is too early for a follow-up.",
}


def refusal(case: Case, state: follow_ups.FollowUpState | None) -> str | None:
    """Why no follow-up may go now (a code of ``REFUSALS``), or None when one may."""
    if state is None:
        appeal = latest_appeal(case)
        went = appeal is not None and appeal.state_enum in WENT
        when = appeal.submitted_at if appeal is not None else None
        if went and when is not None and answered_after(case, when):
            return "answered"
        return "nothing_to_follow_up"
    if state.in_flight is not None:
        return "follow_up_in_flight"
    if not state.is_due:
        return "follow_up_sent" if state.sent else "follow_up_not_due"
    return None


def send_follow_up(
    case: Case, *, how: How, actor: User | None, now: datetime, case_url: str = ""
) -> Submission:
    """The follow-up that is due, e-mailed in the appeal's thread (``email``: queued; the
    entry point hands it to the sending job) or recorded as sent by the seller in Seller
    Central (``record``). Raises SubmitRefused (a code above, or one of the e-mail's:
    ``not_email`` for an appeal made in Seller Central, ``not_configured``...)."""
    with transaction.atomic():
        appeal = latest_appeal(case)
        if appeal is not None:
            # Two requests at once: the second waits here (a row lock on PostgreSQL; SQLite's
            # immediate transactions take the write lock), then sees the first one's follow-up.
            list(Submission.objects.select_for_update().filter(pk=appeal.pk).values("pk"))
        state = follow_ups.follow_up_state(case, now)
        code = refusal(case, state)
        if code is not None or state is None:
            code = code or "nothing_to_follow_up"
            raise SubmitRefused(REFUSALS[code], code=code)
        channel = follow_up_channel(state.appeal)
        kind = SubmissionKind(state.due.kind)
        if how == "email":
            return queue_email(
                case,
                channel=channel,
                to=follow_up_recipient(state.appeal),
                actor=actor,
                now=now,
                kind=kind,
                case_url=case_url,
            )
        return record_submission(
            case, channel=channel, actor=actor, now=now, kind=kind, case_url=case_url
        )
