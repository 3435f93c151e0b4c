"""A setting that stops start-up is one clear line and exit status 2, never a traceback: for
``reinstate serve`` and for every ``python -m reinstate_web`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SERVE_VIA_CLI = [sys.executable, "-c", "from reinstate.cli.main import run; run()", "serve"]
SERVE_VIA_DJANGO = [sys.executable, "-m", "reinstate_web", "serve", "--no-worker"]


def _run(argv: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("REINSTATE_", "DJANGO_"))}
    return subprocess.run(
        argv,
        cwd=cwd,  # no .env here
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("argv", [SERVE_VIA_CLI, SERVE_VIA_DJANGO], ids=["reinstate", "django"])
def test_it_refuses_to_serve_without_a_secret_key_in_one_line(
    argv: list[str], tmp_path: Path
) -> None:
    result = _run(argv, tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reinstate: error: REINSTATE_SECRET_KEY is not set.")
    assert "make run writes one into .env" in lines[0]
    assert not (tmp_path / "var").exists()  # nothing created before the refusal


def test_it_names_a_value_it_cannot_read_in_one_line(tmp_path: Path) -> None:
    result = _run(
        [sys.executable, "-m", "reinstate_web", "check"],
        tmp_path,
        REINSTATE_DEBUG="true",
        REINSTATE_HSTS_SECONDS="a year",
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "reinstate: error: REINSTATE_HSTS_SECONDS must be a whole number, not 'a year'."
    ]


def test_it_runs_commands_when_the_settings_load(tmp_path: Path) -> None:
    result = _run(
        [sys.executable, "-m", "reinstate_web", "check"],
        tmp_path,
        REINSTATE_DEBUG="true",
        REINSTATE_DATA_DIR=str(tmp_path / "var"),
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
