"""Fixtures of the composer tests: the fixture knowledge base and a late-shipment case."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reinstate.compose import CaseFacts, KnowledgeBase

from .cases import FIXTURE_KB, late_shipment_case


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_directory(FIXTURE_KB)


@pytest.fixture
def case() -> Callable[..., CaseFacts]:
    return late_shipment_case
