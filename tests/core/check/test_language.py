"""Language checks: spelling, grammar, leftover Chinese, long sentences."""

from __future__ import annotations

import re

import pytest

from reinstate.check.dictionary import WordForms
from reinstate.check.spelling import default_dictionaries, misspellings
from reinstate.check.text import Letter
from tests.core.check.helpers import findings, quotes


def test_it_flags_misspelled_words_with_a_suggestion() -> None:
    text = "We have recieved the notice on 3 May 2025 and checked the shippment records."
    found = findings(text, "language_spelling")
    assert [text[f.start : f.end] for f in found] == ["recieved", "shippment"]
    assert "receive" in found[0].suggestion


def test_it_leaves_amazon_vocabulary_identifiers_and_names_alone() -> None:
    text = (
        "Since 5 March 2025 all MFN orders of ASIN B08KTR4Q2L and SKU KT-0042 ship with Buy "
        "Shipping; chargebacks and A-to-z claims are reviewed by Chen Hao at Shenzhen Huaxin "
        "Electronics. See https://sellercentral.amazon.com/help or write to ops@ortiz-home.com."
    )
    assert findings(text, "language_spelling") == []


@pytest.mark.parametrize("grammar", [False, True])
def test_it_leaves_marketplace_codes_skus_and_order_ids_alone(grammar: bool) -> None:
    text = (
        "On 6 May 2025 we closed SKU kh-mug-blue, kh-mug-red and kh-jar on the uk and us stores, "
        "and the UK, US, EU and UAE ones: ASIN b08ktr4q2l, MSKU amz-rt-0042-uk, listing "
        "kh_cup_42, orders 113-4827361-5520941 and D01-8839102-4471937."
    )
    assert quotes(text, "language_spelling", grammar=grammar) == []


def test_it_still_flags_a_misspelling_right_after_a_sku() -> None:
    text = "On 6 May 2025 we closed SKU kh-mug-blue and recieved the 40 returned units."
    assert quotes(text, "language_spelling", grammar=False) == ["recieved"]


def test_it_knows_a_name_that_opens_a_numbered_point() -> None:
    text = (
        "1. We bought the 240 units from a wholesaler outside the network of Maison Clairette "
        "SAS on 3 February 2025.\n2. Maison Clairette SAS wrote to us on 9 February 2025."
    )
    assert quotes(text, "language_spelling", grammar=False) == []


def test_it_accepts_british_and_american_spelling() -> None:
    text = "Our organisation labelled the colour of each unit; our organization labeled the color."
    assert findings(text, "language_spelling") == []


def test_it_reports_grammar_with_harpers_fix() -> None:
    text = "We has checked all 146 units in our warehouse on 22 August 2025."
    found = findings(text, "language_grammar")
    assert found
    assert "have" in found[0].suggestion


def test_it_reads_that_after_a_noun_ending_in_er_as_a_relative_clause() -> None:
    # Harper's "use than" rule takes "wholesaler" for a comparative; a fluent reader does not.
    relative = (
        "We bought the units from Huaxin Trading, a wholesaler that is not an authorised "
        "distributor, on 3 February 2025."
    )
    assert findings(relative, "language_grammar") == []
    comparison = "Since 6 March 2025 our new box is stronger that the mailer bag we used."
    assert quotes(comparison, "language_grammar") == ["that"]


def test_it_catches_errors_typical_of_chinese_sellers() -> None:
    text = "Our staffs checked the feedbacks on 4 May 2025."
    assert quotes(text, "language_grammar") == ["staffs", "feedbacks"]


def test_it_can_leave_grammar_out() -> None:
    text = "We has checked all 146 units in our warehouse on 22 August 2025."
    assert findings(text, "language_grammar", grammar=False) == []


def test_it_flags_chinese_text_once_with_its_punctuation() -> None:
    text = "On 5 June 2025 we stopped buying from Hongda（我们已经停止合作）."
    assert quotes(text, "language_non_english") == ["（我们已经停止合作）"]
    assert findings(text, "language_fullwidth_punctuation") == []


