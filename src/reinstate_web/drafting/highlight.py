"""Findings of the letter check as inline marks and as groups by severity, in the user's language.

Spans come from the checker (``letter[start:end]``). Overlapping findings are merged into one
mark that lists every finding, so the letter text is shown exactly once, in order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("high", "medium", "low")


def _script(lang: str) -> str:
    return "zh_hant" if lang == "zh-hant" else "zh_hans"


def explained(finding: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A stored finding with its English text and its Chinese explanation and suggestion
    (Simplified for English and Simplified users, Traditional for Traditional ones)."""
    script = _script(lang)
    message_zh = finding.get(f"message_{script}", "")
    suggestion_zh = finding.get(f"suggestion_{script}", "")
    chinese = lang.startswith("zh")
    return {
        **finding,
        "message_zh": message_zh,
        "suggestion_zh": suggestion_zh,
        # What the page shows: the reader's language only.
        "shown_message": (message_zh or finding.get("message", ""))
        if chinese
        else finding.get("message", ""),
        "shown_suggestion": (suggestion_zh or finding.get("suggestion", ""))
        if chinese
        else finding.get("suggestion", ""),
    }


@dataclass(slots=True)
class Segment:
    """A run of the letter: plain text, or a mark with the findings that cover it."""

    text: str
    findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def severity(self) -> str:
        ranks = [
            SEVERITIES.index(f["severity"]) for f in self.findings if f["severity"] in SEVERITIES
        ]
        return SEVERITIES[min(ranks)] if ranks else ""

    @property
    def title(self) -> str:
        """The hover text: each finding in the reader's language."""
        return "\n".join(
            f"{f['shown_message']} {f['shown_suggestion']}".strip() for f in self.findings
        )


def segments(letter: str, findings: Sequence[Mapping[str, Any]], lang: str) -> list[Segment]:
    """The letter cut into plain runs and marked runs (findings with an empty or whole-letter
    span are left to the list beside the letter)."""
    spans: list[tuple[int, int, dict[str, Any]]] = []
    for finding in findings:
        start, end = int(finding["start"]), int(finding["end"])
        start, end = max(0, start), min(len(letter), end)
        if end <= start or (start == 0 and end >= len(letter.rstrip())):
            continue
        spans.append((start, end, explained(finding, lang)))
    spans.sort(key=lambda s: (s[0], -s[1]))
    found: list[Segment] = []
    at = 0
    index = 0
    while index < len(spans):
        start, end, first = spans[index]
        if start < at:  # nested in the previous mark: already listed there
            index += 1
            continue
        group = [first]
        index += 1
        while index < len(spans) and spans[index][0] < end:
            end = max(end, spans[index][1])
            group.append(spans[index][2])
            index += 1
        if start > at:
            found.append(Segment(letter[at:start]))
        found.append(Segment(letter[start:end], group))
        at = end
    if at < len(letter):
        found.append(Segment(letter[at:]))
    return found


def grouped(findings: Sequence[Mapping[str, Any]], lang: str) -> list[tuple[str, list[Any]]]:
    """Findings by severity, high first; severities without findings are left out."""
    explained_all = [explained(f, lang) for f in findings]
    return [
        (severity, [f for f in explained_all if f["severity"] == severity])
        for severity in SEVERITIES
        if any(f["severity"] == severity for f in explained_all)
    ]
