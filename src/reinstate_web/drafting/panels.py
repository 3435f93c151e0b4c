"""What this app adds to the case page (merged into the case page's template context)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.drafting import presenters


def context(request: HttpRequest, case: Case, user: User) -> dict[str, Any]:
    """Steps 2, 4 and 5: the questionnaire and drafts, the latest check, the submission kit."""
    return presenters.context(case, user)
