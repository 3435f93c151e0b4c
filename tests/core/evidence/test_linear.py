"""The evidence readers' patterns run in linear time on 100,000 characters of adversarial text:
more than they ever read at once (a page's text is capped at 20,000 characters, a row is one line
of it, and the notice's invoice window is looked for in its first 100,000 characters)."""

from __future__ import annotations

import re

from reinstate.evidence import contacts, context, dates, items, knowledge
from tests.core.test_linear_patterns import SCAN, _all_finish


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    found: list[tuple[str, re.Pattern[str]]] = []
    for module in (contacts, context, dates, items):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{module.__name__}.{name}", value))
    found += [(f"dates.{name}", p) for name, p in dates._PATTERNS]
    labels = knowledge.knowledge().raw["labels"]
    found += [(f"label {name}", knowledge.label(name)) for name in labels]
    found += [(f"kind {k.code}", k.pattern) for k in knowledge.knowledge().kinds]
    return found


def test_the_evidence_patterns_are_linear() -> None:
    patterns = _patterns()
    assert len(patterns) > 30
    assert _all_finish(patterns, SCAN) == []
