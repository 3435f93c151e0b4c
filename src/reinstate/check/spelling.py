"""Spelling: every word the Hunspell dictionaries and the knowledge base's lexicon do not know.

The dictionaries are Debian's en_US and en_GB (``hunspell-en-us``, ``hunspell-en-gb``), read with
spylls once and then from a compiled cache (:mod:`reinstate.check.dictionary`). The lexicon is the
reviewed allow-list in ``knowledge/check/language.yaml`` (Amazon vocabulary, carriers, supplier
place names, product words the knowledge base uses), plus the names the case's facts hold (store,
suppliers, rights owner, carriers).

Which words are judged: capitalisation says a word is a name only where English would not
capitalise it anyway. So a capitalised word inside a sentence is a name and is left alone, but
the first word of a sentence, of a line, of a bullet or numbered point, after a colon, and every
word of a title-case heading ("Root Cause Analysis") is judged like any other word, unless the
letter also writes it capitalised inside a sentence (then it is a name: "2. Maison Clairette SAS
wrote to us"). The signature under the closing formula ("Sincerely," and what follows) holds names
and contact details and is not judged; the closing formula itself is. Identifiers (ASINs, order
ids, URLs, e-mail addresses, SKUs), words in capitals (QC, USPS) and mixed-case brands (iPhone,
PayPal) are not spelling words.

A word unknown to the dictionaries may still be a closed compound of two known words
("mailroom", "polybag"), but not when a known word is one edit away: "warehose" is "warehouse"
mistyped, not "ware" + "hose".

Each misspelling comes with suggestions (:meth:`WordForms.suggest`); words the letter spells
right elsewhere are preferred. Without spylls and the dictionaries (and no cache), Harper's own
spelling rule is the checker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .data import section
from .dictionary import WordForms, default_cache_folder, find_dictionaries, load_word_forms
from .text import WORD, Letter, Span, SpanIndex, iter_words

# Suggestions two edits away cost about 0.2 s a word: only the first few misspellings get them.
_DEEP_SUGGESTIONS = 5
# An unknown capitalised word where English capitalises every word (a sentence's first word, a
# heading) is a misspelling only when it is one common slip away from an ordinary lower-case word
# (see dictionary._edits for the costs): for four letters a swapped, doubled, left-out letter or a
# vowel or sound-alike letter ("Evrey", "Whne"); from five letters also a neighbouring key or a
# letter too many ("Betwen", "Mesages", "Sinse"). "Huaxin", "Hao" and "Nordflask" are names.
_SLIP_BY_LENGTH = ((5, 0.8), (4, 0.7))
# Months and weekdays do not make a name of the capitalised word before them ("Evrey Monday").
_CALENDAR = frozenset(
    (
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december", "monday", "tuesday", "wednesday"),
        *("thursday", "friday", "saturday", "sunday"),
    )
)
_cache_folder: Path | None = default_cache_folder()


@dataclass(frozen=True, slots=True)
class Misspelling:
    start: int
    end: int
    word: str
    suggestions: tuple[str, ...]


@cache
def allowed_words() -> frozenset[str]:
    """The knowledge base's lexicon: words an appeal uses correctly that no dictionary has."""
    groups = section("language")["allow"]
    return frozenset(word.lower() for text in groups.values() for word in str(text).split())


def use_cache_folder(folder: Path | None) -> None:
    """Keep the compiled dictionaries in ``folder`` (None: build them in memory every process).

    The default is ``~/.cache/reinstate``.
    """
    global _cache_folder
    _cache_folder = folder
    default_dictionaries.cache_clear()
    dictionaries_installed.cache_clear()


@cache
def default_dictionaries() -> WordForms | None:
    config = section("language")["hunspell"]
    return load_word_forms(config["dictionaries"], config["directories"], _cache_folder)


@cache
def dictionaries_installed() -> bool:
    """Whether the dictionary files are there (cheap: no reading), so Harper need not spell."""
    config = section("language")["hunspell"]
    return bool(find_dictionaries(config["dictionaries"], config["directories"]))


# ---------------------------------------------------------------------------------- which words

