"""The second pytest run of ``make test`` really is on PostgreSQL and Redis (and the first on
SQLite and huey's SQLite storage): the settings follow REINSTATE_DATABASE_URL and
REINSTATE_REDIS_URL."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.backends


@pytest.mark.django_db
def test_it_uses_the_database_the_settings_name() -> None:
    expected = "postgresql" if os.environ.get("REINSTATE_DATABASE_URL") else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_it_uses_the_job_queue_the_settings_name() -> None:
    expected = "huey.RedisHuey" if os.environ.get("REINSTATE_REDIS_URL") else "huey.SqliteHuey"
    assert settings.HUEY["huey_class"] == expected
