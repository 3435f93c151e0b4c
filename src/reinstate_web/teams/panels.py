"""What the hand-over adds to the case page: for the seller, the team's status, its questions
and the versions it shared; for the team, its internal notes, the specialist, questions to ask
and versions to share."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from reinstate_web.accounts.models import User
from reinstate_web.cases.access import (
    acting_team,
    can_edit,
    is_seller_side,
)
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from reinstate_web.teams import casework, handover, queue
from reinstate_web.teams.models import CaseGrant


def context(request: HttpRequest, case: Case, user: User) -> dict[str, Any]:
    team = acting_team(user, case)
    grant = handover.live_grant(case)
    found: dict[str, Any] = {
        "team_view": team,
        "team_grant": grant,
        "team_can_edit": can_edit(user, case),
        "team_questions": list(casework.questions_for(case)),
        "team_shared": list(
            Draft.objects.filter(case=case, origin=Draft.Origin.SHARED)
            .select_related("created_by")
            .only("pk", "number", "created_at", "created_by__email", "created_by__name")
            .order_by("-number")
        ),
    }
    if team is not None:
        found.update(
            team_notes=list(casework.notes_for(user, case)),
            team_unshared=casework.unshared_version(case, team),
            team_specialists=list(queue.specialists(team)),
        )
        return found
    found.update(
        team_seller=is_seller_side(user, case, edit=True),
        team_owner=is_seller_side(user, case),
        team_history=list(
            CaseGrant.objects.filter(case=case)
            .exclude(state__in=CaseGrant.LIVE)
            .select_related("team")[:10]
        ),
    )
    return found
