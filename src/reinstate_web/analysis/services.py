"""Business operations on the seller's uploaded exports and their analysis runs."""

from __future__ import annotations

from types import SimpleNamespace

from reinstate_web.cases.models import Case


def latest_report(case: Case) -> SimpleNamespace | None:
    """The last finished analysis of the case as an object with ``metrics`` and ``findings``
    (lists of the JSON dicts of ``AnalysisReport.to_json()``), or None when none has finished.
    This is what ``reinstate.compose.facts_from`` takes as ``report``."""
    return None
