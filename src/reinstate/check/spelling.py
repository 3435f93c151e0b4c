"""Spelling with the Hunspell dictionaries Debian ships, read by spylls (Hunspell in Python).

A word is misspelled when no dictionary (en_US, en_GB) knows it and it is not on the allow-list of
Amazon vocabulary. Identifiers (ASINs, order ids, URLs, e-mails), acronyms, words with digits and
capitalised names inside a sentence are not spelling words. When Harper also ran, a word counts
only if Harper rejects it too, and Harper's suggestion is used (spylls' suggester is slow).
Without spylls or the dictionaries, Harper's own spelling rule is the checker.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .data import section
from .text import Letter, Span, inside, iter_words

_LOCK = threading.Lock()
_SUGGEST_AT_MOST = 5


@dataclass(frozen=True, slots=True)
class Misspelling:
    start: int
    end: int
    word: str
    suggestions: tuple[str, ...]


@cache
def allowed_words() -> frozenset[str]:
    groups = section("language")["allow"]
    return frozenset(word.lower() for text in groups.values() for word in str(text).split())


class HunspellDictionaries:
    """One or more Hunspell dictionaries; a word passes when any of them knows it."""

    def __init__(self, dictionaries: list[Any]) -> None:
        self._dictionaries = dictionaries
        self._known: dict[str, bool] = {}

    @classmethod
    def load(cls, names: Iterable[str], directories: Iterable[str]) -> HunspellDictionaries | None:
        """The named dictionaries from the first directory holding them; None when unavailable."""
        try:
            from spylls.hunspell import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
                Dictionary,
            )
        except ImportError:
            return None
        loaded = []
        for name in names:
            for directory in directories:
                base = Path(directory) / name
                if base.with_suffix(".dic").is_file() and base.with_suffix(".aff").is_file():
                    loaded.append(Dictionary.from_files(str(base)))
                    break
        return cls(loaded) if loaded else None

    def knows(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            with _LOCK:
                known = any(d.lookup(word) for d in self._dictionaries)
            self._known[word] = known or self._is_compound(word)
        return self._known[word]

    def _is_compound(self, word: str) -> bool:
        """A closed compound of two known words ("mailroom", "pickup"), which the dictionaries
        often lack. Each half has three letters or more, so "alot" is still wrong."""
        lower = word.lower()
        with _LOCK:
            return any(
                any(d.lookup(lower[:cut]) for d in self._dictionaries)
                and any(d.lookup(lower[cut:]) for d in self._dictionaries)
                for cut in range(3, len(lower) - 2)
            )

    def suggest(self, word: str) -> tuple[str, ...]:
        with _LOCK:
            for dictionary in self._dictionaries:
                found = tuple(s for _, s in zip(range(3), dictionary.suggest(word), strict=False))
                if found:
                    return found
        return ()


@cache
def default_dictionaries() -> HunspellDictionaries | None:
    config = section("language")["hunspell"]
    return HunspellDictionaries.load(config["dictionaries"], config["directories"])


def _name_lines(letter: Letter) -> list[tuple[int, int]]:
    """Lines of capitalised words only ("Daniel Ortiz", "Ortiz Home Goods LLC"): signatures."""
    spans = []
    for line in letter.lines:
        words = [w.text for w in iter_words(line.text)]
        name_only = words and len(words) <= 6 and all(w[0].isupper() for w in words)
        if name_only and not re.search(r"[.!?:]\s*$", line.text):
            spans.append((line.start, line.end))
    return spans


def spelling_words(letter: Letter) -> list[Span]:
    """The words whose spelling is judged (see the module docstring for what is left out)."""
    skip = sorted(letter.masked + _name_lines(letter))
    starts = {s.start for s in letter.sentences}
    allowed = allowed_words()
    candidates = [w for w in iter_words(letter.text) if not inside(w.start, skip)]
    # A capitalised word the letter also writes inside a sentence is a name, even where it
    # opens a sentence or a numbered point ("2. Maison Clairette SAS wrote to us").
    names = {w.text for w in candidates if _is_name_or_code(w, starts)}
    words = []
    for word in candidates:
        if word.text in names:
            continue
        for part in _parts(word):
            bare = re.sub(r"['’](?:s|d|ll|re|ve|t|m)?$", "", part.text)
            if len(bare) < 2 or bare.lower() in allowed or bare.upper() == bare:
                continue
            words.append(Span(part.start, part.start + len(bare), bare))
    return words


def _is_name_or_code(word: Span, sentence_starts: set[int]) -> bool:
    text = word.text
    if any(ch.isdigit() for ch in text):
        return True
    if text.isupper() and len(text) <= 6:
        return True  # an acronym: QC, SOP, USPS
    if any(ch.isupper() for ch in text[1:]) and not text.isupper():
        return True  # camel case: iPhone, PayPal
    return text[0].isupper() and word.start not in sentence_starts


def _parts(word: Span) -> list[Span]:
    if "-" not in word.text:
        return [word]
    parts, offset = [], word.start
    for piece in word.text.split("-"):
        if piece:
            parts.append(Span(offset, offset + len(piece), piece))
        offset += len(piece) + 1
    return parts


HarperLints = dict[tuple[int, int], tuple[bool, tuple[str, ...]]]


def misspellings(
    letter: Letter,
    dictionaries: HunspellDictionaries | None,
    harper_lints: HarperLints | None,
) -> list[Misspelling]:
    """Misspelled words, with up to three suggestions each.

    ``harper_lints`` maps the (start, end) of every Harper lint to (is it the spelling rule, its
    replacements), or is None when Harper did not run.
    """
    found: list[Misspelling] = []
    suggested = 0
    for word in spelling_words(letter):
        harper = _harper_at(harper_lints, word) if harper_lints is not None else None
        if dictionaries is not None:
            if dictionaries.knows(word.text) or dictionaries.knows(word.text.lower()):
                continue
            if harper_lints is not None and harper is None:
                continue  # Harper's dictionary knows it: a rare but real word
            suggestions = harper[1] if harper and harper[0] else ()
            if not suggestions and suggested < _SUGGEST_AT_MOST:
                suggestions = dictionaries.suggest(word.text)
                suggested += 1
        else:
            # Harper alone (American): only its spelling rule counts, and a British spelling
            # whose American form Harper suggests ("metre" -> "meter") is not an error.
            if harper is None or not harper[0] or _british_of(word.text, harper[1]):
                continue
            suggestions = harper[1]
        found.append(Misspelling(word.start, word.end, word.text, suggestions))
    return found


_BRITISH = (
    ("our", "or"),
    ("tre", "ter"),
    ("ise", "ize"),
    ("isa", "iza"),
    ("yse", "yze"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ogue", "og"),
    ("mme", "m"),
    ("ence", "ense"),
    ("oul", "ol"),
)


def _british_of(word: str, suggestions: tuple[str, ...]) -> bool:
    lower = word.lower()
    american = {s.lower() for s in suggestions}
    return any(b in lower and lower.replace(b, a) in american for b, a in _BRITISH)


def _harper_at(harper_lints: HarperLints, word: Span) -> tuple[bool, tuple[str, ...]] | None:
    exact = harper_lints.get((word.start, word.end))
    if exact is not None:
        return exact
    for (start, end), lint in harper_lints.items():
        if start <= word.start and word.end <= end:
            return lint
    return None
