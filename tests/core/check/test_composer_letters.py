"""Letters drafted by the composer, once the seller has filled the open slots, are ready."""

from __future__ import annotations

import re
from datetime import date

import pytest

from reinstate.check import CheckContext, check_letter
from reinstate.codes import Category, Severity, Verdict

compose_module = pytest.importorskip("reinstate.compose")

ASINS = ("B0C1234567", "B0C7654321")
CATEGORIES = [c.value for c in Category if c is not Category.OTHER]
_SLOT = re.compile(r"\[TO FILL: ([^\]]+)\]")


def _answer(match: re.Match[str]) -> str:
    """What a seller would type for an open slot, judged from its description."""
    what = match.group(1).lower()
    if "date" in what:
        return "12 May 2025"
    if "period" in what:
        return "the 60 days to 30 April 2025"
    if "rate" in what and "number" not in what:
        return "2.4%"
    if any(word in what for word in ("number", "orders", "units", "complaints", "claims")):
        return "14"
    if "person" in what:
        return "the operations manager"
    if "email" in what:
        return "legal@example.com"
    if "marketplace" in what:
        return "Amazon.com"
    return "Huaxin Trading"


def _draft(category: str) -> str:
    facts = compose_module.CaseFacts(
        category=category,
        asins=ASINS,
        notice_date=date(2025, 5, 2),
        today=date(2025, 5, 10),
        store_name="Bright Lens Store",
    )
    # The seller confirms the actions and measures the composer suggests.
    draft = compose_module.compose(facts)
    confirmed = compose_module.compose(facts, choices=compose_module.confirmed_choices(draft))
    return str(confirmed.letter)


@pytest.mark.parametrize("category", CATEGORIES)
def test_it_holds_a_draft_with_open_slots_back(category: str) -> None:
    draft = _draft(category)
    if not _SLOT.search(draft):
        pytest.skip("the composer filled every slot")
    report = check_letter(draft, CheckContext(notice_asins=ASINS))
    assert "facts_placeholder" in report.codes
    assert report.verdict is not Verdict.READY


@pytest.mark.parametrize("category", CATEGORIES)
def test_it_calls_a_filled_composer_letter_ready(category: str) -> None:
    letter = _SLOT.sub(_answer, _draft(category))
    report = check_letter(letter, CheckContext(notice_asins=ASINS))
    highs = [
        (f.code, letter[f.start : f.end]) for f in report.findings if f.severity is Severity.HIGH
    ]
    assert highs == []
    assert report.verdict is Verdict.READY, [f.code for f in report.findings]


def _in_error_draft(category: str) -> tuple[str, bool]:
    """The composer's "deactivated in error" letter, and whether the category allows one."""
    facts = compose_module.CaseFacts(
        category=category,
        asins=ASINS,
        notice_date=date(2025, 5, 2),
        today=date(2025, 5, 10),
        store_name="Bright Lens Store",
        in_error=True,
    )
    draft = compose_module.compose(facts)
    appeal = compose_module.compose(facts, choices=compose_module.confirmed_choices(draft))
    allowed = all(q.id != "in_error:not_applicable" for q in appeal.open_questions)
    return _SLOT.sub(_answer, str(appeal.letter)), allowed


@pytest.mark.parametrize("category", CATEGORIES)
def test_it_recognises_the_structure_of_an_in_error_composer_letter(category: str) -> None:
    from reinstate.check.structure import is_in_error
    from reinstate.check.text import Letter

    letter, allowed = _in_error_draft(category)
    if not allowed:
        pytest.skip("the category does not allow an in-error appeal")
    assert is_in_error(Letter(letter))
    report = check_letter(letter, CheckContext(notice_asins=ASINS, grammar=False))
    structure = [f.code for f in report.findings if f.code.startswith("structure_")]
    assert structure == []
    assert report.verdict is Verdict.READY, [f.code for f in report.findings]


@pytest.mark.parametrize("category", CATEGORIES[:3])
def test_it_holds_back_a_draft_with_unconfirmed_suggestions(category: str) -> None:
    facts = compose_module.CaseFacts(
        category=category, asins=ASINS, notice_date=date(2025, 5, 2), today=date(2025, 5, 10)
    )
    letter = _SLOT.sub(_answer, str(compose_module.compose(facts).letter))
    report = check_letter(letter, CheckContext(notice_asins=ASINS))
    assert "claim_unconfirmed" in report.codes
    assert report.verdict is not Verdict.READY
