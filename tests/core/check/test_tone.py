"""Tone checks: the span points at the words, and ordinary factual wording passes."""

from __future__ import annotations

import pytest

from tests.core.check.helpers import findings, quotes


def test_it_points_at_the_pleading_words() -> None:
    text = "On 4 May 2025 we refunded 6 buyers. Please give us a second chance."
    assert quotes(text, "tone_pleading") == ["Please give us a second chance"]


def test_it_flags_every_apology_after_the_first_only() -> None:
    text = (
        "We apologise for the 6 complaints on ASIN B07QWN5H3M. "
        "On 23 August 2025 we refunded the 6 buyers. "
        "We are sorry again for the trouble. We deeply apologize to Amazon."
    )
    assert quotes(text, "tone_apology_excess") == [
        "We are sorry again for the trouble.",
        "We deeply apologize to Amazon.",
    ]
    one = "We apologise for the 6 complaints on ASIN B07QWN5H3M."
    assert findings(one, "tone_apology_excess") == []


def test_it_does_not_take_a_form_question_heading_for_a_question_to_amazon() -> None:
    text = (
        "What was the root cause of the issue?\n"
        "Our template listed 26 refurbished units as New on 14 May 2025.\n"
        "Why was our account suspended?"
    )
    assert quotes(text, "tone_question") == ["Why was our account suspended?"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The buyer of order 114-5532871-2203948 lied about the item.", "tone_blame"),
        ("USPS lost 9 parcels in the Chicago hub.", "tone_blame"),
        ("We are a new seller and did not know the rule.", "tone_excuse"),
        ("We will take legal action if the account stays closed.", "tone_threat"),
        ("We hereby confirm the items are genuine.", "tone_legal_language"),
        ("With all due respect, nobody read our invoices.", "tone_sarcasm"),
        ("We also opened case ID 15839274610 about this.", "tone_other_contact"),
        ("This is our second appeal about the listing.", "tone_other_case"),
        ("Our company was founded in 2012 in Ningbo.", "tone_introduction"),
        ("We will try our best to ship on time.", "tone_will_try"),
        ("We are heartbroken and desperate.", "tone_emotive"),
    ],
)
def test_it_flags_the_phrase(text: str, code: str) -> None:
    assert findings(text, code), f"{code} missed: {text}"


@pytest.mark.parametrize(
    "text",
    [
        "On 18 June 2025 the 212 units were destroyed; the disposal record is attached.",
        "The carrier's tracking shows the first scan 4 days after pickup, so on 5 March 2025 we "
        "moved all shipments to UPS Ground.",
        "A staff member accidentally listed 26 refurbished units as New on 14 May 2025.",
        "Since 20 July 2025 a trademark attorney reviews each new listing before it goes live.",
        "Please find the invoice of 11 June 2025 attached.",
        "The buyer reported on 12 February 2025 that the charger stopped working.",
        "This issue is closed: the 11 buyers were refunded on 6 March 2025.",
    ],
)
def test_it_leaves_factual_wording_alone(text: str) -> None:
    tone = [f.code for f in findings(text) if f.family == "tone"]
    assert tone == [], text


def test_it_rates_blame_on_a_carrier_lower_than_blame_on_the_buyer() -> None:
    carrier = findings("The courier lost 9 parcels in March 2025.", "tone_blame")
    buyer = findings("The buyers lied about 9 parcels in March 2025.", "tone_blame")
    assert carrier[0].severity.value == "medium"
    assert buyer[0].severity.value == "high"


def test_it_does_not_read_sue_inside_issue() -> None:
    assert findings("The issue with 11 orders was fixed on 5 March 2025.", "tone_threat") == []


@pytest.mark.parametrize(
    "text",
    [
        "We are so sorry, please.",
        "We are so sorry, please give us another chance.",
        "Please, we need this account.",
        "PLEASE reinstate our store.",
    ],
)
def test_it_hears_a_plea_in_a_bare_please(text: str) -> None:
    assert findings(text, "tone_pleading"), text


