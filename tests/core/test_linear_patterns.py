"""Every regular expression that reads user text runs in linear time (issue 13).

A pattern that backtracks catastrophically hangs a web worker on one careless paste. Each pattern
is fed adversarial input of the size it can meet: 1 MB for the patterns that read a whole
message or export field, 100,000 characters for the knowledge base's phrases (the diagnosis
reads a notice's meaning in its first 100,000 characters) and for the letter checker's patterns
(a letter has at most 100,000 characters). The inputs are runs of the characters a pattern
consumes (letters, digits, dots, hyphens, "@", CJK, "<"), and runs of the pattern's own first
word repeated, so a pattern that almost matches at every position is tried at every position.
A scan that does not finish within its bound (many times what a linear scan takes) fails.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from reinstate.check import data as check_data
from reinstate.knowledge.loader import load
from reinstate.notices import deadlines as notice_deadlines
from reinstate.notices import extract, forwarded, html, marketplace, reading, structure
from reinstate.notices.phrases import LANGUAGES, book

MEGABYTE = 1_000_000
SCAN = 100_000
BOUND_SECONDS = 20.0
_FIRST_WORD = re.compile(r"[a-z\u00c0-\u024f\u3040-\u30ff\u4e00-\u9fff]{3,}")


def _shapes(pattern: re.Pattern[str], size: int) -> Iterator[tuple[str, str]]:
    generic = {
        "letters": "abcdefghij",
        "alnum-dash": "a1b2-",
        "dots": "a.",
        "words": "ab ",
        "at": "a@a.",
        "digits": "1234567890",
        "cjk": "的是",
        "angle": "<",
        "newlines": "a\n",
    }
    for name, unit in generic.items():
        yield name, (unit * (size // len(unit) + 1))[:size]
    word = _FIRST_WORD.search(pattern.pattern.lower())
    if word:
        unit = word.group() + " "
        yield f"own word {word.group()!r}", (unit * (size // len(unit) + 1))[:size]
        yield "own word glued", (word.group() * (size // len(word.group()) + 1))[:size]


def _scan_all(jobs: list[tuple[re.Pattern[str], str]], start: int, at: Any, done: Any) -> None:
    for index in range(start, len(jobs)):
        at.value = index
        done.value = time.monotonic()
        for _ in jobs[index][0].finditer(jobs[index][1]):
            pass
    at.value = len(jobs)


def _all_finish(patterns: list[tuple[str, re.Pattern[str]]], size: int) -> list[str]:
    """Names of the scans that did not finish within BOUND_SECONDS. All scans run in one child
    process that reports which scan it is on; a scan past its bound is recorded, the child is
    killed and a new one goes on with the next scan."""
    jobs = [(p, text) for _, p in patterns for _, text in _shapes(p, size)]
    names = [f"{n} on {shape}" for n, p in patterns for shape, _ in _shapes(p, size)]
    context = multiprocessing.get_context("fork")
    at, started = context.Value("i", 0), context.Value("d", 0.0)
    slow: list[str] = []
    start = 0
    while start < len(jobs):
        at.value, started.value = start, time.monotonic()
        child = context.Process(target=_scan_all, args=(jobs, start, at, started))
        child.start()
        while child.is_alive():
            child.join(0.5)
            if child.is_alive() and time.monotonic() - started.value > BOUND_SECONDS:
                child.kill()
                child.join()
                slow.append(names[at.value])
                break
        start = at.value + 1 if at.value < len(jobs) else len(jobs)
    return slow


def _fields(rules: object) -> dict[str, object]:
    return {f.name: getattr(rules, f.name) for f in dataclasses.fields(rules)}  # type: ignore[arg-type]


def _code_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Patterns of the code that read a whole message (up to the 10 MB input limit)."""
    found: list[tuple[str, re.Pattern[str]]] = []
    for module in (extract, marketplace, html, reading, structure, forwarded):
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{module.__name__}.{attr}", value))
    rules = forwarded._rules()
    found += [("forwarding.marker", rules.marker), ("forwarding.header", rules.header)]
    found += [
        (f"extract.{k}", v)
        for k, v in _fields(extract._patterns()).items()
        if isinstance(v, re.Pattern)
    ]
    found += [(f"currency {c}", p) for p, c in marketplace._rules().currencies]
    return found


