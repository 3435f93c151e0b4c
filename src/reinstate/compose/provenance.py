"""Which facts of the data analysis may speak for the ASINs a letter is about.

A letter names the notice's ASINs. A finding of the data analysis about other ASINs (the
complaints were about another product, the exports come from another store or period) says
nothing about them: it neither supports a root cause nor gives a figure. A count about several
ASINs is split by the finding's per-ASIN counts, so a figure about an ASIN is that ASIN's own
figure, never the top finding's. Store-wide metric findings (they carry a ``target``: ODR, late
shipment ...) speak for the whole account and are always usable.

    >>> from reinstate.compose.facts import AsinFact, FindingFact
    >>> other = FindingFact("complaints_inauthentic", "inauthentic",
    ...                     (AsinFact("B0OTHER0001", 7),), facts={"complaint_count": 7})
    >>> about(other, ("B0NOTICE001",)), fact_for(other, "complaint_count", ("B0NOTICE001",))
    (False, None)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reinstate.compose.facts import FindingFact

# Counts a finding gives in total and per ASIN (its AsinFact.count): the letter's share is the
# sum over the letter's own ASINs. A count of 0 is no claim: "0 complaints" is not evidence.
SPLIT_COUNTS = frozenset({"complaint_count"})
# Findings whose facts describe their ``top_asin`` (return rate, NCX rate of that product).
ABOUT_TOP_ASIN = frozenset({"high_return_rate", "high_ncx_rate"})
# The notice's own ASINs: its ``complaint_count`` adds every kind of complaint together, so it
# cannot stand for one policy's complaints.
_NOT_PER_POLICY = {"notice_asins": frozenset({"complaint_count"})}


# The account's performance metrics (reinstate.analysis): their ASINs only show where the
# defects concentrate; their figures are the account's.
METRIC_FINDINGS = frozenset(
    {
        "order_defects",
        "late_shipments",
        "seller_cancellations",
        "missing_tracking",
        "late_deliveries",
    }
)


def is_store_wide(finding: FindingFact) -> bool:
    """A metric of the whole account, or a finding naming no ASIN."""
    return finding.code in METRIC_FINDINGS or "target" in finding.facts or not finding.asins


def about(finding: FindingFact, asins: Sequence[str]) -> bool:
    """Whether ``finding`` may support a letter about ``asins`` (no ASINs: any finding may)."""
    if not asins or is_store_wide(finding):
        return True
    return bool({a.asin for a in finding.asins} & set(asins))


def fact_for(finding: FindingFact, key: str, asins: Sequence[str]) -> Any:
    """The value of ``key`` in ``finding`` that is true of ``asins``; None when it is not."""
    if key in _NOT_PER_POLICY.get(finding.code, ()):
        return None
    value = finding.facts.get(key)
    if value is None or not asins or is_store_wide(finding):
        return value
    letter = set(asins)
    if key in SPLIT_COUNTS:
        share = sum(a.count for a in finding.asins if a.asin in letter)
        return share or None
    if finding.code in ABOUT_TOP_ASIN:
        return value if finding.facts.get("top_asin") in letter else None
    # Any other figure of a finding counts all its ASINs together: true of the letter only when
    # every one of them is the letter's.
    return value if {a.asin for a in finding.asins} <= letter else None
