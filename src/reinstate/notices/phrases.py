"""Weighted multilingual phrase books read from the knowledge base, and matching them.

A phrase book file maps a label (a category code, a scope, a document ...) to phrases per
language::

    inauthentic:
      en:
        - [3, "inauthentic"]
        - [2, "supply chain"]
      de:
        - [3, "(?:nicht authentisch|fälschung)"]

Each phrase is a regular expression written in lower case (matched on lower-cased text), where
a plain space stands for any run of white space (Amazon's mails wrap lines anywhere).
Latin-script phrases that start or end with a letter only match whole words. The special
language ``any`` holds phrases for every language (URLs, addresses, codes).

Matching works on a normalised copy of the text (NFKC, lower case, typographic quotes made
plain) whose offsets map back to the original, so the UI can highlight what matched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from reinstate.errors import KnowledgeBaseError
from reinstate.knowledge.loader import load

LANGUAGES = ("en", "de", "fr", "it", "es", "ja", "zh", "nl", "sv", "pl", "tr", "ar", "pt")
_NO_WORD_BOUNDARY = {"ja", "zh"}
QUOTES = str.maketrans({"’": "'", "‘": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "´": "'"})


@dataclass(frozen=True, slots=True)
class Phrase:
    label: str
    weight: float
    pattern: re.Pattern[str]
    lang: str
    # Plain texts of which every match contains one (see needles): a text holding none of
    # them is not scanned with the pattern at all (a substring test costs far less than a
    # regex scan). Empty: always scanned.
    needles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """One phrase found in a text: offsets into the ORIGINAL text."""

    label: str
    weight: float
    start: int
    end: int
    matched: str
    lang: str
    phrase: int = -1  # index of the phrase in its book and language: one phrase, many hits


class NormalText:
    """A text prepared for matching, with a map from normalised to original offsets."""

    __slots__ = ("_map", "norm", "original")

    def __init__(self, original: str) -> None:
        self.original = original
        plain = original.translate(QUOTES)
        norm = unicodedata.normalize("NFKC", plain).lower()
        if len(norm) == len(original):
            self.norm = norm
            self._map: list[int] | None = None
            return
        pieces: list[str] = []
        mapping: list[int] = []
        for index, char in enumerate(plain):
            piece = unicodedata.normalize("NFKC", char).lower()
            pieces.append(piece)
            mapping.extend([index] * len(piece))
        mapping.append(len(original))
        self.norm = "".join(pieces)
        self._map = mapping

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self._map is None:
            return start, end
        last = max(end - 1, start)
        return self._map[start], min(self._map[last] + 1, len(self.original))


# An unbounded word run ("fälschung\w*") is bounded: a paste of one glued word repeated would
# otherwise make every occurrence scan to the end of the run (quadratic time).
_WORD_RUN = re.compile(r"(?<!\\)\\([wS])([*+])(?![?+])")
_WORD_RUN_MAX = 30


def _bounded(pattern: str) -> str:
    return _WORD_RUN.sub(
        lambda m: rf"\{m.group(1)}{{{0 if m.group(2) == '*' else 1},{_WORD_RUN_MAX}}}", pattern
    )


def compile_phrase(pattern: str, lang: str) -> re.Pattern[str]:
    # " ?" is optional white space, any other space one or more white-space characters.
    pattern = _bounded(pattern)
    spaced = pattern.replace(" ?", "\x00").replace(" ", r"\s+").replace("\x00", r"\s*")
    body = "(?:" + spaced + ")"
    if lang not in _NO_WORD_BOUNDARY:
        if pattern[:1].isalnum():
            body = r"(?<!\w)" + body
        if pattern[-1:].isalnum():
            body += r"(?!\w)"
    # Patterns are written in lower case and always run on NormalText.norm (lower-cased), so no
    # IGNORECASE: it costs four times the matching time and finds nothing more.
    return re.compile(body)


_QUANTIFIER = "?*+{"


def required_text(pattern: str) -> str:
    """The longest run of plain characters that every match of ``pattern`` (as written in a
    phrase book, before compile_phrase) must contain, or "" when none is certain.

    Conservative by construction: only characters outside every group, with no quantifier
    after them, in a pattern with no top-level alternation; escapes, classes, dots, anchors
    and spaces (which become ``\\s+``) end a run.

    >>> required_text("thank you for (?:submitting|sending) your appeal")
    'appeal'
    >>> required_text("b0[0-9a-z]{2,8}x")
    'b0'
    >>> required_text("we (?:have )?reinstated")
    'reinstated'
    >>> required_text("remains? (?:deactivated|suspended)")
    'remain'
    >>> required_text("a|b")
    ''
    """
    runs: list[str] = []
    run: list[str] = []
    depth = 0
    index = 0
    length = len(pattern)

    def end_run() -> None:
        if run:
            runs.append("".join(run))
            run.clear()

    while index < length:
        char = pattern[index]
        if char == "\\":
            end_run()
            index += 2
            continue
        if char == "[":
            end_run()
            index += 1
            if index < length and pattern[index] == "]":
                index += 1
            while index < length and pattern[index] != "]":
                index += 2 if pattern[index] == "\\" else 1
            index += 1
            continue
        if char == "{":  # a count ("{2,8}"): its digits are not text
            end_run()
            while index < length and pattern[index] != "}":
                index += 1
            index += 1
            continue
        if char == "(":
            end_run()
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return ""
        elif depth == 0:
            following = pattern[index + 1] if index + 1 < length else ""
            if following in _QUANTIFIER and following:
                end_run()  # optional or repeated: not certain to be there as written
            elif char.isalnum() or char in "'-_/:@&%,;\"" or not char.isascii():
                run.append(char)
            else:
                end_run()
        index += 1
    end_run()
    return max(runs, key=len, default="") if depth == 0 else ""


def branches(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|`` (outside groups and classes)."""
    out, start, depth, index = [], 0, 0, 0
    in_class = False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[index + 1 : index + 2] == "]":
                index += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            out.append(pattern[start:index])
            start = index + 1
        index += 1
    out.append(pattern[start:])
    return out


