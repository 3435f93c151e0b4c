"""No raw template field reaches the seller: every option of every category, title and text,
in English and both Chinese scripts, is rendered with the case's values or a "to fill" mark."""

from __future__ import annotations

import re

import pytest

from reinstate.compose import CaseFacts, KnowledgeBase, compose

from .case_files import load_case

CATEGORIES = KnowledgeBase.default().category_codes()
RAW_SLOT = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


@pytest.mark.parametrize("code", CATEGORIES)
@pytest.mark.parametrize("lang", ["zh-hans", "zh-hant"])
@pytest.mark.parametrize("with_facts", [True, False], ids=["case", "empty"])
def test_every_option_is_rendered(code: str, lang: str, with_facts: bool) -> None:
    facts = load_case(code)[0] if with_facts else CaseFacts(category=code)
    appeal = compose(facts, lang=lang)
    assert appeal.options
    for part, options in appeal.options.items():
        for option in options:
            for field, text in (("title", option.title), ("text", option.text)):
                for shown in (text.en, text.get(lang)):
                    assert not RAW_SLOT.search(shown), (part, option.id, field, shown)
