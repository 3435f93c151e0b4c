"""A letter about one ASIN speaks of it in the singular, and a letter about three reads as well.

Every fixture case is composed, admitted and "deactivated in error", with the notice naming one
ASIN and three ASINs, and read for the slips a fluent reviewer would catch: "these ASINs" in a
sentence that names a single ASIN, a count of 1 before a plural noun ("1 units"), and any finding
of the letter check (grammar included) above low.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from reinstate.check import CheckContext, check_letter
from reinstate.check.text import ASIN, sentences
from reinstate.codes import Severity
from reinstate.compose import Appeal, KnowledgeBase, compose

from .case_files import load_case

CATEGORIES = KnowledgeBase.default().category_codes()
# ASINs a notice could add to the case's own (same shape, not in any fixture).
MORE_ASINS = ("B0F1QA2Z3X", "B0F4WS5E6D", "B0F7RF8V9T")
# "1 units", "1 late orders": not "root cause 1 also cover this" (a label, not a count).
_PLURAL_AFTER_ONE = re.compile(
    r"(?<![\w.,%-])(?<!cause )(?<!Issue )1 "
    r"((?:(?!of\b|in\b|to\b|from\b|and\b|or\b|per\b|for\b|with\b)[A-Za-z][\w-]* ){0,2}?)"
    r"([a-z][a-z-]*[a-rt-z]s)\b"
)
# Words in -s that are not plurals.
_NOT_PLURAL = {
    *("business", "process", "address", "status", "always", "across", "unless", "less"),
    *("this", "its", "his", "was", "has", "is", "us", "as", "yes", "thus"),
}


def _appeal(code: str, *, in_error: bool, asin_count: int) -> tuple[Appeal, CheckContext]:
    facts, _ = load_case(code, in_error=in_error)
    asins = (*facts.asins, *(a for a in MORE_ASINS if a not in facts.asins))[:asin_count]
    facts = dataclasses.replace(facts, asins=asins)
    appeal = compose(facts)
    context = CheckContext(
        notice_asins=asins,
        notice_order_ids=facts.order_ids,
        known_figures=appeal.known_figures(),
        known_dates=appeal.known_dates(),
    )
    return appeal, context


def _letters() -> list[tuple[str, bool, int]]:
    return [
        (code, in_error, count)
        for code in CATEGORIES
        for in_error in (False, True)
        for count in (1, 3)
    ]


@pytest.mark.parametrize(
    ("code", "in_error", "asin_count"),
    _letters(),
    ids=[f"{c}-{'in_error' if e else 'admitted'}-{n}" for c, e, n in _letters()],
)
def test_it_speaks_of_one_asin_in_the_singular_and_passes_the_letter_check(
    code: str, in_error: bool, asin_count: int
) -> None:
    appeal, context = _appeal(code, in_error=in_error, asin_count=asin_count)
    if in_error and not appeal.in_error:
        pytest.skip(f"{code} allows no dispute")
    letter = str(appeal.letter)

    single = [
        s.text
        for s in sentences(letter)
        if "these ASINs" in s.text and len(set(ASIN.findall(s.text))) == 1
    ]
    assert not single, f"'these ASINs' beside one ASIN: {single}"
    if asin_count == 1:
        assert "these ASINs" not in letter

    plurals = [
        m.group()
        for m in _PLURAL_AFTER_ONE.finditer(letter)
        if m.group(2).lower() not in _NOT_PLURAL
    ]
    assert not plurals, f"a count of 1 before a plural noun: {plurals}"

    report = check_letter(letter, context)
    above_low = [
        f"{f.severity} {f.code}: {letter[f.start : f.end]!r}"
        for f in report.findings
        if f.severity is not Severity.LOW
    ]
    assert not above_low, above_low
