"""The hourly job gathers the query planner's statistics (ops.statistics): on SQLite, which
never does it by itself, and on PostgreSQL after a bulk load. Without them SQLite sorted every
open case for a team's dashboard page (bench/dashboard.py: 11 ms against 0.1 ms)."""

from __future__ import annotations

import pytest
from django.db import connection

from reinstate_web.accounts.models import User
from reinstate_web.cases import services
from reinstate_web.cases.models import SellerAccount
from reinstate_web.ops import tasks

pytestmark = pytest.mark.django_db


def _case_statistics() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
            )
            if not cursor.fetchone()[0]:
                return 0
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'cases_case'")
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'cases_case'")
        return int(cursor.fetchone()[0])


def test_the_hourly_job_gathers_the_planners_statistics(
    account: SellerAccount, owner: User
) -> None:
    for number in range(30):
        services.open_case(account, title=f"Case {number}", actor=owner)
    assert _case_statistics() == 0
    tasks.refresh_statistics.call_local()
    assert _case_statistics() > 0
