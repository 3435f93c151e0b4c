"""Business operations of step 5 and the wait, one per entry point: views, jobs and the demo call
these (``records``: freeze and record what goes to Amazon; ``outbox``: send it by e-mail and pick
up after a stop; ``progress``: how the case moves). Nothing here imports ``tasks``: an entry point
hands a queued e-mail to the job queue after :func:`queue_email` returns.
"""

from __future__ import annotations

from reinstate_web.submissions.follow_up_sending import send_follow_up
from reinstate_web.submissions.outbox import (
    confirm_sent,
    mail_server,
    resume_sends,
    save_smtp_settings,
    send_again,
    send_by_email,
)
from reinstate_web.submissions.records import (
    SubmitRefused,
    Upload,
    default_recipient,
    first_notice,
    follow_up_channel,
    follow_up_recipient,
    queue_email,
    record_submission,
    refuse_if_pending,
    submissions,
)

__all__ = [
    "SubmitRefused",
    "Upload",
    "confirm_sent",
    "default_recipient",
    "first_notice",
    "follow_up_channel",
    "follow_up_recipient",
    "mail_server",
    "queue_email",
    "record_submission",
    "refuse_if_pending",
    "resume_sends",
    "save_smtp_settings",
    "send_again",
    "send_by_email",
    "send_follow_up",
    "submissions",
]
