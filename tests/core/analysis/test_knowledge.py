"""The analysis knowledge files: targets with sources, complaint words in every language, and
demo sentences that mean exactly what they are planted for."""

from __future__ import annotations

import re

import pytest

from reinstate.analysis.knowledge import complaints, normalise_reason, thresholds
from reinstate.codes import Category, MetricStatus
from reinstate.demo import catalog
from reinstate.knowledge.loader import load

LANGUAGES = {"en", "de", "fr", "it", "es", "ja", "zh"}


def test_every_metric_target_has_a_window_and_a_source() -> None:
    raw = load("thresholds")
    for code, metric in raw["metrics"].items():
        assert metric["source"].strip(), code
        assert thresholds().rule(code).target == metric["target"]
    assert thresholds().rule("order_defect_rate").windows == (60,)
    assert thresholds().rule("late_shipment_rate").windows == (10, 30)
    assert thresholds().invoice_window_days == 365


def test_it_compares_values_with_targets_on_the_right_side() -> None:
    assert thresholds().rule("order_defect_rate").status(0.012) is MetricStatus.BAD
    assert thresholds().rule("order_defect_rate").status(0.009) is MetricStatus.GOOD
    assert thresholds().rule("valid_tracking_rate").status(0.95) is MetricStatus.GOOD
    assert thresholds().rule("valid_tracking_rate").status(0.949) is MetricStatus.BAD
    assert thresholds().rule("valid_tracking_rate").status(None) is MetricStatus.NONE


def test_every_complaint_family_has_words_in_seven_languages_and_a_category() -> None:
    for family in complaints().families.values():
        assert set(family.terms) >= LANGUAGES, family.code
        assert isinstance(family.category, Category)
        assert {"en", "zh-hans", "zh-hant"} <= set(family.name)


def test_return_reason_codes_are_read_without_their_prefixes() -> None:
    knowledge = complaints()
    assert normalise_reason("RO_CR-DEFECTIVE") == "DEFECTIVE"
    assert knowledge.reason_family("CR-SWITCHEROO") == (True, "wrong_item")
    assert knowledge.reason_family("AMZ-PG-BAD-DESC") == (True, "not_as_described")
    assert knowledge.reason_family("UNWANTED_ITEM") == (True, None)
    assert knowledge.reason_family("SOMETHING_NEW") == (False, None)


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Sent me a used one, the box was already opened", "used"),
        ("Eindeutig gebrauchte Ware", "used"),
        ("Completely fake, a knock-off", "inauthentic"),
        ("これは偽物です", "inauthentic"),
        ("Produit périmé depuis un mois", "expired"),
        ("Il prodotto è arrivato danneggiato", "damaged"),
        ("El cargador se sobrecalentó", "safety"),
        ("发错货了", "wrong_item"),
    ],
)
def test_complaint_words_match_whole_words_in_any_case(text: str, family: str) -> None:
    families = complaints().families
    assert re.search(families[family].pattern, text)
    assert re.search(families[family].pattern, text.upper())


@pytest.mark.parametrize(
    "text", ["I used it every day and love it", "Focused on quality", "Refused delivery", "brand"]
)
def test_everyday_words_are_not_taken_for_complaints(text: str) -> None:
    assert not any(re.search(f.pattern, text) for f in complaints().families.values())


def test_demo_sentences_mean_exactly_what_they_are_planted_for() -> None:
    families = complaints().families
    neutral = (
        list(catalog.NEUTRAL_RETURN_COMMENTS) + list(catalog.POSITIVE_FEEDBACK)
        + list(catalog.NEUTRAL_FEEDBACK) + list(catalog.NEGATIVE_FEEDBACK)
        + list(catalog.VOC_NEUTRAL_REASONS)
    )  # fmt: skip
    for text in neutral:
        assert not [f.code for f in families.values() if re.search(f.pattern, text)], text
    for family, texts in catalog.PLANTED_TEXTS.items():
        for _, text in texts:
            hits = {f.code for f in families.values() if re.search(f.pattern, text)}
            assert hits == {family}, text
