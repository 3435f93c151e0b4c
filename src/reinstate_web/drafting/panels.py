"""What this app adds to the case page (merged into the case page's template context)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case


def context(request: HttpRequest, case: Case, user: User) -> dict[str, Any]:
    return {}
