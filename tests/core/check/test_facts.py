"""Fact checks: the letter against the notice and the case's figures and dates."""

from __future__ import annotations

from datetime import date

import pytest

from reinstate.check.facts import Figure, figures_agree, parse_figure
from tests.core.check.helpers import findings, quotes

LETTER = (
    "Our order defect rate reached 2.31% (37 of 1,602 orders) in the 60 days to 28 February "
    "2025. On 4 March 2025 we refunded order 113-4827361-5520941 and closed ASIN B08KTR4Q2L."
)


def test_it_names_each_notice_asin_and_order_the_letter_leaves_out() -> None:
    found = findings(
        LETTER,
        notice_asins=["B08KTR4Q2L", "B08KTQ9M1N"],
        notice_order_ids=["113-4827361-5520941", "114-2295018-7739452"],
    )
    missing = [(f.code, f.message) for f in found if f.code.endswith("_missing")]
    assert [code for code, _ in missing] == ["facts_asin_missing", "facts_order_missing"]
    assert "B08KTQ9M1N" in missing[0][1]
    assert "114-2295018-7739452" in missing[1][1]


def test_it_matches_asins_whatever_their_case() -> None:
    assert findings(LETTER.lower(), "facts_asin_missing", notice_asins=["B08KTR4Q2L"]) == []


def test_it_accepts_the_case_figure_at_the_letters_precision() -> None:
    figures = {"order_defect_rate": "2.31%", "defect_orders": "37"}
    assert findings(LETTER, "facts_figure_mismatch", known_figures=figures) == []
    rounded = LETTER.replace("2.31%", "2.3%")
    assert findings(rounded, "facts_figure_mismatch", known_figures=figures) == []


def test_it_points_at_a_figure_that_disagrees_with_the_case() -> None:
    wrong = LETTER.replace("2.31%", "3.1%")
    found = findings(wrong, "facts_figure_mismatch", known_figures={"order_defect_rate": "2.31%"})
    assert [wrong[f.start : f.end] for f in found] == ["3.1%"]
    assert "2.31%" in found[0].message
    assert "2.31%" in found[0].message_zh


def test_it_does_not_read_a_target_as_the_case_figure() -> None:
    text = LETTER + " Our target is an order defect rate below 0.5%, under the 1% target."
    assert (
        findings(text, "facts_figure_mismatch", known_figures={"order_defect_rate": "2.31%"}) == []
    )


def test_it_notes_a_case_figure_the_letter_never_gives() -> None:
    found = findings(LETTER, "facts_figure_missing", known_figures={"late_shipment_rate": "7.8%"})
    assert len(found) == 1
    assert "late shipment rate" in found[0].message


@pytest.mark.parametrize(
    "placeholder",
    ["{asin}", "[ASIN]", "[Your Name]", "<SELLER_NAME>", "XXX", "TODO", "B07TLXXXXX", "____"],
)
def test_it_flags_a_leftover_placeholder(placeholder: str) -> None:
    text = f"On 4 March 2025 we closed {placeholder} and refunded 4 buyers."
    assert quotes(text, "facts_placeholder") == [placeholder]


def test_it_does_not_take_ordinary_capitals_or_brackets_for_placeholders() -> None:
    text = "On 4 March 2025 we closed ASIN B08KTR4Q2L [listing 2 of 3] and told USPS (UPS too)."
    assert findings(text, "facts_placeholder") == []


def test_it_flags_impossible_dates_and_dates_the_case_does_not_know() -> None:
    assert quotes("On 31 February 2025 we refunded 4 buyers.", "facts_date_invalid") == [
        "31 February 2025"
    ]
    known = [date(2025, 3, 4)]
    assert quotes(LETTER, "facts_date_unknown", known_dates=known) == ["28 February 2025"]


def test_it_asks_for_dates_and_figures_in_a_letter_without_any() -> None:
    text = "Root cause\nOur packing was weak.\nCorrective actions\nWe repacked everything."
    codes = {f.code for f in findings(text)}
    assert {"facts_no_dates", "facts_no_figures"} <= codes
    assert not {"facts_no_dates", "facts_no_figures"} & {f.code for f in findings(LETTER)}


def test_it_parses_figures_as_the_case_writes_them() -> None:
    assert parse_figure("2.31%") == Figure(2.31, True, 2)
    assert parse_figure("1,602") == Figure(1602.0, False, 0)
    assert parse_figure("none") is None
    assert figures_agree(Figure(2.31, True, 2), Figure(0.0231, False, 4))
    assert not figures_agree(Figure(37, False, 0), Figure(38, False, 0))


@pytest.mark.parametrize(
    "slot",
    [
        "[TO FILL: supplier name]",
        "[supplier]",
        "[Supplier Name]",
        "{asin}",
        "XXX",
        "<insert date>",
        "<insert supplier's name>",
        "[name of authorised distributor]",
        "XX/XX/2025",
        "DD/MM/YYYY",
    ],
)
def test_it_finds_every_kind_of_leftover_placeholder(slot: str) -> None:
    text = f"Since 5 June 2025 we buy the 240 units only from {slot}, checked by our manager."
    assert quotes(text, "facts_placeholder") == [slot]
