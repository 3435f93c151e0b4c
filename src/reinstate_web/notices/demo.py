"""This app's part of the demo case that ``make run`` loads."""

from __future__ import annotations

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case


def attach(case: Case, user: User) -> None:
    """Add this app's demo records to a newly created demo case."""
