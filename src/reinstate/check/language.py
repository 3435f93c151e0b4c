"""Language checks: spelling, grammar, leftover non-English text, very long sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .data import compile_patterns, section
from .findings import finding
from .grammar import GrammarLint, PendingLints, harper_available, lint, start_lint
from .model import CheckFinding
from .spelling import allowed_words, default_dictionaries, misspellings
from .text import WORD, Letter, SpanIndex

# CJK and full-width punctuation: "，" "。" "：" "（" ... (curly quotes are English and allowed).
_FULLWIDTH = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")


def check_language(
    letter: Letter,
    *,
    grammar: bool,
    lints: PendingLints | None = None,
    names: Iterable[str] = (),
) -> list[CheckFinding]:
    """Language findings. ``lints`` are Harper's lints of the letter when the caller started
    them early (:func:`reinstate.check.grammar.start_lint`); ``names`` the names the case knows
    (never spelling errors)."""
    found = _non_english(letter)
    found.extend(_fullwidth(letter))
    dictionaries = default_dictionaries()
    if grammar and lints is None and harper_available():
        lints = start_lint(letter.text, spelling=dictionaries is None)
    # What does not need Harper's lints is done before waiting for them (a cold check waits).
    long_sentences = _long_sentences(letter)
    if dictionaries is not None:
        found.extend(_spelling(letter, None, names))
    harper = lints.result() if grammar and lints is not None else None
    if harper is not None and dictionaries is None and lints is not None and not lints.spelling:
        harper = lint(letter.text, spelling=True)  # no dictionaries after all: Harper spells
    if dictionaries is None:
        found.extend(_spelling(letter, harper, names))
    # A grammar lint on text already reported (a misspelled word, Chinese text or punctuation)
    # would tell the seller the same thing twice.
    reported = SpanIndex((f.start, f.end) for f in found)
    harper_found = [
        f
        for f in (_grammar(letter, harper) if harper is not None else [])
        if not reported.overlaps(f.start, f.end)
    ]
    found.extend(harper_found)
    if grammar:
        found.extend(_common_errors(letter, harper_found))
    found.extend(long_sentences)
    return found


def _is_foreign_letter(char: str) -> bool:
    if not char.isalpha():
        return False
    if char.isascii():
        return False
    name = unicodedata.name(char, "")
    return not name.startswith("LATIN")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _non_english(letter: Letter) -> list[CheckFinding]:
    found = []
    text = letter.text
    index = 0
    while index < len(text):
        # Jump to the next non-ASCII character: most letters are plain ASCII throughout.
        candidate = _NON_ASCII.search(text, index)
        if candidate is None:
            break
        index = candidate.start()
        if not _is_foreign_letter(text[index]):
            index += 1
            continue
        end = index + 1
        # Extend over more foreign letters, joined by spaces, digits or punctuation.
        probe = end
        while probe < len(text):
            char = text[probe]
            if _is_foreign_letter(char):
                end = probe + 1
            elif (char.isascii() and char.isalpha()) or char == "\n":
                break
            probe += 1
        while end < len(text) and _FULLWIDTH.match(text[end]):
            end += 1
        begin = index
        while begin > 0 and _FULLWIDTH.match(text[begin - 1]):
            begin -= 1  # an opening "（" or "【" belongs to the Chinese run
        found.append(finding(text, "language_non_english", begin, end))
        index = end
    return found


def _fullwidth(letter: Letter) -> list[CheckFinding]:
    text = letter.text
    found = []
    for match in _FULLWIDTH.finditer(text):
        # Punctuation next to Chinese text is part of that run, reported once.
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if _is_foreign_letter(before) or _is_foreign_letter(after) or _FULLWIDTH.match(before):
            continue
        found.append(
            finding(
                text,
                "language_fullwidth_punctuation",
                match.start(),
                match.end(),
                ascii=_ascii_of(match.group()),
            )
        )
    return found


def _ascii_of(char: str) -> str:
    mapped = unicodedata.normalize("NFKC", char)
    return {
        "、": ",",
        "。": ".",
        "「": '"',
        "」": '"',
        "【": "[",
        "】": "]",
        "《": '"',
        "》": '"',
    }.get(char, mapped)


def _spelling(
    letter: Letter, lints: list[GrammarLint] | None, names: Iterable[str]
) -> list[CheckFinding]:
    """Misspellings: Hunspell's (``lints`` None), or Harper's spelling rule without Hunspell."""
    harper_lints = None
    if lints is not None:
        harper_lints = {
            (item.start, item.end): (item.kind == "Spelling", item.replacements) for item in lints
        }
    found = []
    for wrong in misspellings(letter, default_dictionaries(), harper_lints, names):
        suggestion = ", ".join(wrong.suggestions) if wrong.suggestions else "?"
        found.append(
            finding(
                letter.text,
                "language_spelling",
                wrong.start,
                wrong.end,
                word=wrong.word,
                suggestions=suggestion,
            )
        )
    return found


@cache
def _kinds_off() -> frozenset[str]:
    return frozenset(section("language").get("grammar_kinds_off", []))


def _noise(text: str, item: GrammarLint, masked: list[tuple[int, int]]) -> bool:
    """Lints that misread a business letter rather than find an error."""
    problem = text[item.start : item.end]
    if any(item.start <= start and end <= item.end for start, end in masked):
        return True  # Harper skipped the identifier inside: "and B0C9LN7VWX and" is no repeat
    if "\n" in problem.strip() or not problem.strip():
        return True  # a signature line read as one sentence with the name repeated
    named = re.findall(r"`([^`]+)`", item.message)
    if problem.lower() in allowed_words() or any(w.lower() in allowed_words() for w in named):
        return True  # Amazon vocabulary ("chargebacks"; "a listing" is not a mass noun here)
    if _relative_that(text, item):
        return True
    following = re.match(r"\s*([A-Za-z]+)", text[item.end : item.end + 20])
    # "a SKU", "a FBA shipment": the article follows how the acronym is spoken.
    return (
        item.kind == "Miscellaneous"
        and problem.lower() in {"a", "an"}
        and bool(following and following.group(1).isupper())
    )


@cache
def _than_that_context() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = section("language")
    before = re.compile(str(data["than_that_noun_before"]), re.IGNORECASE)
    after = re.compile(str(data["than_that_verb_after"]), re.IGNORECASE)
    return before, after


def _relative_that(text: str, item: GrammarLint) -> bool:
    """Harper's "use than" lint on the "that" of a relative clause after a noun in -er."""
    if text[item.start : item.end].lower() != "that" or "`than`" not in item.message:
        return False
    before, after = _than_that_context()
    return bool(
        before.search(text[max(0, item.start - 60) : item.start])
        or after.match(text[item.end : item.end + 30])
    )


