"""A complaint's quoted sentence and its language are chosen with polars' regular expressions
(compiling the families' patterns with Python's ``re`` cost about 0.1 s in every process): the
choice must be the one Python's ``re`` makes, the rule as it was written first."""

from __future__ import annotations

import re

import polars as pl

from reinstate.analysis.complaints import _SENTENCE_END, _language_hits, _sentences
from reinstate.analysis.knowledge import complaints
from reinstate.demo import DemoManifest


def _sentence_by_re(text: str, pattern: re.Pattern[str]) -> str:
    if len(text) <= 160:
        return text.strip()
    for part in _SENTENCE_END.split(text):
        if part and pattern.search(part):
            return part.strip()[:300]
    return text.strip()[:300]


def _comments(demo: DemoManifest) -> list[str]:
    texts: list[str] = []
    for name, column, sep in (
        ("Feedback.txt", "Comments", "\t"),
        ("FBA Customer Returns.txt", "customer-comments", "\t"),
    ):
        frame = pl.read_csv(demo.out_dir / name, separator=sep, infer_schema=False, quote_char=None)
        texts.extend(frame.get_column(column).drop_nulls().to_list())
    return texts


def test_sentences_and_languages_are_those_python_re_finds(demo: DemoManifest) -> None:
    comments = _comments(demo)
    # Long texts too: sentences are only cut from texts over 160 characters.
    joined = [" ".join(comments[i : i + 4]) for i in range(0, min(len(comments), 400), 4)]
    texts = comments + joined + ["Nothing here. Nothing there either! " * 6]
    assert any(len(t) > 160 for t in texts)
    quoted_languages = 0
    for family in complaints().families.values():
        pattern = re.compile(family.pattern)
        sentences = _sentences(texts, family.pattern)
        assert sentences == [_sentence_by_re(t, pattern) for t in texts], family.code
        by_re = {lang: re.compile(p) for lang, p in family.language_patterns.items()}
        counts, firsts = _language_hits(
            pl.Series("text", texts, pl.String), sentences, family.language_patterns
        )
        assert counts == {
            lang: sum(1 for t in texts if p.search(t)) for lang, p in by_re.items()
        }, family.code
        expected = [
            next((lang for lang, p in by_re.items() if p.search(s)), None) for s in sentences
        ]
        assert firsts == expected, family.code
        quoted_languages += len({lang for lang in firsts if lang is not None})
    assert quoted_languages >= 5  # the demo's comments are in several languages
