"""Genericness: stock phrasing without case facts, and copies of an earlier appeal."""

from __future__ import annotations

from pathlib import Path

from reinstate.check.genericness import containment, has_case_fact
from tests.core.check.helpers import findings

STOCK = (
    "We take this matter very seriously. Customer satisfaction is our top priority. "
    "We have learned a valuable lesson. We have retrained all of our staff. "
    "We will strictly comply with Amazon's policies."
)


def test_it_tells_a_case_fact_from_stock_phrasing() -> None:
    assert not has_case_fact("We will strictly comply with Amazon's policies.")
    assert has_case_fact("On 5 March 2025 we repacked the jars.")
    assert has_case_fact("Chen Hao checks the first 10 parcels.")
    assert has_case_fact("We closed B08KTR4Q2L.")


def test_it_flags_stock_sentences_and_a_template_letter() -> None:
    found = findings(STOCK)
    assert len([f for f in found if f.code == "generic_sentence"]) == 5
    letter = [f for f in found if f.code == "generic_letter"]
    assert len(letter) == 1
    assert letter[0].severity.value == "high"


def test_it_accepts_a_stock_phrase_that_carries_a_fact() -> None:
    text = "We take this matter seriously: on 5 March 2025 Chen Hao retrained the 3 packers."
    assert findings(text, "generic_sentence") == []


def test_it_flags_a_resubmitted_appeal(letters_dir: Path) -> None:
    odr = (letters_dir / "good" / "odr.txt").read_text(encoding="utf-8")
    same = findings(odr, "generic_duplicate_appeal", previous_letters=[odr])
    assert len(same) == 1
    assert same[0].severity.value == "high"
    other = (letters_dir / "good" / "late_shipment.txt").read_text(encoding="utf-8")
    assert findings(odr, "generic_duplicate_appeal", previous_letters=[other]) == []


def test_it_measures_how_much_of_a_letter_an_earlier_one_contains() -> None:
    assert containment("we repacked the jars on monday", "we repacked the jars on monday") == 1.0
    assert containment("we repacked the jars", "the buyers were refunded") == 0.0
    assert containment("", "anything") == 0.0
