"""The parts of the case page that follow the case's status: the facts line under the title,
the seven-step bar, each step's state, the "move the case on" buttons, the deadlines and the
timeline.

The case page renders them once; a partial update (htmx) that may change the status renders
``cases/_oob.html`` with the same context, so the page never shows a stale step or status.
"""

from __future__ import annotations

from typing import Any

from reinstate.workflow import ALLOWED, Status
from reinstate_web.accounts.models import User
from reinstate_web.cases.access import can_edit, is_owner, is_seller_side
from reinstate_web.cases.labels import STATUS_NAMES
from reinstate_web.cases.memo import page_notices
from reinstate_web.cases.models import Case
from reinstate_web.cases.steps import step_rows


def case_chrome(case: Case, user: User, *, refresh: bool = True) -> dict[str, Any]:
    """Template context of the status-dependent parts of the case page. ``refresh=False`` when
    ``case`` was read in this request and nothing changed it since (the page's GET)."""
    if refresh:
        case.refresh_from_db(fields=["status", "category", "scope", "title", "updated_at"])
    steps = step_rows(case)
    current = next((s.number for s in steps if s.state == "current"), None)
    return {
        "case": case,
        "steps": steps,
        "current_step": current,
        "can_edit": can_edit(user, case),
        # A professional team reaches the case, not the seller's account page.
        "seller_side": is_seller_side(user, case),
        # Only an owner of the seller's organisation deletes a case (cases/retention.py).
        "can_delete": is_owner(user, case.account.organisation_id),
        "next_statuses": [
            (s.value, STATUS_NAMES[s]) for s in Status if s in ALLOWED[case.status_enum]
        ],
        # A list: the page reads the first one and then all of them (one query, not two).
        "deadlines": list(case.open_deadlines()),
        "events": case.events.select_related("actor")[:50],
        # Deadline labels quote the notice ("within 17 days"): marked in its language.
        "notice_language": _notice_language(case),
    }


def _notice_language(case: Case) -> str:
    notices = page_notices(case)
    if notices is not None:  # the page read the case's messages already
        first = [n for n in notices if n.kind == "notice"]
        notice = min(first, key=lambda n: (n.added_at, n.pk), default=None)
    else:
        notice = case.notices.filter(kind="notice").order_by("added_at", "id").first()
    return (notice.language if notice else "") or "en"