# What may stand before the first word of a line: a bullet, a list number, an opening quote.
_LINE_OPENING = re.compile(
    r"\s*(?:[-*•·●▪◦>#]+|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|[IVXivx]{1,4}[.)])?\s*[\"“'‘(\[]*\s*"
)
# What ends a sentence or a lead-in before a word: "... done. Every", "Root cause: Our".
_AFTER_STOP = re.compile(r"[.!?:;][\"”'’)\]]*\s+[\"“'‘(\[]*$")
_SMALL_WORDS = frozenset(
    (
        *("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or"),
        *("per", "the", "to", "vs", "via", "with", "our", "your"),
    )
)
# A contact line of a signature: an e-mail address, or a label ("Seller ID: A2...", "Phone: ...").
_CONTACT = re.compile(r"@|^[A-Z][A-Za-z .-]{1,24}:\s*\S")


def _words(text: str) -> list[str]:
    return WORD.findall(text)


_SALUTATION = re.compile(r"(?:dear|to|hello|attn|attention)\b[^.!?]{0,60}[,:]", re.IGNORECASE)


def _is_title_line(text: str) -> bool:
    """A heading in title case ("Root Cause Analysis", "Corrective Actions Taken:") or the
    salutation ("Dear Seller Performance Team,"): capitals there say nothing about names."""
    if _SALUTATION.fullmatch(text):
        return True
    if re.search(r"[.!?,;]$", text) or len(text) > 90:
        return False
    words = _words(text)
    if not 2 <= len(words) <= 10:
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def _is_name_line(text: str) -> bool:
    """A line of a signature: a name, a company, a title, a phone number or an address."""
    if re.search(r"[.!?:;,]$", text) and not text.endswith(("Ltd.", "Inc.", "Co.", "Corp.")):
        return False
    words = _words(text)
    if len(words) > 8:
        return False
    return bool(_CONTACT.search(text)) or all(w[0].isupper() for w in words)


def signature(letter: Letter) -> list[Span]:
    """The lines under the closing formula ("Sincerely," / "Best regards,"): names, not prose.

    Without a closing formula, the trailing lines that read as a name ("Daniel Ortiz").
    """
    lines = letter.lines
    for index in range(len(lines) - 2, max(-1, len(lines) - 9), -1):
        line = lines[index]
        closing = line.text.endswith(",") and 1 <= len(_words(line.text)) <= 4
        after = lines[index + 1 :]
        if closing and index >= len(lines) // 2 and all(_is_name_line(a.text) for a in after):
            return after
    tail: list[Span] = []
    for line in reversed(lines):
        if not _is_name_line(line.text) or len(tail) >= 6:
            break
        tail.append(line)
    return tail if len(tail) < len(lines) else []


def _opens(letter: Letter, word: Span, line_start: int) -> bool:
    """Whether English capitalises ``word`` where it stands whatever it is: at the start of a
    line (after a bullet or number) or after a full stop, colon or other stop."""
    text = letter.text
    if word.start - line_start <= 12 and _LINE_OPENING.fullmatch(text, line_start, word.start):
        return True
    return bool(_AFTER_STOP.search(text[max(line_start, word.start - 8) : word.start]))


def _starts_a_name(text: str, words: list[Span], index: int) -> bool:
    """Whether the capitalised word at ``index`` is followed, after one space, by another
    capitalised word that is not a month or weekday: a name of two words or more."""
    word = words[index]
    if not word.text[:1].isupper() or index + 1 >= len(words):
        return False
    following = words[index + 1]
    return (
        text[word.end : following.start] == " "
        and following.text[:1].isupper()
        and following.text.lower() not in _CALENDAR
    )


def _bare(text: str) -> str:
    """The word without a possessive or contraction ending ("buyer's" -> "buyer")."""
    return re.sub(r"['’](?:s|d|ll|re|ve|t|m)?$", "", text)


def _parts(word: Span) -> list[Span]:
    if "-" not in word.text:
        return [word]
    parts, offset = [], word.start
    for piece in word.text.split("-"):
        if piece:
            parts.append(Span(offset, offset + len(piece), piece))
        offset += len(piece) + 1
    return parts


