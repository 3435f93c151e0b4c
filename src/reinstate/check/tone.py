"""Tone checks: what a reviewer at Amazon reads as emotion, blame, excuses or noise.

Phrase lists are reviewed data (``knowledge/check/tone.yaml``). Headings are skipped, so a letter
that copies Amazon's form questions ("What was the root cause?") as headings is not told off for
asking questions.
"""

from __future__ import annotations

import re

from .data import patterns
from .findings import finding
from .model import CheckFinding
from .sections import LetterSection
from .text import Letter, Span, SpanIndex, inside

PHRASE_CODES = (
    "tone_emotive",
    "tone_pleading",
    "tone_blame",
    "tone_excuse",
    "tone_threat",
    "tone_legal_language",
    "tone_sarcasm",
    "tone_other_case",
    "tone_introduction",
    "tone_will_try",
)


def check_tone(letter: Letter, parts: tuple[LetterSection, ...]) -> list[CheckFinding]:
    headings = [(part.heading_start, part.heading_end) for part in parts if part.by_heading]
    skip = sorted(headings + letter.masked)
    found: list[CheckFinding] = []
    for code in PHRASE_CODES:
        found.extend(_phrases(letter.text, code, skip))
    found = [f for f in found if not _own_report(letter, f)]
    pointers = _other_contacts(letter, headings)
    if pointers:
        # The sentence is reported once, as the stronger finding.
        taken = SpanIndex((f.start, f.end) for f in pointers)
        found = [
            f for f in found if f.code != "tone_other_case" or not taken.overlaps(f.start, f.end)
        ]
    found.extend(pointers)
    found.extend(_apologies(letter, headings))
    found.extend(_questions(letter, headings))
    return found


def _phrases(text: str, code: str, skip: list[tuple[int, int]]) -> list[CheckFinding]:
    taken: list[tuple[int, int]] = []
    found = []
    for pattern in patterns("tone", code):
        for match in pattern.regex.finditer(text):
            start, end = match.start(), match.end()
            if inside(start, skip) or any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            found.append(finding(text, code, start, end, severity=pattern.severity))
    return found


def _own_report(letter: Letter, item: CheckFinding) -> bool:
    """A Seller Support case cited in a sentence saying the seller reported something there."""
    if item.code != "tone_other_case":
        return False
    reports = patterns("tone", "own_report")
    for sentence in letter.sentences:
        if sentence.start <= item.start < sentence.end:
            return any(p.regex.search(sentence.text) for p in reports)
    return False


def _other_contacts(letter: Letter, skip: list[tuple[int, int]]) -> list[CheckFinding]:
    """Sentences that send the reviewer to another case or an earlier contact (tone.yaml says
    what counts); a case number cited as the seller's own report is evidence, not a pointer."""
    pointers = patterns("tone", "tone_other_contact")
    mentions = patterns("tone", "case_numbers") + patterns("tone", "other_contact_references")
    reports = patterns("tone", "own_report")
    parties = patterns("tone", "third_parties")
    found = []
    for sentence in letter.sentences:
        if _in_heading(sentence, skip):
            continue
        text = sentence.text
        hit = any(p.regex.search(text) for p in pointers) or (
            any(p.regex.search(text) for p in mentions)
            and not any(p.regex.search(text) for p in reports)
            and not any(p.regex.search(text) for p in parties)
        )
        if hit:
            found.append(finding(letter.text, "tone_other_contact", sentence.start, sentence.end))
    return found


def _apologies(letter: Letter, skip: list[tuple[int, int]]) -> list[CheckFinding]:
    """One plain admission is enough; every apology after the first is flagged."""
    apology = patterns("tone", "tone_apology")
    seen = 0
    found = []
    for sentence in letter.sentences:
        if inside(sentence.start, skip):
            continue
        if any(p.regex.search(sentence.text) for p in apology):
            seen += 1
            if seen > 1:
                found.append(
                    finding(
                        letter.text,
                        "tone_apology_excess",
                        sentence.start,
                        sentence.end,
                        count=str(seen),
                    )
                )
    return found


_ENDS_WITH_QUESTION = re.compile(r"[?？][\"'”’)]*\s*$")


def _questions(letter: Letter, skip: list[tuple[int, int]]) -> list[CheckFinding]:
    asks = patterns("tone", "tone_question")
    found = []
    for sentence in letter.sentences:
        if _in_heading(sentence, skip):
            continue
        if _ENDS_WITH_QUESTION.search(sentence.text) or any(
            p.regex.search(sentence.text) for p in asks
        ):
            found.append(finding(letter.text, "tone_question", sentence.start, sentence.end))
    return found


def _in_heading(sentence: Span, skip: list[tuple[int, int]]) -> bool:
    return any(start <= sentence.start < end or start < sentence.end <= end for start, end in skip)
