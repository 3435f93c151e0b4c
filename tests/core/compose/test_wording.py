"""The letter's English reads naturally: grammatical number, counts, the team it addresses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from reinstate.compose import CaseFacts, compose
from reinstate.compose.facts import AsinFact, FindingFact
from reinstate.compose.number import agree_numbers, choose_number
from tests.core.compose.case_files import load_case

ASINS = ("B0C1234567", "B0C7654321", "B0C9999991")


def _letter(category: str, asins: tuple[str, ...], **more: object) -> str:
    facts = CaseFacts(
        category=category,
        asins=asins,
        notice_date=date(2025, 5, 2),
        today=date(2025, 5, 10),
        store_name="Bright Lens Store",
        **more,  # type: ignore[arg-type]
    )
    return str(compose(facts).letter)


@pytest.mark.parametrize(
    ("count", "intro"),
    [
        (1, "This plan covers the ASIN named in the notice."),
        (2, "This plan covers both ASINs named in the notice."),
        (3, "This plan covers the 3 ASINs named in the notice."),
    ],
)
def test_it_counts_the_asins_in_plain_english(count: int, intro: str) -> None:
    letter = _letter("condition", ASINS[:count])
    assert intro in letter
    assert "all 2" not in letter
    assert "all 1 " not in letter


def test_it_names_one_notice_order_in_the_singular() -> None:
    letter = _letter("condition", ASINS[:1], order_ids=("113-4827361-5520941",))
    assert "The order named in the notice, 113-4827361-5520941, was part of" in letter
    two = _letter("condition", ASINS[:1], order_ids=("113-4827361-5520941", "114-2295018-7739452"))
    assert "The orders named in the notice, 113-4827361-5520941 and 114-2295018-7739452" in two


def test_it_writes_an_in_error_statement_about_one_shipment_in_the_singular() -> None:
    facts, _ = load_case("performance_tracking")
    letter = str(compose(replace(facts, in_error=True, order_ids=facts.order_ids[:1])).letter)
    assert f"The shipment of order {facts.order_ids[0]}," in letter
    assert ", was confirmed with the correct carrier" in letter
    assert "The shipments" not in letter


def test_it_writes_one_asin_of_a_restricted_product_in_the_singular() -> None:
    one = _letter("restricted_product", ASINS[:1], in_error=True)
    assert f"{ASINS[0]} is permitted for sale" in one
    two = _letter("restricted_product", ASINS[:2], in_error=True)
    assert f"{ASINS[0]} and {ASINS[1]} are permitted for sale" in two
    assert "their detail pages" in two


@pytest.mark.parametrize(
    ("written", "natural"),
    [
        ("We found 1 buyer complaints.", "We found 1 buyer complaint."),
        ("1 late orders were refunded.", "1 late order was refunded."),
        ("1 A-to-z claims", "1 A-to-z claim"),
        ("we removed all 2 units of B0C1234567", "we removed both units of B0C1234567"),
        ("All 1 units", "The 1 unit"),
        ("1 of the 12 orders", "1 of the 12 orders"),
        ("11 orders and 1,204 units", "11 orders and 1,204 units"),
    ],
)
def test_it_agrees_a_count_of_one_with_its_noun(written: str, natural: str) -> None:
    assert agree_numbers(written) == natural


def test_it_chooses_singular_or_plural_by_the_nearest_counted_slot() -> None:
    template = "{asin_list} [[is|are]] up; [[its page|their pages]] name {count} [[unit|units]]."
    assert choose_number(template, {"asin_list": 1, "count": 5}) == (
        "{asin_list} is up; its page name {count} units."
    )
    assert choose_number(template, {"asin_list": 2, "count": 1}) == (
        "{asin_list} are up; their pages name {count} unit."
    )
    assert choose_number(template, {}) == "{asin_list} are up; their pages name {count} units."


def test_it_addresses_a_funds_request_to_the_payments_team() -> None:
    assert _letter("funds_hold", ASINS[:1]).startswith("Dear Amazon Payments Team,")
    assert _letter("condition", ASINS[:1]).startswith("Dear Seller Performance Team,")


def test_it_mirrors_every_greeting_in_chinese() -> None:
    facts = CaseFacts(category="funds_hold", asins=ASINS[:1], store_name="Bright Lens Store")
    mirror = compose(facts, lang="zh-hans").to_json()["mirror"]
    pairs = mirror["pairs"] if isinstance(mirror, dict) else mirror
    assert any("付款团队" in str(pair) for pair in pairs)


def _inauthentic(invoice_units: int) -> str:
    """The fixture case sold 1,840 units of its ASINs in 365 days; the seller said "partly"."""
    facts, _raw = load_case("inauthentic")
    answers = {**facts.answers, "invoices_cover_sales": "partly", "invoice_units": invoice_units}
    return str(compose(replace(facts, answers=answers)).letter)


def test_it_does_not_claim_invoices_fall_short_when_they_cover_the_sales() -> None:
    assert "Invoices do not cover" not in _inauthentic(invoice_units=5_000)
    assert "Invoices do not cover" in _inauthentic(invoice_units=1_200)


def test_it_counts_only_this_policys_orders_for_each_asin() -> None:
    facts, _raw = load_case("inauthentic")
    asin = facts.asins[0]
    other = FindingFact(
        code="order_defects",
        category="performance_odr",
        asins=(AsinFact(asin, 500, None),),
        orders=(),
        facts={},
    )
    letter = str(compose(replace(facts, findings=(*facts.findings, other))).letter)
    assert "500" not in letter
    assert "affected orders" not in letter or not any(
        f"{n} affected orders" in letter for n in range(500, 1000)
    )
