"""Does the seller's data cover the ASINs Amazon named? Read from the latest analysis.

When the uploaded exports hold nothing about a notice's ASIN (another store's files, another
period, or reports that do not list orders), every figure about that ASIN would be invented:
step 1 says so at the top, naming the ASINs, before the seller writes anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NoticeCoverage:
    missing: tuple[str, ...]
    found: tuple[str, ...]

    @property
    def none_found(self) -> bool:
        return not self.found


def notice_coverage(findings: Sequence[Mapping[str, Any]]) -> NoticeCoverage | None:
    """The notice's ASINs missing from the data, from the ``notice_asins`` finding of an
    analysis report; None when every ASIN is covered or the analysis knew no notice ASIN.

    >>> notice_coverage([{"code": "notice_asins",
    ...     "facts": {"asins_found": [], "asins_not_found": ["B0C7Q2ZK4M"]}}]).missing
    ('B0C7Q2ZK4M',)
    """
    finding = next((f for f in findings if f.get("code") == "notice_asins"), None)
    if finding is None:
        return None
    facts: Mapping[str, Any] = finding.get("facts") or {}
    missing = tuple(str(a) for a in facts.get("asins_not_found") or () if a)
    if not missing:
        return None
    found = tuple(str(a) for a in facts.get("asins_found") or () if a)
    return NoticeCoverage(missing=missing, found=found)