def spelling_words(letter: Letter, names: Iterable[str] = ()) -> list[Span]:
    """The words whose spelling is judged (see the module docstring for what is left out).

    ``names`` are names the case knows (any case); their words are never judged.
    """
    signed = signature(letter)
    skip = SpanIndex(letter.masked)
    known = {w.lower() for name in names for w in _words(name)} | allowed_words()
    named = {_bare(w) for s in signed for w in _words(s.text) if w[:1].isupper()}
    judged: list[tuple[Span, bool]] = []  # (word, whether its capital says nothing)
    signed_starts = {s.start for s in signed}
    for line in letter.lines:
        if line.start in signed_starts:
            continue
        title = _is_title_line(line.text)
        in_line = list(iter_words(line.text, line.start))
        for index, word in enumerate(in_line):
            if skip.covers(word.start):
                continue
            opening = title or _opens(letter, word, line.start)
            if not opening and word.text[:1].isupper():
                named.add(_bare(word.text))
            elif opening and not title and _starts_a_name(letter.text, in_line, index):
                continue  # "Huaxin Trading supplied ...": the first word of a name
            judged.append((word, opening))
    words = []
    for word, opening in judged:
        if word.text[:1].isupper() and (not opening or _bare(word.text) in named):
            continue  # a name: "Swiftpak's tracking ..." after "a courier, Swiftpak, ..."
        if word.text.lower() in known:
            continue
        for part in _parts(word):
            text = part.text
            if len(_bare(text)) < 2 or _bare(text).lower() in known or text.lower() in known:
                continue
            if text.isupper() or any(ch.isupper() for ch in text[1:]):
                continue  # an acronym (QC, SOP) or a brand in mixed case (iPhone, PayPal)
            if part is not word and text[:1].isupper() and not opening:
                continue  # "Shenzhen-Huaxin": a name inside a sentence
            words.append(part)
    return words


# ---------------------------------------------------------------------------------- judging

HarperLints = dict[tuple[int, int], tuple[bool, tuple[str, ...]]]


def _known(dictionaries: WordForms, text: str) -> bool:
    if dictionaries.knows(text):
        return True
    bare = _bare(text)
    if bare != text and dictionaries.knows(bare):
        return True
    return _is_compound(dictionaries, bare)


def _is_compound(dictionaries: WordForms, word: str) -> bool:
    """A closed compound of two known words of three letters or more ("mailroom"), unless a
    known word is one edit away ("warehose" is "warehouse" mistyped, not "ware" + "hose")."""
    lower = word.lower()
    halves = any(
        lower[:cut] in dictionaries.lower and lower[cut:] in dictionaries.lower
        for cut in range(3, len(lower) - 2)
    )
    return halves and not dictionaries.suggest(lower, limit=1, deep=False, splits=False)


def _slip_of_a_word(dictionaries: WordForms, word: str) -> bool:
    limit = next((cost for letters, cost in _SLIP_BY_LENGTH if len(word) >= letters), None)
    if limit is None:
        return False
    cost = dictionaries.typo_cost(word)
    return cost is not None and cost <= limit


def misspellings(
    letter: Letter,
    dictionaries: WordForms | None,
    harper_lints: HarperLints | None,
    names: Iterable[str] = (),
) -> list[Misspelling]:
    """Misspelled words, with up to three suggestions each.

    ``harper_lints`` maps the (start, end) of every Harper lint to (is it the spelling rule, its
    replacements); it is used only without dictionaries, when Harper's spelling rule ran instead.
    """
    words = spelling_words(letter, names)
    if dictionaries is None:
        return _harper_misspellings(words, harper_lints or {})
    wrong = [
        w
        for w in words
        if not _known(dictionaries, w.text)
        and (not w.text[:1].isupper() or _slip_of_a_word(dictionaries, _bare(w.text)))
    ]
    if not wrong:
        return []
    right = {w.text.lower() for w in iter_words(letter.text)} - {w.text.lower() for w in wrong}
    prefer = frozenset(right)
    found = []
    for index, word in enumerate(wrong):
        bare = _bare(word.text)
        suggestions = dictionaries.suggest(bare, prefer=prefer, deep=index < _DEEP_SUGGESTIONS)
        found.append(Misspelling(word.start, word.start + len(bare), bare, suggestions))
    return found


def _harper_misspellings(words: list[Span], harper_lints: HarperLints) -> list[Misspelling]:
    """Harper alone (American): only its spelling rule counts, and a British spelling whose
    American form Harper suggests ("metre" -> "meter") is not an error."""
    found = []
    for word in words:
        harper = _harper_at(harper_lints, word)
        if harper is None or not harper[0] or _british_of(word.text, harper[1]):
            continue
        found.append(Misspelling(word.start, word.end, word.text, harper[1]))
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