def test_it_flags_chinese_punctuation_in_english_text() -> None:
    text = "On 4 March 2025 we refunded the 12 buyers，and repacked the 380 jars。"
    found = findings(text, "language_fullwidth_punctuation")
    assert [text[f.start : f.end] for f in found] == ["，", "。"]
    assert "“,”" in found[0].suggestion


def test_it_allows_curly_quotes_and_accented_names() -> None:
    text = "Our listing said “kills moths”; José Müller removed it on 6 May 2025."
    codes = {f.code for f in findings(text)}
    assert not {"language_non_english", "language_fullwidth_punctuation"} & codes


def test_it_flags_a_very_long_sentence() -> None:
    long = " ".join(["we checked the unit"] * 11) + "."
    assert len(findings(long.capitalize(), "language_long_sentence")) == 1
    assert findings("We checked the unit on 4 May 2025.", "language_long_sentence") == []


def test_it_spells_with_hunspell_alone_when_harper_did_not_run() -> None:
    dictionaries = default_dictionaries()
    if dictionaries is None:
        pytest.skip("the Hunspell dictionaries (hunspell-en-us) or spylls are not installed")
    found = misspellings(Letter("We recieved 4 units."), dictionaries, None)
    assert [(m.word, "receive" in m.suggestions[0]) for m in found] == [("recieved", True)]


def test_it_spells_with_harper_alone_without_hunspell() -> None:
    letter = Letter("We recieved 4 units on time.")
    harper: dict[tuple[int, int], tuple[bool, tuple[str, ...]]] = {(3, 11): (True, ("received",))}
    found = misspellings(letter, None, harper)
    assert [(m.word, m.suggestions) for m in found] == [("recieved", ("received",))]
    assert misspellings(letter, None, None) == []


def test_it_accepts_a_word_any_dictionary_knows() -> None:
    # The forms of en_GB and en_US are one set: a word either dictionary has is known.
    both = WordForms({"colour", "color"})
    assert both.knows("colour")
    assert both.knows("color")
    assert not both.knows("culler")


def test_it_explains_a_harper_finding_in_chinese_without_harpers_english() -> None:
    from reinstate.check.language import explain_kind

    text = "We has checked all 146 units in our warehouse on 22 August 2025."
    found = findings(text, "language_grammar")
    assert found
    first = found[0]
    assert first.message_zh.startswith("语法问题（")
    assert not re.search(r"[A-Za-z]{3,}", first.message_zh.replace(first.quote, ""))
    assert not re.search(r"[A-Za-z]{3,}", first.message_zh_hant.replace(first.quote, ""))
    # Harper's replacement is kept in both Chinese suggestions.
    assert "have" in first.suggestion_zh
    assert "have" in first.suggestion_zh_hant
    explanations = {explain_kind(kind)[0] for kind in ("Agreement", "Grammar", "Miscellaneous")}
    assert any(explanation in first.message_zh for explanation in explanations)


def test_it_gives_every_harper_lint_kind_its_own_chinese_explanation() -> None:
    from reinstate.check.language import explain_kind

    # harper-core's LintKind, as harper-py's Lint.lint_kind reports it.
    kinds = (
        *("Agreement", "BoundaryError", "Capitalization", "Eggcorn", "Enhancement"),
        *("Formatting", "Grammar", "Malapropism", "Miscellaneous", "Nonstandard"),
        *("Punctuation", "Readability", "Redundancy", "Regionalism", "Repetition"),
        *("Spelling", "Style", "Typo", "Usage", "WordChoice"),
    )
    simplified = [explain_kind(kind)[0] for kind in kinds]
    traditional = [explain_kind(kind)[1] for kind in kinds]
    assert len(set(simplified)) == len(kinds)
    assert len(set(traditional)) == len(kinds)
    assert explain_kind("Something Harper adds later") == explain_kind("default")
    assert explain_kind("default")[0] not in simplified


def test_it_explains_a_typical_error_of_chinese_writers_in_chinese() -> None:
    found = findings("Our staffs checked the parcels on 4 May 2025.", "language_grammar")
    assert [f.quote for f in found] == ["staffs"]
    assert "没有复数形式" in found[0].message_zh
    assert "沒有複數形式" in found[0].message_zh_hant
    assert "“staff”" in found[0].suggestion_zh
