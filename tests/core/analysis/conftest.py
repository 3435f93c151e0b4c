"""Shared fixtures: one demo dataset with planted problems, analysed once per test session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reinstate.analysis import AnalysisReport, analyze
from reinstate.demo import DemoManifest, write_demo_data

TODAY = date(2026, 5, 2)
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "reports"


@pytest.fixture(scope="session", params=[11, 3], ids=["seed11", "seed3"])
def demo(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> DemoManifest:
    """Two seeds, so that a planted figure found by luck in one dataset fails in the other."""
    seed = int(request.param)
    return write_demo_data(tmp_path_factory.mktemp("demo"), seed=seed, orders=4000, today=TODAY)


@pytest.fixture(scope="session")
def demo_report(demo: DemoManifest) -> AnalysisReport:
    return analyze([demo.out_dir])


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoManifest:
    """One small demo for the (slower) command-line and chart tests."""
    return write_demo_data(tmp_path_factory.mktemp("small"), seed=11, orders=2000, today=TODAY)


@pytest.fixture(scope="session")
def chart_report(small_demo: DemoManifest) -> AnalysisReport:
    return analyze([small_demo.out_dir])


@pytest.fixture(scope="session")
def fixtures_report() -> AnalysisReport:
    return analyze([FIXTURES])
