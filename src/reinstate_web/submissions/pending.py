"""Has Amazon answered? Which appeal is still with Amazon? (Queries only; no changes.)

Two questions with two answers:

- the follow-up rule stops at *any* answer from Amazon after the appeal: a reply added to the
  case (by the mailbox watcher or pasted by hand), including a plain acknowledgement;
- a second appeal stays refused until Amazon *decided* (reinstated, more information, denied)
  or a person moved the case to such an answer: an acknowledgement means it is still being
  reviewed, and a second appeal then is a duplicate contact.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q

from reinstate.codes import ReplyOutcome, SubmissionKind, SubmissionState
from reinstate.submit import blocks_new_appeal
from reinstate.workflow import Status
from reinstate_web.cases.memo import in_page, page_notices, per_page, remember_per_case
from reinstate_web.cases.models import Case, CaseEvent
from reinstate_web.notices.models import Notice
from reinstate_web.submissions.models import Submission

ANSWER_STATUSES = (Status.REINSTATED, Status.MORE_INFO_REQUESTED, Status.DENIED)
DECISIONS = (ReplyOutcome.REINSTATED, ReplyOutcome.MORE_INFO, ReplyOutcome.DENIED)


def _replies_after(case: Case, moment: datetime) -> Q:
    return Q(case=case, kind=Notice.Kind.REPLY) & (Q(added_at__gt=moment) | Q(sent_at__gt=moment))


def _first_reply(
    notices: list[Notice], moment: datetime, outcomes: tuple[str, ...]
) -> Notice | None:
    """As ``_replies_after`` (with an outcome among ``outcomes`` when given) ordered by
    ("added_at", "id"), first: picked from the case's messages the page read already."""
    found = [
        n
        for n in notices
        if n.kind == Notice.Kind.REPLY
        and (n.added_at > moment or (n.sent_at is not None and n.sent_at > moment))
        and (not outcomes or n.reply_outcome in outcomes)
    ]
    first: Notice | None = min(found, key=lambda n: (n.added_at, n.pk), default=None)
    return first


@per_page  # the waiting, pending and suggestion panels all ask
def reply_after(case: Case, moment: datetime) -> Notice | None:
    """Amazon's first answer on the case after ``moment``, if any."""
    if (notices := page_notices(case)) is not None:
        return _first_reply(notices, moment, ())
    return Notice.objects.filter(_replies_after(case, moment)).order_by("added_at", "id").first()


def _answer_statuses() -> Q:
    """A person moved the case to one of Amazon's answers."""
    return Q(kind=CaseEvent.Kind.STATUS, data__status__in=[s.value for s in ANSWER_STATUSES])


@per_page  # on a page, every moment asked about is answered from this one list
def answer_status_events(case: Case) -> list[CaseEvent]:
    """When a person moved the case to one of Amazon's answers (the status events)."""
    return list(case.events.filter(_answer_statuses()).only("id", "case_id", "at"))


def read_answer_status_events(cases: list[Case]) -> None:
    """Within a page: each case's :func:`answer_status_events` for a list of cases, in one
    query."""
    events = CaseEvent.objects.filter(_answer_statuses(), case__in=cases)
    remember_per_case(answer_status_events, cases, events.only("id", "case_id", "at"))


@per_page  # the waiting, pending and suggestion panels all ask
def _answer_status_after(case: Case, moment: datetime) -> bool:
    if in_page():
        return any(event.at > moment for event in answer_status_events(case))
    return case.events.filter(_answer_statuses(), at__gt=moment).exists()


def answered_after(case: Case, moment: datetime) -> bool:
    """Any answer from Amazon (or a person recording one) after ``moment``."""
    return reply_after(case, moment) is not None or _answer_status_after(case, moment)


@per_page  # the waiting, pending and suggestion panels all ask
def decision_after(case: Case, moment: datetime) -> Notice | None:
    """Amazon's deciding reply after ``moment`` (reinstated, more information, denied)."""
    if (notices := page_notices(case)) is not None:
        return _first_reply(notices, moment, tuple(o.value for o in DECISIONS))
    return (
        Notice.objects.filter(_replies_after(case, moment))
        .filter(reply_outcome__in=[o.value for o in DECISIONS])
        .order_by("added_at", "id")
        .first()
    )


def decided_after(case: Case, moment: datetime) -> bool:
    return decision_after(case, moment) is not None or _answer_status_after(case, moment)


def went_out_at(submission: Submission) -> datetime:
    """When it went out; for one still on its way, when it was recorded."""
    return submission.submitted_at or submission.created_at


@per_page  # step 5's history, step 6's waiting panel and latest_appeal on the case page
def case_submissions(case: Case) -> list[Submission]:
    """The case's submissions of every kind, newest first."""
    return list(case.submissions.select_related("submitted_by").order_by("-created_at", "-id"))


def read_case_submissions(cases: list[Case]) -> None:
    """Within a page: each case's :func:`case_submissions` for a list of cases, in one query
    (the same rows and order as the case's own)."""
    submissions = Submission.objects.filter(case__in=cases).select_related("submitted_by")
    remember_per_case(case_submissions, cases, submissions.order_by("-created_at", "-id"))


@per_page
def latest_appeal(case: Case) -> Submission | None:
    """The case's latest appeal that went, may have gone, or is going out (not a failed one)."""
    if in_page():  # the page lists the case's submissions anyway
        appeals: Iterable[Submission] = (
            s for s in case_submissions(case) if s.kind == SubmissionKind.APPEAL.value
        )
    else:
        appeals = case.submissions.filter(kind=SubmissionKind.APPEAL.value).order_by(
            "-created_at", "-id"
        )
    for appeal in appeals:
        if blocks_new_appeal(appeal.state_enum):
            return appeal
    return None


def pending_appeal(case: Case) -> Submission | None:
    """The appeal Amazon has not decided on yet (it blocks a second one), or None."""
    appeal = latest_appeal(case)
    if appeal is None or decided_after(case, went_out_at(appeal)):
        return None
    return appeal


def waiting_appeal(case: Case) -> Submission | None:
    """The appeal that went out and has no answer at all yet (the follow-up rule runs on it)."""
    appeal = latest_appeal(case)
    if appeal is None or appeal.state_enum not in (
        SubmissionState.RECORDED,
        SubmissionState.SENT,
    ):
        return None
    assert appeal.submitted_at is not None
    if answered_after(case, appeal.submitted_at):
        return None
    return appeal
