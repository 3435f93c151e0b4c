"""The two blind spots of issue 14, on letters written outside the project (bench set in
tests/fixtures/letters/outside): a misspelled common word and a sentence that sends the reviewer
to another case or an earlier contact are found at their place and keep the letter from ready;
the clean letters and look-alike sentences raise neither."""

from __future__ import annotations

import pytest

from reinstate.check import check_letter
from reinstate.codes import Verdict
from tests.core.check.outside import CLASS_CODES, Injected, clean_letters, injected

FAULTS = [
    *injected("misspelling"),
    *injected("other_contact"),
    *injected("misspelling", heldout=True),
    *injected("other_contact", heldout=True),
]
BENIGN = [*injected("benign"), *injected("benign", heldout=True)]


def _label(item: Injected) -> str:
    return f"{item.kind}:{item.letter}:{item.fault[:40]}"


@pytest.mark.parametrize("name", sorted(clean_letters()))
def test_a_clean_letter_is_ready(name: str) -> None:
    report = check_letter(clean_letters()[name])
    assert report.verdict is Verdict.READY, [(f.code, f.quote) for f in report.findings]


@pytest.mark.parametrize("item", FAULTS, ids=_label)
def test_an_injected_fault_is_found_where_it_is_and_stops_ready(item: Injected) -> None:
    report = check_letter(item.text)
    code = CLASS_CODES[item.kind]
    at = [
        f for f in report.findings if f.code == code and f.start < item.end and item.start < f.end
    ]
    assert at, f"{code} missed {item.fault!r}"
    assert report.verdict is not Verdict.READY
    elsewhere = [
        f.quote
        for f in report.findings
        if f.code in CLASS_CODES.values() and not (f.start < item.end and item.start < f.end)
    ]
    assert elsewhere == []


@pytest.mark.parametrize("item", BENIGN, ids=_label)
def test_a_look_alike_sentence_raises_nothing(item: Injected) -> None:
    report = check_letter(item.text)
    raised = [(f.code, f.quote) for f in report.findings if f.code in CLASS_CODES.values()]
    assert raised == []


def test_the_set_has_at_least_fifteen_faults_of_each_class() -> None:
    for kind in CLASS_CODES:
        assert len(injected(kind)) >= 15
        assert len({item.letter for item in injected(kind)}) == len(clean_letters())
