"""Shared fixtures of the checker tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.check.labelled import LETTERS, Passage, load_passages


@pytest.fixture(scope="session")
def passages() -> dict[str, Passage]:
    return {p.id: p for p in load_passages()}


@pytest.fixture(scope="session")
def letters_dir() -> Path:
    return LETTERS
