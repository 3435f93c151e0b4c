from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reinstate_web.env import REGISTRY

ROOT = Path(__file__).resolve().parents[2]


def _documented() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^(REINSTATE_[A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_it_documents_every_setting_in_env_example() -> None:
    assert REGISTRY, "the settings module read no variable"
    assert _documented() == REGISTRY


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("REINSTATE_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "reinstate_web.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key(tmp_path: Path) -> None:
    result = _start({"REINSTATE_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "REINSTATE_SECRET_KEY is not set" in result.stderr


def test_it_refuses_a_placeholder_secret_key(tmp_path: Path) -> None:
    result = _start({"REINSTATE_DATA_DIR": str(tmp_path), "REINSTATE_SECRET_KEY": "changeme"})
    assert result.returncode != 0
    assert "too short or a placeholder" in result.stderr


def test_it_starts_with_a_real_secret_key(tmp_path: Path) -> None:
    result = _start(
        {"REINSTATE_DATA_DIR": str(tmp_path), "REINSTATE_SECRET_KEY": "k" * 20 + "Zq8!" * 8}
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "value"), [("REINSTATE_DEBUG", "maybe"), ("REINSTATE_WORKERS", "two")]
)
def test_it_fails_loudly_on_a_value_it_cannot_read(name: str, value: str, tmp_path: Path) -> None:
    result = _start({"REINSTATE_DATA_DIR": str(tmp_path), "REINSTATE_DEBUG": "true", name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_it_uses_sqlite_in_wal_mode_by_default(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("REINSTATE_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "reinstate_web.settings",
            "REINSTATE_DATA_DIR": str(tmp_path),
            "REINSTATE_DEBUG": "true",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "wal", result.stderr


def test_it_switches_to_postgresql_when_a_database_url_is_given(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("REINSTATE_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "reinstate_web.settings",
            "REINSTATE_DATA_DIR": str(tmp_path),
            "REINSTATE_DEBUG": "true",
            "REINSTATE_DATABASE_URL": "postgres://u:p@127.0.0.1:5432/reinstate",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "reinstate"], result.stderr