@cache
def _kind_explanations() -> dict[str, tuple[str, str]]:
    """Harper lint kind -> its Chinese explanation (Simplified, Traditional)."""
    table = section("language").get("grammar_kinds", {})
    return {
        str(kind): (str(texts["zh-hans"]), str(texts["zh-hant"])) for kind, texts in table.items()
    }


def explain_kind(kind: str) -> tuple[str, str]:
    """The Chinese explanation of a Harper lint kind: Harper's messages are English only.

    >>> explain_kind("Capitalization")[0]
    '大小写不对（例如句首、专有名词）'
    """
    table = _kind_explanations()
    return table.get(kind) or table["default"]


def _grammar(letter: Letter, lints: list[GrammarLint]) -> list[CheckFinding]:
    off = _kinds_off()
    found = []
    for item in lints:
        if item.kind in off or item.end <= item.start or _noise(letter.text, item, letter.masked):
            continue
        replacement = " / ".join(f"“{r}”" for r in item.replacements) if item.replacements else ""
        detail_zh, detail_zh_hant = explain_kind(item.kind)
        found.append(
            finding(
                letter.text,
                "language_grammar" if replacement else "language_grammar_rephrase",
                item.start,
                item.end,
                detail=item.message.rstrip("."),
                detail_zh=detail_zh,
                detail_zh_hant=detail_zh_hant,
                replacement=replacement,
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class _CommonError:
    regex: re.Pattern[str]
    fix: str
    rule: str
    rule_zh: str
    rule_zh_hant: str


@cache
def _common_error_rules() -> tuple[_CommonError, ...]:
    items = section("language").get("common_errors", [])
    compiled = compile_patterns(items, "check/language.yaml:common_errors")
    return tuple(
        _CommonError(
            pattern.regex,
            str(item["fix"]),
            str(item["rule"]),
            str(item["explain"]["zh-hans"]),
            str(item["explain"]["zh-hant"]),
        )
        for pattern, item in zip(compiled, items, strict=True)
    )


def _common_errors(letter: Letter, harper_found: list[CheckFinding]) -> list[CheckFinding]:
    """Errors typical of English written by Chinese speakers that Harper lets through."""
    taken = [(f.start, f.end) for f in harper_found]
    found = []
    for rule in _common_error_rules():
        for match in rule.regex.finditer(letter.text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(
                finding(
                    letter.text,
                    "language_grammar",
                    match.start(),
                    match.end(),
                    detail=rule.rule,
                    detail_zh=rule.rule_zh,
                    detail_zh_hant=rule.rule_zh_hant,
                    replacement=f"“{rule.fix}”",
                )
            )
    return found


def _long_sentences(letter: Letter) -> list[CheckFinding]:
    limit = int(section("language").get("max_sentence_words", 40))
    found = []
    for sentence in letter.sentences:
        words = len(WORD.findall(sentence.text))
        if words > limit:
            found.append(
                finding(
                    letter.text,
                    "language_long_sentence",
                    sentence.start,
                    sentence.end,
                    words=str(words),
                    limit=str(limit),
                )
            )
    return found
