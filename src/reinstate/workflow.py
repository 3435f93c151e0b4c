"""The life of a case: its status, the seven steps the seller walks, and the allowed moves.

The status is an explicit state machine. Every change of status goes through
:func:`transition`, which refuses a move the table does not allow, so a case can never jump
from diagnosing straight to "submitted" or come back to life after a final answer.

>>> transition(Status.DIAGNOSING, Status.DRAFTING)
<Status.DRAFTING: 'drafting'>
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from reinstate.errors import ReinstateError


class Status(StrEnum):
    DIAGNOSING = "diagnosing"
    DRAFTING = "drafting"
    EVIDENCE = "evidence"
    REVIEW = "review"
    SUBMITTED = "submitted"
    AWAITING_REPLY = "awaiting_reply"
    FOLLOW_UP = "follow_up"
    REINSTATED = "reinstated"
    MORE_INFO_REQUESTED = "more_info_requested"
    DENIED = "denied"
    ESCALATED = "escalated"


class Step(IntEnum):
    """The seven steps of the guided path, in the order the seller meets them."""

    DIAGNOSE = 1
    DRAFT = 2
    EVIDENCE = 3
    REVIEW = 4
    SUBMIT = 5
    WATCH = 6
    OUTCOME = 7


STEP_OF_STATUS: dict[Status, Step] = {
    Status.DIAGNOSING: Step.DIAGNOSE,
    Status.DRAFTING: Step.DRAFT,
    Status.EVIDENCE: Step.EVIDENCE,
    Status.REVIEW: Step.REVIEW,
    Status.SUBMITTED: Step.SUBMIT,
    Status.AWAITING_REPLY: Step.WATCH,
    Status.FOLLOW_UP: Step.WATCH,
    Status.REINSTATED: Step.OUTCOME,
    Status.MORE_INFO_REQUESTED: Step.OUTCOME,
    Status.DENIED: Step.OUTCOME,
    Status.ESCALATED: Step.OUTCOME,
}

_WORKING = (Status.DIAGNOSING, Status.DRAFTING, Status.EVIDENCE, Status.REVIEW)
_ANSWERS = (Status.REINSTATED, Status.MORE_INFO_REQUESTED, Status.DENIED)

ALLOWED: dict[Status, frozenset[Status]] = {
    Status.DIAGNOSING: frozenset({Status.DRAFTING, Status.ESCALATED}),
    Status.DRAFTING: frozenset(
        {Status.DIAGNOSING, Status.EVIDENCE, Status.REVIEW, Status.ESCALATED}
    ),
    Status.EVIDENCE: frozenset({Status.DRAFTING, Status.REVIEW, Status.ESCALATED}),
    Status.REVIEW: frozenset(
        {Status.DRAFTING, Status.EVIDENCE, Status.SUBMITTED, Status.ESCALATED}
    ),
    # Amazon can answer before the seller marks the case as waiting.
    Status.SUBMITTED: frozenset({Status.AWAITING_REPLY, *_ANSWERS, Status.ESCALATED}),
    Status.AWAITING_REPLY: frozenset({Status.FOLLOW_UP, *_ANSWERS, Status.ESCALATED}),
    # One receipt check was sent; the case waits again (never a second appeal).
    Status.FOLLOW_UP: frozenset({Status.AWAITING_REPLY, *_ANSWERS, Status.ESCALATED}),
    # Reinstatement is final for this enforcement; a new notice opens a new case.
    Status.REINSTATED: frozenset(),
    # A request for more information is answered with a revised draft.
    Status.MORE_INFO_REQUESTED: frozenset({Status.DRAFTING, Status.EVIDENCE, Status.ESCALATED}),
    # After a denial the seller may revise once more where Amazon allows it, or get help.
    Status.DENIED: frozenset({Status.DRAFTING, Status.ESCALATED}),
    # Specialists take the case over and resume the same path.
    Status.ESCALATED: frozenset({*_WORKING, Status.SUBMITTED}),
}

FINAL: frozenset[Status] = frozenset(s for s, targets in ALLOWED.items() if not targets)


class TransitionRefused(ReinstateError):
    """The requested change of status is not allowed from the current status."""

    def __init__(self, current: Status, requested: Status) -> None:
        super().__init__(
            f"A case cannot go from {current.value!r} to {requested.value!r}.",
            code="transition_refused",
        )
        self.current = current
        self.requested = requested


def can_transition(current: Status, requested: Status) -> bool:
    return requested in ALLOWED[current]


def transition(current: Status, requested: Status) -> Status:
    """Return the new status, or raise :class:`TransitionRefused`."""
    if not can_transition(current, requested):
        raise TransitionRefused(current, requested)
    return requested


@dataclass(frozen=True)
class StepState:
    step: Step
    state: str  # "done", "current" or "todo"


def step_states(status: Status) -> list[StepState]:
    """Where the case stands on the guided path: earlier steps done, one current, rest to do."""
    current = STEP_OF_STATUS[status]
    states: list[StepState] = []
    for step in Step:
        if step < current:
            state = "done"
        elif step == current:
            state = "done" if status is Status.REINSTATED else "current"
        else:
            state = "todo"
        states.append(StepState(step, state))
    return states
