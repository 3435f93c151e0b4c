"""Structure checks: the three answers Amazon asks for, in the form reviewers expect.

Amazon's plan of action answers three questions: the root cause, the actions taken, the steps
that prevent a repeat. Practitioners add: actions in the past tense with dates, preventive
measures written as processes already in place (not a row of "we will"), and the seller-side
guide a short operating plan. A "deactivated in error" appeal shows compliance with evidence
instead, so it is not asked for a root cause.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from .data import patterns, section
from .findings import finding
from .model import CheckFinding
from .sections import LetterSection, SectionKind, section_items
from .text import WORD, Letter, Span, find_dates, is_bullet, lines, sentences

_MISSING = {
    SectionKind.ROOT_CAUSE: "structure_missing_root_cause",
    SectionKind.CORRECTIVE_ACTIONS: "structure_missing_actions",
    SectionKind.PREVENTIVE_MEASURES: "structure_missing_prevention",
    SectionKind.OPERATING_PLAN: "structure_missing_operating_plan",
}


def is_in_error(letter: Letter) -> bool:
    """Whether the letter disputes the enforcement ("removed in error") rather than admitting it:
    its opening says so, or a line starts with an in-error heading ("Statement of compliance")."""
    opening = letter.text[:1200]
    if any(p.regex.search(opening) for p in patterns("structure", "in_error")):
        return True
    headings = patterns("structure", "in_error_headings")
    starts = (line.text.lstrip(" \t#>*_0123456789.):") for line in letter.lines)
    return any(p.regex.match(text) for text in starts for p in headings)


def check_structure(
    letter: Letter,
    parts: tuple[LetterSection, ...],
    *,
    in_error: bool,
    form_limits: Mapping[str, int],
) -> list[CheckFinding]:
    found: list[CheckFinding] = []
    if in_error:
        found.extend(_in_error_evidence(letter))
    else:
        found.extend(_missing_parts(letter, parts))
        found.extend(_unanswered_root_causes(letter, parts))
    found.extend(_action_tense_and_dates(letter, parts))
    found.extend(_prevention_wording(letter, parts))
    found.extend(_length(letter, parts, form_limits))
    return found


def _first_line(letter: Letter) -> tuple[int, int]:
    if not letter.lines:
        return 0, len(letter.text)
    first = letter.lines[0]
    return first.start, first.end


def _anchor(letter: Letter, part: LetterSection | None) -> tuple[int, int]:
    """Where a "this part is missing" finding points: the heading of the part before it."""
    if part is None:
        return _first_line(letter)
    if part.by_heading and part.heading_end > part.heading_start:
        return part.heading_start, part.heading_end
    first = sentences(letter.text[part.start : part.end])
    if first:
        return part.start + first[0].start, part.start + first[0].end
    return part.start, part.end


def _missing_parts(letter: Letter, parts: tuple[LetterSection, ...]) -> list[CheckFinding]:
    found = []
    previous: LetterSection | None = None
    for kind in SectionKind:
        here = [part for part in parts if part.kind is kind]
        if here:
            previous = here[-1]
            continue
        start, end = _anchor(letter, previous)
        found.append(finding(letter.text, _MISSING[kind], start, end))
    return found


def _in_error_evidence(letter: Letter) -> list[CheckFinding]:
    if any(p.regex.search(letter.text) for p in patterns("structure", "evidence")):
        return []
    start, end = _first_line(letter)
    return [finding(letter.text, "structure_in_error_no_evidence", start, end)]


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(str(section("structure")["link_stopwords"]).split())


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'").split("'")[0]
    for suffix in (
        "ations",
        "ation",
        "ments",
        "ment",
        "ings",
        "ing",
        "ers",
        "ies",
        "ed",
        "es",
        "s",
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _content_stems(text: str) -> set[str]:
    stop = _stopwords()
    return {
        _stem(word)
        for word in WORD.findall(text)
        if len(word) >= 4 and word.lower() not in stop and _stem(word) not in stop
    }


def _unanswered_root_causes(letter: Letter, parts: tuple[LetterSection, ...]) -> list[CheckFinding]:
    """Every root cause needs an action and a measure: one triple per issue, or shared words."""
    causes = [part for part in parts if part.kind is SectionKind.ROOT_CAUSE]
    if not causes:
        return []
    found = []
    if len(causes) >= 2:
        # One triple per issue: each root cause part is followed by its own action and measure.
        for index, cause in enumerate(causes):
            limit = causes[index + 1].start if index + 1 < len(causes) else len(letter.text)
            after = {p.kind for p in parts if cause.start < p.start < limit}
            if not {SectionKind.CORRECTIVE_ACTIONS, SectionKind.PREVENTIVE_MEASURES} <= after:
                start, end = _anchor(letter, cause)
                found.append(finding(letter.text, "structure_root_cause_unanswered", start, end))
        return found
    items = section_items(letter.text, causes[0])
    bulleted = _bulleted(letter.text, causes[0])
    actions = " ".join(p.body for p in parts if p.kind is SectionKind.CORRECTIVE_ACTIONS)
    measures = " ".join(p.body for p in parts if p.kind is SectionKind.PREVENTIVE_MEASURES)
    if not bulleted or len(items) < 2 or not actions or not measures:
        return []
    action_stems, measure_stems = _content_stems(actions), _content_stems(measures)
    for item in items:
        stems = _content_stems(item.text)
        if stems and (not stems & action_stems or not stems & measure_stems):
            found.append(
                finding(letter.text, "structure_root_cause_unanswered", item.start, item.end)
            )
    return found


def _bulleted(text: str, part: LetterSection) -> bool:
    return sum(1 for line in lines(text[part.body_start : part.end]) if is_bullet(line.text)) >= 2


def _future(text: str) -> bool:
    return any(p.regex.search(text) for p in patterns("structure", "future_tense"))


def _sentences_of(letter: Letter, part: LetterSection) -> list[Span]:
    return [s for s in letter.sentences if part.body_start <= s.start < part.end]


def _action_tense_and_dates(letter: Letter, parts: tuple[LetterSection, ...]) -> list[CheckFinding]:
    found = []
    for part in parts:
        if part.kind is not SectionKind.CORRECTIVE_ACTIONS:
            continue
        for sentence in _sentences_of(letter, part):
            if _future(sentence.text):
                found.append(
                    finding(
                        letter.text, "structure_action_future_tense", sentence.start, sentence.end
                    )
                )
        if part.body.strip() and not find_dates(part.body):
            start, end = _anchor(letter, part)
            found.append(finding(letter.text, "structure_action_undated", start, end))
    return found


def _prevention_wording(letter: Letter, parts: tuple[LetterSection, ...]) -> list[CheckFinding]:
    found: list[CheckFinding] = []
    for part in parts:
        if part.kind is not SectionKind.PREVENTIVE_MEASURES:
            continue
        own = _sentences_of(letter, part)
        promises = [s for s in own if _future(s.text)]
        # A row of promises: three or more, or most of the part.
        if len(promises) >= 3 or (len(promises) >= 2 and len(promises) * 2 >= len(own)):
            found.extend(
                finding(
                    letter.text,
                    "structure_prevention_will",
                    s.start,
                    s.end,
                    count=str(len(promises)),
                )
                for s in promises
            )
        if part.body.strip() and not find_dates(part.body):
            start, end = _anchor(letter, part)
            found.append(finding(letter.text, "structure_prevention_undated", start, end))
    return found


def _length(
    letter: Letter, parts: Sequence[LetterSection], form_limits: Mapping[str, int]
) -> list[CheckFinding]:
    found = []
    limits = section("structure")["length"]
    words = letter.word_count
    if words < int(limits["min_words"]):
        start, end = 0, len(letter.text)
        found.append(
            finding(
                letter.text,
                "structure_too_short",
                start,
                end,
                words=str(words),
                limit=str(limits["min_words"]),
            )
        )
    elif words > int(limits["max_words"]):
        cut = _offset_after_words(letter.text, int(limits["max_words"]))
        found.append(
            finding(
                letter.text,
                "structure_too_long",
                cut,
                len(letter.text),
                words=str(words),
                limit=str(limits["max_words"]),
            )
        )
    for key, limit in form_limits.items():
        if key == "letter":
            spans = [(0, len(letter.text))]
        else:
            spans = [(p.body_start, p.end) for p in parts if p.kind.value == key]
        used = sum(end - start for start, end in spans)
        if spans and used > limit:
            start = _position_after(spans, limit)
            end = spans[-1][1]
            found.append(
                finding(
                    letter.text,
                    "structure_over_form_limit",
                    start,
                    end,
                    section=key,
                    length=str(used),
                    limit=str(limit),
                )
            )
    return found


def _offset_after_words(text: str, count: int) -> int:
    for index, match in enumerate(WORD.finditer(text)):
        if index == count:
            return match.start()
    return len(text)


def _position_after(spans: list[tuple[int, int]], characters: int) -> int:
    """The offset where the ``characters``-th character of the joined spans falls."""
    left = characters
    for start, end in spans:
        if end - start > left:
            return start + left
        left -= end - start
    return spans[-1][1]
