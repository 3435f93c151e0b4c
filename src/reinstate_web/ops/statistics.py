"""The database's statistics for its query planner, refreshed by an hourly job.

PostgreSQL keeps them itself (autovacuum's ANALYZE); SQLite never gathers them unless asked, and
without them it plans every list of cases by the index it meets first: the cross-seller
dashboard's page of 50 open cases by deadline read and sorted all 8,600 open ones (11 ms at
10,000 cases) where, with statistics, it walks the deadline index and stops at the 50th (0.1 ms,
bench/dashboard.py). ``analysis_limit`` keeps the SQLite run short on large tables (SQLite's
own advice for ``PRAGMA optimize``); the explicit ANALYZE on PostgreSQL does after a bulk load
what autovacuum would do minutes later."""

from __future__ import annotations

from django.db import connections

# Rows SQLite samples per index (its documented suggestion for a quick, good-enough ANALYZE).
SQLITE_ANALYSIS_LIMIT = 1000


def refresh_statistics(using: str = "default") -> str:
    """Gather the planner's statistics now; returns the database's vendor."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return connection.vendor