def needles(pattern: str) -> tuple[str, ...]:
    """One required plain text per top-level branch of ``pattern`` (every match holds one of
    them), or () when a branch has none.

    >>> needles("has been reinstated|we (?:have )?reactivated")
    ('reinstated', 'reactivated')
    >>> needles("case id|(?:x|y)")
    ()
    """
    found = tuple(required_text(branch) for branch in branches(pattern))
    return found if all(found) else ()


class PhraseBook:
    """The phrases of one knowledge-base file, compiled lazily per language."""

    def __init__(self, name: str, data: object) -> None:
        if not isinstance(data, dict):
            raise KnowledgeBaseError(f"{name}: expected a mapping of labels")
        self.name = name
        self._raw: dict[str, dict[str, list[tuple[float, str]]]] = {}
        for label, per_lang in data.items():
            if not isinstance(per_lang, dict):
                raise KnowledgeBaseError(f"{name}: {label} must map languages to phrase lists")
            entries: dict[str, list[tuple[float, str]]] = {}
            for lang, phrases in per_lang.items():
                if lang not in LANGUAGES and lang != "any":
                    raise KnowledgeBaseError(f"{name}: {label}: unknown language {lang!r}")
                entries[lang] = [_entry(name, label, lang, item) for item in phrases or []]
            self._raw[str(label)] = entries
        self._compiled: dict[str, list[Phrase]] = {}

    @property
    def labels(self) -> list[str]:
        return list(self._raw)

    def languages_of(self, label: str) -> set[str]:
        return {lang for lang, items in self._raw.get(label, {}).items() if items}

    def phrases(self, lang: str) -> list[Phrase]:
        if lang not in self._compiled:
            compiled = []
            for label, entries in self._raw.items():
                for weight, pattern in entries.get(lang, []):
                    try:
                        regex = compile_phrase(pattern, lang)
                    except re.error as exc:
                        raise KnowledgeBaseError(
                            f"{self.name}: {label}/{lang}: bad pattern {pattern!r}: {exc}"
                        ) from exc
                    compiled.append(Phrase(label, weight, regex, lang, needles(pattern)))
            self._compiled[lang] = compiled
        return self._compiled[lang]

    def scan(self, text: NormalText, langs: Iterable[str], *, every: int = 1) -> list[Hit]:
        """Every phrase of ``langs`` (plus ``any``) found in ``text``: its first ``every``
        occurrences (the part a phrase sits in decides how much it counts, so a phrase first
        seen in boilerplate may also stand in the reason)."""
        hits: list[Hit] = []
        norm = text.norm
        for lang in dict.fromkeys([*langs, "any"]):
            for index, phrase in enumerate(self.phrases(lang)):
                if phrase.needles and not any(n in norm for n in phrase.needles):
                    continue
                for number, match in enumerate(phrase.pattern.finditer(norm)):
                    if number >= every:
                        break
                    if match.end() == match.start():
                        continue
                    start, end = text.span(match.start(), match.end())
                    hits.append(
                        Hit(
                            phrase.label,
                            phrase.weight,
                            start,
                            end,
                            text.original[start:end],
                            lang,
                            index,
                        )
                    )
        return hits


def _entry(name: str, label: str, lang: str, item: object) -> tuple[float, str]:
    # [weight, pattern] or [weight, pattern, source page] (vocabulary taken from Amazon's pages)
    if (
        isinstance(item, Sequence)
        and not isinstance(item, str)
        and len(item) in (2, 3)
        and isinstance(item[0], (int, float))
        and isinstance(item[1], str)
        and item[1]
        and (len(item) == 2 or isinstance(item[2], str))
    ):
        return float(item[0]), item[1]
    raise KnowledgeBaseError(
        f"{name}: {label}/{lang}: entries are [weight, 'pattern'(, 'source')], got {item!r}"
    )


@cache
def book(name: str) -> PhraseBook:
    """The phrase book in ``knowledge/notices/<name>.yaml`` (cached per process)."""
    return PhraseBook(name, load(f"notices/{name}"))


def totals(hits: Iterable[Hit]) -> dict[str, float]:
    out: dict[str, float] = {}
    for hit in hits:
        out[hit.label] = out.get(hit.label, 0.0) + hit.weight
    return out