def test_the_code_patterns_are_linear_on_a_megabyte() -> None:
    patterns = _code_patterns()
    assert len(patterns) > 15
    assert _all_finish(patterns, MEGABYTE) == []


def _phrase_groups() -> list[str]:
    return [
        f"{name}:{lang}"
        for name in ("categories", "vocabulary", "kind", "outcomes", "scope", "documents")
        for lang in (*LANGUAGES, "any")
    ] + ["signals:all", "channels:all"]


@pytest.mark.slow
@pytest.mark.parametrize("group", _phrase_groups())
def test_the_knowledge_base_phrases_are_linear(group: str) -> None:
    name, lang = group.split(":")
    langs = (*LANGUAGES, "any") if lang == "all" else (lang,)
    patterns = [
        (f"{name}/{one}: {p.pattern.pattern[:60]}", p.pattern)
        for one in langs
        for p in book(name).phrases(one)
    ]
    assert _all_finish(patterns, SCAN) == []


def test_the_structure_and_deadline_patterns_are_linear() -> None:
    patterns: list[tuple[str, re.Pattern[str]]] = []
    for lang in (*LANGUAGES, "any"):
        patterns += [(f"heading {part}/{lang}", p) for part, p in structure._headings(lang)]
        joined = structure._boilerplate(lang)
        if joined is not None:
            patterns.append((f"boilerplate/{lang}", joined))
    rules = notice_deadlines._rules()
    for attr, value in _fields(rules).items():
        if isinstance(value, re.Pattern):
            patterns.append((f"deadlines.{attr}", value))
        elif isinstance(value, dict):
            for key, item in value.items():
                for one in item if isinstance(item, list) else [item]:
                    if isinstance(one, re.Pattern):
                        patterns.append((f"deadlines.{attr}.{key}", one))
        elif isinstance(value, list | tuple):
            patterns += [(f"deadlines.{attr}", p) for p in value if isinstance(p, re.Pattern)]
    assert len(patterns) > 50
    assert _all_finish(patterns, SCAN) == []


@pytest.mark.slow
def test_the_letter_checker_patterns_are_linear_on_the_longest_letter() -> None:
    patterns: list[tuple[str, re.Pattern[str]]] = []
    for name in ("tone", "structure", "facts", "language", "generic"):
        for key, value in check_data.section(name).items():
            # Lists of patterns (strings or mappings with "re"); other lists are word lists.
            if (
                isinstance(value, list)
                and value
                and all(isinstance(v, str) or (isinstance(v, dict) and "re" in v) for v in value)
            ):
                compiled = check_data.patterns(name, key)
                patterns += [(f"check/{name}.{key}", p.regex) for p in compiled]
    assert len(patterns) > 50
    assert _all_finish(patterns, SCAN) == []


# A phrase searched anywhere must not start with an unbounded run of a broad class: it would be
# tried at every position of a long run and scan the run each time (quadratic).
_LEADING_UNBOUNDED = re.compile(r"^(?:\(\?<!\\w\))?\(\?:(?:\\w|\.|\[\\s\\S\]|\\S|\[\^[^\]]*\])[*+]")


def test_no_phrase_starts_with_an_unbounded_broad_run() -> None:
    offenders = []
    for name in ("categories", "vocabulary", "kind", "outcomes", "scope", "documents"):
        for lang in (*LANGUAGES, "any"):
            for phrase in book(name).phrases(lang):
                if _LEADING_UNBOUNDED.search(phrase.pattern.pattern):
                    offenders.append(f"{name}/{lang}: {phrase.pattern.pattern}")
    assert offenders == []
    assert load("notices/scope")  # the lint ran over the real files


def _split_sentences(text: str, done: Any) -> None:
    from reinstate.check.text import sentences

    sentences(text)
    done.value = 1


def test_splitting_a_one_line_letter_into_sentences_is_linear() -> None:
    # Each full stop looked back over the whole line for an abbreviation: a letter pasted as one
    # line of 100,000 characters took seconds, 1 MB would not finish.
    text = "We reviewed every order from the last 60 days and found the cause. " * 15_000
    context = multiprocessing.get_context("fork")
    done = context.Value("i", 0)
    child = context.Process(target=_split_sentences, args=(text, done))
    child.start()
    child.join(BOUND_SECONDS)
    if child.is_alive():
        child.kill()
        child.join()
    assert done.value == 1, "splitting 1 MB of one line did not finish"
