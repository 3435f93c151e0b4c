"""Spelling: every word neither dictionary nor the lexicon knows, wherever it stands; names,
identifiers and the lexicon are not errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from reinstate.check import CheckContext, check_letter
from reinstate.check.model import CaseClaims
from reinstate.check.spelling import _known, allowed_words, default_dictionaries
from reinstate.codes import Verdict
from tests.core.check.helpers import quotes

KNOWLEDGE = Path(__file__).resolve().parents[3] / "src" / "reinstate" / "knowledge"

pytestmark = pytest.mark.skipif(
    default_dictionaries() is None, reason="the Hunspell dictionaries or spylls are not installed"
)


@pytest.mark.parametrize(
    ("text", "typo"),
    [
        ("On 4 May 2025 we recieved the 40 returned units.", "recieved"),  # inside a sentence
        ("We refunded 12 buyers. Betwen 1 and 3 May 2025 we checked 40 units.", "Betwen"),
        ("- Evrey Monday since 5 May 2025 we review the claims.", "Evrey"),  # bullet
        ("2. Sinse 6 May 2025 two people pack each order.", "Sinse"),  # numbered point
        ("Root Cuase Analysis\nOur bags tore in transit on 3 May 2025.", "Cuase"),  # heading
        ("Root cause: Mesages to buyers went unanswered in May 2025.", "Mesages"),  # after a colon
        ("Dear Seller Perfomance Team,\nOn 3 May 2025 we refunded 12 buyers.", "Perfomance"),
        ("We refunded 12 buyers on 3 May 2025.\n\nSincerly,\nDaniel Ortiz", "Sincerly"),
        ("On 3 May 2025 our warehose lead checked the 40 units.", "warehose"),  # not ware + hose
        ("Since 3 May 2025 each parcel gets a double-wal box.", "wal"),  # part of a compound
        ("On 3 May 2025 our mananger checked the 40 units.", "mananger"),  # not man + anger
    ],
)
def test_it_flags_a_misspelling_wherever_it_stands(text: str, typo: str) -> None:
    assert quotes(text, "language_spelling", grammar=False) == [typo]


def test_it_keeps_a_letter_with_one_misspelling_from_ready_and_suggests_the_word() -> None:
    text = Path(__file__).resolve().parents[2] / "fixtures" / "letters" / "good" / "odr.txt"
    letter = text.read_text(encoding="utf-8")
    assert check_letter(letter).verdict is Verdict.READY
    typo = letter.replace("every defect behind the rate", "every defect behind the rtae", 1)
    report = check_letter(typo)
    spelling = [f for f in report.findings if f.code == "language_spelling"]
    assert [f.quote for f in spelling] == ["rtae"]
    assert "rate" in spelling[0].suggestion
    assert report.verdict is Verdict.FIX_FIRST


@pytest.mark.parametrize(
    "text",
    [
        # A name inside a sentence, and the same name opening one.
        "Our buyer, Nordflask Ltd, shipped on 3 May 2025. Nordflask sent the invoice on 4 May.",
        # A name of two words opening a sentence; a short name opening one.
        "Huaxin Trading supplied the 240 units on 3 May 2025. Hao checked every carton.",
        # The signature: names, company, contact details.
        "We refunded 12 buyers on 3 May 2025.\n\nBest regards,\nXiaoqing Zhu\nZhu Qingfeng "
        "Trading Co., Ltd.\nSeller ID: A2XKQPL9M7\nqingfeng@example.com",
        # A signature without a closing formula.
        "We refunded 12 buyers on 3 May 2025.\n\nWeiran Dongsheng\nDongsheng Home Goods",
        # Identifiers, acronyms, brands in mixed case, the lexicon.
        "Since 3 May 2025 SKU kh-mug-blue, ASIN B08KTR4Q2L, order 113-4827361-5520941, our "
        "QC and SOP, the iPhone cases and the FNSKU labels are checked in our mailroom.",
        # Real words Hunspell has in one dictionary only.
        "Our organisation labelled the colour; our organization labeled the color.",
        # A closed compound of two words no known word is one slip away from.
        "Since 3 May 2025 every mug ships in two polybags.",
    ],
)
def test_it_leaves_names_identifiers_and_the_lexicon_alone(text: str) -> None:
    assert quotes(text, "language_spelling", grammar=False) == []


def test_it_takes_the_names_of_the_case_as_known() -> None:
    text = "Kaidaxin shipped the 240 units on 3 May 2025, and we refunded 12 buyers."
    assert quotes(text, "language_spelling", grammar=False) == []  # too far from a word
    text = "Kaidan shipped the 240 units on 3 May 2025, and we refunded 12 buyers."
    # One slip from a dictionary word and alone at a sentence start: read as a misspelling ...
    assert quotes(text, "language_spelling", grammar=False) == ["Kaidan"]
    # ... unless the case knows the name.
    claims = CaseClaims(parties=frozenset({"kaidan electronics co., ltd"}))
    assert quotes(text, "language_spelling", grammar=False, claims=claims) == []


def _english_texts(node: object, key: str | None = None) -> list[str]:
    if isinstance(node, dict):
        return [t for k, v in node.items() for t in _english_texts(v, str(k))]
    if isinstance(node, list):
        return [t for v in node for t in _english_texts(v, key)]
    return [node] if isinstance(node, str) and key == "en" else []


def test_every_word_the_composer_writes_is_in_a_dictionary_or_the_lexicon() -> None:
    """The knowledge base's lexicon is complete: a new knowledge-base text with a word Hunspell
    lacks fails here until the word is added to check/language.yaml (allow)."""
    forms = default_dictionaries()
    assert forms is not None
    files = [*sorted((KNOWLEDGE / "categories").glob("*.yaml"))]
    files += [KNOWLEDGE / "common.yaml", KNOWLEDGE / "slots.yaml"]
    unknown: set[str] = set()
    for path in files:
        for text in _english_texts(yaml.safe_load(path.read_text(encoding="utf-8"))):
            text = re.sub(r"\{[^{}]*\}", " ", text)
            for word in re.findall(
                r"(?<![\w'’])[A-Za-z][A-Za-z'’]*(?:-[A-Za-z][A-Za-z'’]*)*", text
            ):
                if word.lower() in allowed_words():
                    continue
                for part in word.split("-"):
                    if len(part) < 2 or part.isupper() or any(c.isupper() for c in part[1:]):
                        continue
                    if part.lower() not in allowed_words() and not _known(forms, part):
                        unknown.add(part)
    assert sorted(unknown) == []


def test_it_checks_a_long_letter_quickly() -> None:
    import time

    letter = Path(__file__).resolve().parents[2] / "fixtures" / "letters" / "good" / "odr.txt"
    text = (letter.read_text(encoding="utf-8") + "\n\n") * 40  # about 100,000 characters
    text = text[:99_000]
    start = time.perf_counter()
    check_letter(text, CheckContext(grammar=False))
    assert time.perf_counter() - start < 5.0
