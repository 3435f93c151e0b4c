"""Business operations on cases. Views, commands and jobs call these, one per operation; each
records what it did on the case timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from reinstate.workflow import Status, transition
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case, CaseEvent, Deadline, SellerAccount
from reinstate_web.teams.audit import origin

# Amazon's answers to a submission: the time to answer is measured up to the first of them.
ANSWERS = frozenset({Status.REINSTATED, Status.MORE_INFO_REQUESTED, Status.DENIED})


def record(case: Case, kind: str, actor: User | None, **data: Any) -> CaseEvent:
    """One line of the case's timeline and audit log, with where the request came from."""
    ip, user_agent = origin()
    return CaseEvent.objects.create(
        case=case, kind=kind, actor=actor, data=data, ip=ip, user_agent=user_agent
    )


@transaction.atomic
def open_case(
    account: SellerAccount,
    *,
    title: str,
    actor: User | None,
    category: str = "",
    scope: str = "unknown",
) -> Case:
    marketplaces = account.marketplaces or []
    case = Case.objects.create(
        account=account,
        title=title,
        category=category,
        scope=scope,
        created_by=actor,
        assignee=actor,
        marketplace=str(marketplaces[0])[:2] if len(marketplaces) == 1 else "",
    )
    record(case, CaseEvent.Kind.CREATED, actor, title=title)
    return case


@transaction.atomic
def change_status(case: Case, requested: Status, *, actor: User | None) -> Case:
    """Move the case along its path; raises ``TransitionRefused`` for a move not allowed."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    previous = locked.status_enum
    locked.status = transition(previous, requested).value
    fields = ["status", "updated_at"]
    if requested is Status.SUBMITTED:
        locked.submitted_at, locked.answered_at = timezone.now(), None
        fields += ["submitted_at", "answered_at"]
    elif requested in ANSWERS and locked.submitted_at and locked.answered_at is None:
        locked.answered_at = timezone.now()
        fields.append("answered_at")
    locked.save(update_fields=fields)
    record(locked, CaseEvent.Kind.STATUS, actor, previous=previous.value, status=requested.value)
    case.status = locked.status
    case.submitted_at, case.answered_at = locked.submitted_at, locked.answered_at
    return locked


def add_deadline(
    case: Case,
    *,
    due_at: datetime,
    kind: str = Deadline.Kind.APPEAL,
    label: str = "",
    source: str = Deadline.Source.MANUAL,
    actor: User | None = None,
) -> Deadline:
    deadline = Deadline.objects.create(
        case=case, due_at=due_at, kind=kind, label=label, source=source
    )
    record(
        case, CaseEvent.Kind.DEADLINE, actor, deadline=kind, label=label, due_at=due_at.isoformat()
    )
    return deadline


def assign(case: Case, assignee: User | None, *, actor: User | None) -> Case:
    case.assignee = assignee
    case.save(update_fields=["assignee", "updated_at"])
    record(case, CaseEvent.Kind.NOTE, actor, assignee=assignee.email if assignee else None)
    return case