def test_it_reads_an_intensified_sorry_as_emotion_but_not_a_plain_regret() -> None:
    assert quotes("We are so sorry for the late orders.", "tone_emotive") == ["so sorry"]
    assert findings("We regret the 11 late orders of March 2025.", "tone_emotive") == []


def test_it_rates_begging_for_a_chance_high_so_the_letter_is_not_ready() -> None:
    begging = findings("Please give us another chance.", "tone_pleading")
    assert [f.severity.value for f in begging] == ["high"]
    reinstate = findings("Please reinstate our account.", "tone_pleading")
    assert [f.severity.value for f in reinstate] == ["high"]


@pytest.mark.parametrize(
    "text",
    [
        "Please let us know if you need any further information.",
        "Please let us know if you require further documents.",
        "Please find attached the invoices of 2 April 2025.",
        "Please see the attached disposal record of 18 June 2025.",
        "Thank you for reviewing our plan of action.",
    ],
)
def test_it_lets_the_polite_formulas_of_a_business_letter_pass(text: str) -> None:
    tone = [f.code for f in findings(text) if f.family == "tone"]
    assert tone == [], text


@pytest.mark.parametrize(
    "text",
    [
        "Before the notice, we reported the suspicious reviews and orders to Seller Support "
        "(case ID: 15839274610).",
        "1. Our reports of the suspicious reviews to Seller Support before the notice "
        "(Seller Support case 15839274610)",
        "On 2 May 2025 we reported the hijacked listing B0CJ7K2LQP in Seller Support case "
        "15839274610.",
    ],
)
def test_it_lets_a_case_the_seller_cites_as_its_own_report_pass(text: str) -> None:
    assert findings(text, "tone_other_case") == [], text
    assert findings(text, "tone_other_contact") == [], text


def test_it_still_flags_a_case_cited_instead_of_the_facts() -> None:
    text = "We have already explained this in Seller Support case 15839274610, please check it."
    assert findings(text, "tone_other_contact")
    assert findings(text, "tone_other_case") == []  # one finding for the sentence, the stronger
    assert findings("We also opened Seller Support cases about ASIN B0CJ7K2LQP.", "tone_other_case")


@pytest.mark.parametrize(
    "text",
    [
        "Please refer to case 1234567890 for the invoices.",
        "As explained in our previous appeal, the bags were the cause.",
        "See my earlier email for the supplier's details.",
        "We already sent the invoices in case 9876543210.",
        "The photos were provided in our first appeal.",
        "As discussed with Seller Support on 2 March 2025, we changed carriers.",
        "Your colleague told us on the phone that the invoices were accepted.",
        "As per my email of 1 March 2025, the refunds are done.",
        "We have contacted Seller Support three times about this.",
        "Please check the ticket we opened last week.",
        "This plan is the same as our previous appeal.",
        "We hope this appeal, together with the one we submitted on 2 May, answers your questions.",
    ],
)
def test_it_flags_a_sentence_that_points_at_another_case_or_an_earlier_contact(text: str) -> None:
    found = findings(text, "tone_other_contact")
    assert [(f.start, f.end) for f in found] == [(0, len(text))], text
    assert found[0].severity.value == "high"


@pytest.mark.parametrize(
    "text",
    [
        "Dear Seller Performance Team,",
        "Please see the attached invoices for the 600 units.",
        "As stated in your notification of 8 May 2025, the complaints concern one ASIN.",
        "As your team asked, the invoices are attached to this appeal.",
        "In our case, the cause was a missing step in our returns process.",
        "In our first message to each buyer we now include the tracking number.",
        "Each defect now opens a ticket in our help desk within 24 hours.",
        "The e-mail we sent on 4 March 2025 to each of the 37 buyers offered a refund.",
        "Our previous packaging supplier closed in April 2025.",
        "As explained above, every one of these orders was delivered.",
    ],
)
def test_it_lets_references_to_the_notice_buyers_and_this_letter_pass(text: str) -> None:
    assert findings(text, "tone_other_contact") == [], text
