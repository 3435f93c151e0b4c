"""A phrase is only scanned in texts that hold its required plain text (the needle): that
shortcut must never lose a match. Every phrase book, every language, on every real message of
the corpus and every notice fixture: the hits with the shortcut equal the hits without it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from reinstate.notices.diagnose import CATEGORY_BOOKS
from reinstate.notices.phrases import (
    LANGUAGES,
    NormalText,
    PhraseBook,
    book,
    needles,
    required_text,
)

ROOT = Path(__file__).resolve().parents[3]
BOOKS = ["kind", "outcomes", "scope", "documents", "signals", "channels", *CATEGORY_BOOKS]


def _texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpus" / "notices").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    for path in sorted((ROOT / "tests" / "fixtures" / "notices").glob("*")):
        if path.is_file() and path.stat().st_size < 200_000:
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return texts


def _without_needles(phrases: PhraseBook) -> PhraseBook:
    plain = PhraseBook.__new__(PhraseBook)
    plain.name, plain._raw = phrases.name, phrases._raw
    plain._compiled = {
        lang: [dataclasses.replace(p, needles=()) for p in phrases.phrases(lang)]
        for lang in (*LANGUAGES, "any")
    }
    return plain


@pytest.mark.parametrize("name", BOOKS)
def test_the_needle_shortcut_loses_no_match(name: str) -> None:
    shortcut = book(name)
    full = _without_needles(shortcut)
    texts = _texts()
    assert len(texts) > 250
    for text in texts:
        normal = NormalText(text)
        assert shortcut.scan(normal, LANGUAGES, every=3) == full.scan(normal, LANGUAGES, every=3)


def test_most_phrases_have_a_needle() -> None:
    phrases = [p for name in BOOKS for lang in LANGUAGES for p in book(name).phrases(lang)]
    with_needle = [p for p in phrases if p.needles]
    assert len(with_needle) > 0.75 * len(phrases)


@pytest.mark.parametrize(
    ("pattern", "needle"),
    [
        ("we (?:have )?reinstated", "reinstated"),
        ("remains? (?:deactivated|suspended)", "remain"),
        ("x{2,3}yy", "yy"),
        ("[ab]c (?:x)", "c"),
        ("a|bcd", ""),
        ("(?:a|b)", ""),
        ("fälschung\\w*", "fälschung"),
        ("感谢您(?:提交|发送)", "感谢您"),
        ("re\\.?", "re"),
    ],
)
def test_the_needle_is_text_every_match_holds(pattern: str, needle: str) -> None:
    assert required_text(pattern) == needle


def test_each_branch_of_an_alternation_gives_a_needle() -> None:
    assert needles("has been reinstated|we (?:have )?reactivated") == ("reinstated", "reactivated")
    assert needles("[a|b]cd|ef") == ("cd", "ef")
    assert needles("case id|(?:x|y)") == ()
