"""Background jobs of step 5 and the wait (huey): sending an e-mail, picking up sends a stopped
worker left, and offering the follow-up when its time comes."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from reinstate_web.submissions import follow_ups, services
from reinstate_web.submissions.models import Submission


@db_task()  # type: ignore[untyped-decorator]
def send_submission(submission_id: int) -> None:
    """Send one queued e-mail (a job run twice, or after another worker took it, does nothing:
    the submission is claimed in the database first)."""
    services.send_by_email(submission_id)


def send_later(submission: Submission) -> None:
    """Entry points (views) hand a queued e-mail to the job queue with this."""
    send_submission(submission.pk)


@db_periodic_task(crontab(minute="*/2"))  # type: ignore[untyped-decorator]
def resume_sending() -> None:
    """Retry what is due and pick up what a stopped worker left (see services.resume_sends)."""
    for submission_id in services.resume_sends(timezone.now()):
        send_submission(submission_id)


@db_periodic_task(crontab(minute="*/10"))  # type: ignore[untyped-decorator]
def offer_follow_ups() -> None:
    """Tell the seller when the receipt check (or a later reminder) becomes appropriate."""
    follow_ups.offer_follow_ups(timezone.now())
