"""The finding codes of the data analysis, to check `when.findings` in the knowledge base.

Kept apart so the composer itself never needs the analysis package (it reads findings as plain
values); ``None`` means the analysis does not publish its codes, and the check is skipped.
"""

from __future__ import annotations

import importlib


def finding_codes() -> frozenset[str] | None:
    try:
        analysis = importlib.import_module("reinstate.analysis")
    except ImportError:
        return None
    codes = getattr(analysis, "FINDING_CODES", None)
    if codes is None:
        return None
    return frozenset(str(c) for c in codes)
