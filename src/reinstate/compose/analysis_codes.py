"""The finding codes of the data analysis, to check `when.findings` in the knowledge base.

Kept apart so the composer itself never needs the analysis package (it reads findings as plain
values). ``reinstate.analysis.FINDING_CODES`` wins when the analysis publishes it; until then the
codes documented in the docstring of ``reinstate/analysis/__init__.py`` are listed here.
"""

from __future__ import annotations

import importlib

DOCUMENTED = frozenset(
    {
        "order_defects",
        "late_shipments",
        "seller_cancellations",
        "missing_tracking",
        "late_deliveries",
        "complaints_used",
        "complaints_damaged",
        "complaints_expired",
        "complaints_defective",
        "complaints_wrong_item",
        "complaints_inauthentic",
        "complaints_safety",
        "complaints_not_as_described",
        "used_condition_listings",
        "high_return_rate",
        "high_ncx_rate",
        "units_sold_365d",
        "notice_asins",
        "notice_orders",
        "account_health_report",
    }
)


def finding_codes() -> frozenset[str]:
    try:
        analysis = importlib.import_module("reinstate.analysis")
    except ImportError:
        return DOCUMENTED
    codes = getattr(analysis, "FINDING_CODES", None)
    return DOCUMENTED if codes is None else frozenset(str(c) for c in codes)
