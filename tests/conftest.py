"""Which tests ``make test`` runs a second time on PostgreSQL and Redis (``-m backends`` under
``python -m tests.backends.run``): the ones that exercise the database and the job queue
most, kept short enough for two cores. Marked here, in one list, rather than in each file;
a test may also carry ``@pytest.mark.backends`` itself (tests/backends does)."""

from __future__ import annotations

from pathlib import Path

import pytest

BACKEND_MODULES = frozenset(
    {
        "tests/web/test_api.py",  # every API read and write, cursor pagination
        "tests/web/test_api_access.py",  # tenant rules on every endpoint
        "tests/web/test_api_writes.py",  # evidence, submissions, hand-overs written by the API
        "tests/web/test_api_retention.py",  # an account's export, deletion with its files
        "tests/web/test_api_follow_up.py",  # the follow-up, two at once send one (a row lock)
        "tests/web/test_cases.py",  # cases, events, deadlines, the dashboard
        "tests/web/test_dashboard_cards.py",  # the dashboard's cards at a fixed query count
        "tests/web/test_planner_statistics.py",  # the hourly ANALYZE
        "tests/web/test_analysis.py",  # uploads and analysis runs as jobs
        "tests/web/test_team.py",  # organisations, memberships, hand-overs
        "tests/web/teams/test_handover.py",  # hand-overs locked while answered or revoked
        "tests/mail/test_watcher.py",  # the mailbox watcher's ledger, leases and jobs
    }
)
ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.relative_to(ROOT).as_posix() in BACKEND_MODULES:
            item.add_marker(pytest.mark.backends)
