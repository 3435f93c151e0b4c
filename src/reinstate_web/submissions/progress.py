"""How a submission moves the case along the workflow (``reinstate.workflow``), through the
existing ``cases.services.change_status``: an appeal that went out makes the case *submitted*, then
*waiting for Amazon*; a follow-up makes it *receipt check sent*. Every move is on the timeline."""

from __future__ import annotations

from collections import deque

from reinstate.codes import SubmissionKind
from reinstate.workflow import ALLOWED, Status
from reinstate_web.accounts.models import User
from reinstate_web.cases import services as case_services
from reinstate_web.cases.models import Case, CaseEvent
from reinstate_web.submissions.models import Submission
from reinstate_web.submissions.pending import ANSWER_STATUSES, decision_after, went_out_at

WAITING = (Status.SUBMITTED, Status.AWAITING_REPLY, Status.FOLLOW_UP)
_OUTCOME_STATUS = {
    "more_info": Status.MORE_INFO_REQUESTED,
    "denied": Status.DENIED,
    "reinstated": Status.REINSTATED,
}


def _path(current: Status, target: Status) -> list[Status]:
    """The shortest way along the workflow, never through a hand-over or an answer."""
    avoid = {Status.ESCALATED, *ANSWER_STATUSES} - {target}
    queue: deque[list[Status]] = deque([[current]])
    seen = {current}
    while queue:
        route = queue.popleft()
        if route[-1] is target:
            return route[1:]
        for step in sorted(ALLOWED[route[-1]], key=lambda s: s.value):
            if step not in seen and step not in avoid:
                seen.add(step)
                queue.append([*route, step])
    return []


def _walk(case: Case, target: Status, actor: User | None) -> None:
    case.refresh_from_db(fields=["status"])
    for step in _path(case.status_enum, target):
        case_services.change_status(case, step, actor=actor)


def _appeal_went_out(submission: Submission, actor: User | None) -> None:
    """An appeal left: the case is submitted and waits for Amazon."""
    case = submission.case
    case.refresh_from_db(fields=["status"])
    previous = (
        case.submissions.filter(kind=SubmissionKind.APPEAL.value, submitted_at__isnull=False)
        .exclude(pk=submission.pk)
        .order_by("-submitted_at", "-id")
        .first()
    )
    if case.status_enum in WAITING and previous is not None:
        # Amazon decided on the previous appeal but nobody moved the case: record it first.
        decision = decision_after(case, went_out_at(previous))
        target = _OUTCOME_STATUS.get(decision.reply_outcome) if decision else None
        if target is not None and target in ALLOWED[case.status_enum]:
            case_services.change_status(case, target, actor=actor)
    _walk(case, Status.SUBMITTED, actor)
    _walk(case, Status.AWAITING_REPLY, actor)


def _follow_up_went_out(case: Case, actor: User | None) -> None:
    case.refresh_from_db(fields=["status"])
    if case.status_enum is Status.SUBMITTED:
        case_services.change_status(case, Status.AWAITING_REPLY, actor=actor)
    if case.status_enum is Status.AWAITING_REPLY:
        case_services.change_status(case, Status.FOLLOW_UP, actor=actor)


def went_out(submission: Submission, actor: User | None) -> None:
    """Record on the timeline that ``submission`` went out, and move the case on."""
    case_services.record(
        submission.case,
        CaseEvent.Kind.NOTE,
        actor,
        submission=submission.pk,
        submission_kind=submission.kind,
        channel=submission.channel,
        state=submission.state,
        sha256=submission.sha256,
    )
    if submission.kind_enum is SubmissionKind.APPEAL:
        _appeal_went_out(submission, actor)
    else:
        _follow_up_went_out(submission.case, actor)
