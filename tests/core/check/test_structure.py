"""Structure checks on complete letters and on their parts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.core.check.helpers import findings, quotes

ROOT = "Root cause\n- Thin bubble wrap broke 21 glass jars (ASIN B08KTR4Q2L) in February 2025.\n"
ACTIONS = "Corrective actions\n- On 5 March 2025 we repacked the 380 jars with two layers.\n"
MEASURES = (
    "Preventive measures\n- Since 6 March 2025 every jar gets two layers of bubble wrap, "
    "checked by the warehouse lead.\n"
)
PLAN = "Operating plan\nWe sell 14 kitchen products from New Jersey.\n"


def codes(text: str, **context: Any) -> set[str]:
    return {f.code for f in findings(text, **context)}


def test_it_asks_for_each_missing_part() -> None:
    assert {
        "structure_missing_root_cause",
        "structure_missing_actions",
        "structure_missing_prevention",
        "structure_missing_operating_plan",
    } <= codes("We refunded the buyers on 4 March 2025.")
    complete = codes(ROOT + ACTIONS + MEASURES + PLAN)
    assert not {c for c in complete if c.startswith("structure_missing")}


def test_it_does_not_ask_an_in_error_appeal_for_a_root_cause() -> None:
    text = (
        "Our listing of ASIN B0D2RF8K5T was removed in error on 18 July 2025. The bottles are "
        "genuine; the invoice of 2 April 2025 for 500 units is attached."
    )
    found = codes(text)
    assert not {c for c in found if c.startswith("structure_missing")}
    assert "structure_in_error_no_evidence" not in found
    bare = "Our listing of ASIN B0D2RF8K5T was removed in error on 18 July 2025."
    assert "structure_in_error_no_evidence" in codes(bare)


def test_it_can_be_told_the_letter_is_not_an_in_error_appeal() -> None:
    text = "Our listing of ASIN B0D2RF8K5T was removed in error on 18 July 2025."
    assert "structure_missing_root_cause" in codes(text, in_error=False)


def test_it_flags_actions_in_the_future_tense_and_without_dates() -> None:
    text = ROOT + "Corrective actions\n- We will refund the 21 buyers.\n- We repacked the jars.\n"
    assert quotes(text, "structure_action_future_tense") == ["- We will refund the 21 buyers."]
    assert quotes(text, "structure_action_undated") == ["Corrective actions"]


def test_it_accepts_a_will_that_describes_an_effect() -> None:
    text = ACTIONS + "- On 6 March 2025 we installed an alert that will sound at 11 a.m.\n"
    assert findings(text, "structure_action_future_tense") == []


def test_it_flags_a_row_of_will_in_the_preventive_measures_but_not_one() -> None:
    row = (
        "Preventive measures\n1. We will check every jar.\n2. We will train the packers.\n"
        "3. Our warehouse team will review claims.\n"
    )
    assert len(findings(row, "structure_prevention_will")) == 3
    one = MEASURES + "- We will add a second packer for the peak season from 20 November 2025.\n"
    assert findings(one, "structure_prevention_will") == []


def test_it_flags_a_root_cause_without_its_own_action_and_measure() -> None:
    text = (
        "Root cause\n- Thin bubble wrap broke 21 glass jars.\n"
        "- 11 parcels had no tracking because the regional carrier labels were not Buy Shipping.\n"
        + ACTIONS
        + MEASURES
    )
    assert quotes(text, "structure_root_cause_unanswered") == [
        "11 parcels had no tracking because the regional carrier labels were not Buy Shipping."
    ]


def test_it_checks_each_issue_has_its_own_triple() -> None:
    text = "Issue 1: " + ROOT + ACTIONS + MEASURES + "Issue 2: Root cause\nNo tracking.\n" + ACTIONS
    assert len(findings(text, "structure_root_cause_unanswered")) == 1


def test_it_compares_each_part_with_the_form_limit() -> None:
    text = ROOT + ACTIONS + MEASURES
    over = findings(text, "structure_over_form_limit", form_limits={"root_cause": 40})
    assert len(over) == 1
    body_start = text.index("- Thin")
    assert over[0].start == body_start + 40
    assert findings(text, "structure_over_form_limit", form_limits={"root_cause": 4000}) == []
    whole = findings(text, "structure_over_form_limit", form_limits={"letter": 100})
    assert whole
    assert whole[0].start == 100


def test_it_flags_a_short_and_a_long_letter(letters_dir: Path) -> None:
    assert findings(ROOT + ACTIONS, "structure_too_short")
    good = (letters_dir / "good" / "odr.txt").read_text(encoding="utf-8")
    assert findings(good, "structure_too_short") == []
    assert findings(good, "structure_too_long") == []
    assert findings("\n\n".join([good] * 3), "structure_too_long")
