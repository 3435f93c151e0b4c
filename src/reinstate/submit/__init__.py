"""Step 5, submit: the click-by-click guide per channel with the form boxes and what is known of
their limits, the frozen snapshot of what went out with its SHA-256, the e-mail that carries an
appeal in the notice's thread, and the follow-up rule (one receipt check after the wait, further
reminders only after a longer one, never a second appeal while one is pending).

Pure: no Django, no network, no clock (callers pass ``now``). The web layer stores and sends.
"""

from __future__ import annotations

from reinstate.submit.follow_up import (
    AppealPending,
    FollowUpDue,
    FollowUpRule,
    FollowUpText,
    blocks_new_appeal,
    follow_up_text,
    next_follow_up,
)
from reinstate.submit.guide import (
    FormLimit,
    Guide,
    form_limit,
    guide,
    suggested_channel,
)
from reinstate.submit.mail import (
    Attachment,
    OutgoingMail,
    build_message,
    message_bytes,
    new_message_id,
    reply_subject,
    thread,
)
from reinstate.submit.snapshot import FrozenFile, Snapshot, freeze

__all__ = [
    "AppealPending",
    "Attachment",
    "FollowUpDue",
    "FollowUpRule",
    "FollowUpText",
    "FormLimit",
    "FrozenFile",
    "Guide",
    "OutgoingMail",
    "Snapshot",
    "blocks_new_appeal",
    "build_message",
    "follow_up_text",
    "form_limit",
    "freeze",
    "guide",
    "message_bytes",
    "new_message_id",
    "next_follow_up",
    "reply_subject",
    "suggested_channel",
    "thread",
]
