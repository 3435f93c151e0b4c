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
from reinstate_web.cases.memo import in_page
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from reinstate_web.drafting.services import visible_versions
from reinstate_web.teams import casework, queue
from reinstate_web.teams.models import CaseGrant


def context(request: HttpRequest, case: Case, user: User) -> dict[str, Any]:
    team = acting_team(user, case)
    # The live hand-over (handover.live_grant: one at a time) and the earlier ones, in one query.
    grants = list(
        CaseGrant.objects.filter(case=case)
        .select_related("team", "created_by", "answered_by")
        .order_by("pk")
    )
    grant = next((g for g in grants if g.state in CaseGrant.LIVE), None)
    found: dict[str, Any] = {
        "team_view": team,
        "team_grant": grant,
        "team_can_edit": can_edit(user, case),
        "team_questions": list(casework.questions_for(case)),
        # Shared versions belong to no team: the drafting panel's list of the versions the
        # user sees holds them all (on the case page, read once for both).
        "team_shared": [d for d in visible_versions(case, user) if d.origin == Draft.Origin.SHARED]
        if in_page()
        else list(
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
        team_history=[g for g in grants if g.state not in CaseGrant.LIVE][:10],
    )
    return found
