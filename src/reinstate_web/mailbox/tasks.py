"""Background jobs of the mailbox (huey): every minute, each connected mailbox whose poll
interval has passed is polled, one job per mailbox (``services.poll`` takes a lease, so two
jobs for one mailbox never poll it at the same time, and a scheduled poll runs only while the
mailbox is due: several workers, each with a scheduler, still poll it once per round)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from reinstate_web.mailbox import services


@db_task()  # type: ignore[untyped-decorator]
def poll_mailbox(connection_id: int, due_only: bool = False) -> None:
    """Take the mailbox's new messages from Amazon once (``due_only``: a scheduled poll)."""
    services.poll(connection_id, due_only=due_only)


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def poll_due_mailboxes() -> None:
    """Queue a poll of every mailbox that is due (REINSTATE_MAILBOX_POLL_MINUTES)."""
    for connection_id in services.due_connections():
        poll_mailbox(connection_id, due_only=True)
