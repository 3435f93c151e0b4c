"""Where a case stands on the seven steps, as the page shows it.

The core's ``step_states`` reads the status alone. Two things only the web layer knows change
what is honest to show:

- a case handed to a professional team ("escalated") stands where it was when it was handed
  over, not at the outcome: its earlier status is on the timeline;
- without a letter, no step that needs one (writing, evidence, checking, submitting, waiting)
  is "done", whatever the status says.
"""

from __future__ import annotations

from dataclasses import dataclass

from reinstate.workflow import Status, Step, StepState, step_states
from reinstate_web.cases.labels import STEP_HINTS, STEP_NAMES
from reinstate_web.cases.memo import has_drafts
from reinstate_web.cases.models import Case, CaseEvent

# Steps that are about the letter: never "done" on a case without one.
LETTER_STEPS = frozenset({Step.DRAFT, Step.EVIDENCE, Step.REVIEW, Step.SUBMIT, Step.WATCH})


@dataclass(frozen=True)
class StepRow:
    number: int
    state: str  # "done", "current" or "todo"
    name: str
    hint: str

    @property
    def template(self) -> str:
        return f"cases/steps/step_{self.number}.html"


def status_before_hand_over(case: Case) -> Status:
    """The status the case had when it was last handed to a professional team."""
    event = (
        case.events.filter(kind=CaseEvent.Kind.STATUS, data__status=Status.ESCALATED.value)
        .order_by("-at", "-id")
        .first()
    )
    try:
        previous = Status(str((event.data if event else {}).get("previous", "")))
    except ValueError:
        return Status.DIAGNOSING
    return Status.DIAGNOSING if previous is Status.ESCALATED else previous


def has_letter(case: Case) -> bool:
    return has_drafts(case)


def step_rows(case: Case) -> list[StepRow]:
    """The seven steps with their state, name and hint in the reader's language."""
    status = case.status_enum
    states: list[StepState] = step_states(
        status_before_hand_over(case) if status is Status.ESCALATED else status
    )
    letter = has_letter(case)
    rows = []
    for s in states:
        state = s.state
        if state == "done" and s.step in LETTER_STEPS and not letter:
            state = "todo"
        rows.append(StepRow(s.step.value, state, str(STEP_NAMES[s.step]), str(STEP_HINTS[s.step])))
    return rows
