"""The knowledge files: loader behaviour, phrase books, labels for every code, zh-hant."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reinstate.codes import Category, ChannelKind, Document, MessageKind, ReplyOutcome, Scope
from reinstate.errors import KnowledgeBaseError
from reinstate.knowledge.loader import load
from reinstate.notices import labels
from reinstate.notices.phrases import LANGUAGES, PhraseBook, book

ROOT = Path(__file__).resolve().parents[3]
MAIN_LANGUAGES = ("en", "de", "fr", "it", "es", "ja", "zh")


def test_it_loads_a_knowledge_file_once_and_refuses_bad_names() -> None:
    assert load("labels") is load("labels")
    with pytest.raises(KnowledgeBaseError):
        load("no_such_file")
    with pytest.raises(KnowledgeBaseError):
        load("../pyproject")


def test_it_reports_a_malformed_phrase_book() -> None:
    with pytest.raises(KnowledgeBaseError):
        PhraseBook("bad", {"inauthentic": {"en": [["x", 1]]}})
    with pytest.raises(KnowledgeBaseError):
        PhraseBook("bad", {"inauthentic": {"xx": [[1, "fake"]]}}).phrases("xx")
    broken = PhraseBook("bad", {"inauthentic": {"en": [[1, "(unclosed"]]}})
    with pytest.raises(KnowledgeBaseError):
        broken.phrases("en")


@pytest.mark.parametrize(
    "name", ["categories", "kind", "outcomes", "scope", "documents", "channels", "signals"]
)
def test_it_compiles_every_phrase_of_every_book(name: str) -> None:
    phrase_book = book(name)
    for lang in (*LANGUAGES, "any"):
        phrase_book.phrases(lang)


def test_it_has_phrases_for_every_category_in_the_main_languages() -> None:
    phrase_book = book("categories")
    for category in Category:
        languages = phrase_book.languages_of(category.value)
        if category is Category.OTHER:
            continue
        assert set(MAIN_LANGUAGES) <= languages, category
        assert len(languages) >= 12, category


def test_it_has_phrases_for_every_document_code_and_outcome() -> None:
    assert {d.value for d in Document} - {"other"} <= set(book("documents").labels)
    assert {o.value for o in ReplyOutcome} <= set(book("outcomes").labels)


@pytest.mark.parametrize("lang", ["en", "zh-hans", "zh-hant"])
def test_it_has_a_label_for_every_code_in_every_language(lang: str) -> None:
    for kind, codes in (
        ("category", Category),
        ("scope", Scope),
        ("reply_outcome", ReplyOutcome),
        ("document", Document),
        ("channel", ChannelKind),
        ("kind", MessageKind),
    ):
        for code in codes:
            assert labels.label(kind, code.value, lang).strip()
    for category in Category:
        text = labels.summary(category.value, lang)
        assert text.count("." if lang == "en" else "。") >= 2
    for document in Document:
        assert labels.hint(document.value, lang)
    for channel in ChannelKind:
        assert labels.click_path(channel.value, lang)


def test_it_maps_language_tags_and_falls_back_to_english() -> None:
    assert labels.label("scope", "account", "zh-CN") == labels.label("scope", "account", "zh-hans")
    assert labels.label("scope", "account", "zh_TW") == labels.label("scope", "account", "zh-hant")
    assert labels.label("scope", "account", "de") == "Whole account"
    assert labels.label("scope", "account", "zh-hant") != labels.label(
        "scope", "account", "zh-hans"
    )
    with pytest.raises(KnowledgeBaseError):
        labels.label("category", "not_a_code", "en")


def test_it_has_a_zh_hant_value_wherever_there_is_a_zh_hans_value(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "derive_zh_hant.py"
    target = ROOT / "src" / "reinstate" / "knowledge" / "labels.yaml"
    result = subprocess.run(
        [sys.executable, str(script), str(target), "--check"], capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stdout


def test_it_derives_missing_zh_hant_and_keeps_reviewed_values(tmp_path: Path) -> None:
    sample = tmp_path / "sample.yaml"
    sample.write_text(
        "# keep me\n"
        'a: {en: Account, zh-hans: "账户资金"}\n'
        'b: {en: x, zh-hans: "简体", zh-hant: "人工"}\n'
        "c:\n  en: Plan\n  zh-hans: 行动计划\n",
        encoding="utf-8",
    )
    script = ROOT / "scripts" / "derive_zh_hant.py"
    subprocess.run([sys.executable, str(script), str(sample)], check=True, timeout=60)
    text = sample.read_text(encoding="utf-8")
    assert "# keep me" in text
    assert 'zh-hant: "帳戶資金"' in text
    assert 'zh-hant: "人工"' in text
    assert "zh-hant: 行動計劃" in text
