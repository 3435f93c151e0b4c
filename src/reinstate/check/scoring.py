"""Score and verdict from the findings.

The score starts at 100 and loses points per finding, by severity: high 20, medium 6, low 2.
Repeats of one code count half each, and one code never takes more than twice its single
penalty (so 30 typos cost 4 points, not 60, and cannot hide a missing root cause). The score
never goes below 0.

The verdict:
- ``not_ready``: the score is below 50, or three or more high-severity findings;
- ``fix_first``: any high-severity finding, any finding of a code that blocks readiness
  (``blocks_ready`` in ``knowledge/check/codes.yaml``: a misspelled word), or a score below 80;
- ``ready``: otherwise (no such finding and a score of 80 or more).

>>> score_findings([])
(100, <Verdict.READY: 'ready'>)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from reinstate.codes import Severity, Verdict

from .data import code_texts
from .model import CheckFinding

PENALTY = {Severity.HIGH: 20.0, Severity.MEDIUM: 6.0, Severity.LOW: 2.0}
REPEAT_FACTOR = 0.5
CODE_CAP_FACTOR = 2.0
READY_FROM = 80
NOT_READY_BELOW = 50
NOT_READY_HIGH_COUNT = 3


def penalty_of(findings: Iterable[CheckFinding]) -> float:
    """The points the findings take off, with repeats of a code counted half and capped."""
    by_code: dict[str, list[CheckFinding]] = defaultdict(list)
    for item in findings:
        by_code[item.code].append(item)
    total = 0.0
    for items in by_code.values():
        ordered = sorted(items, key=lambda f: PENALTY[f.severity], reverse=True)
        first = PENALTY[ordered[0].severity]
        rest = sum(PENALTY[f.severity] * REPEAT_FACTOR for f in ordered[1:])
        total += min(first + rest, first * CODE_CAP_FACTOR)
    return total


def score_findings(findings: Iterable[CheckFinding]) -> tuple[int, Verdict]:
    """(score 0-100, verdict) as the module docstring describes."""
    items = list(findings)
    score = max(0, round(100 - penalty_of(items)))
    highs = sum(1 for f in items if f.severity is Severity.HIGH)
    if score < NOT_READY_BELOW or highs >= NOT_READY_HIGH_COUNT:
        return score, Verdict.NOT_READY
    texts = code_texts()
    blocking = any(f.code in texts and texts[f.code].blocks_ready for f in items)
    if highs or blocking or score < READY_FROM:
        return score, Verdict.FIX_FIRST
    return score, Verdict.READY
