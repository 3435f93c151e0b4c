"""The Hunspell dictionaries as a set of word forms, compiled once and cached on disk.

Reading Debian's en_US and en_GB with spylls takes about 3 seconds (``read_dic``) in every new
process, and a cold ``reinstate check`` paid it each time. The checker needs only two things from
the dictionaries: whether they accept a word, and a few suggestions for a word they do not. So
each dictionary is expanded once into every form it accepts (each stem, with each suffix and
prefix its flags allow, and prefix-suffix pairs where both allow cross products: about 300,000
forms for both) and the set is cached with :mod:`marshal` (3.4 MB, loaded in about 50 ms).

The cache is keyed on each file's path, modification time and size, so an updated dictionary
package rebuilds it. Building it on a fresh machine reads the files with spylls once (about 3 to 5
seconds); where the cache folder cannot be written the set is built in memory for the process.
Nothing is downloaded.

Lookups follow Hunspell's casing rules (spylls' ``Casing.variants``): "Shipment" is known when
"shipment" is, "PARIS" when "Paris" is, but "paris" is not. The expansion agrees with spylls'
own lookup (``tests/core/check/test_dictionary.py`` compares them); the one thing it leaves out
is Hunspell's flag compounding, which the English dictionaries use only for ordinals ("21st"),
and the checker does not spell words with digits.

>>> forms = WordForms(frozenset({"receive", "received", "Paris"}))
>>> forms.knows("Received"), forms.knows("paris"), forms.knows("recieved")
(True, False, False)
>>> forms.suggest("recieved")
('received',)
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

# Bump when the expansion or the file layout changes: older caches are then rebuilt.
FORMAT = 1
_LOCK = threading.Lock()
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
_VOWELS = frozenset("aeiouy")
# Letters that spell the same sound: "sinse" for "since", "authentik" for "authentic".
_SOUNDS_ALIKE = frozenset(
    {("c", "s"), ("s", "c"), ("c", "k"), ("k", "c"), ("s", "z"), ("z", "s"), ("g", "j"), ("j", "g")}
)
# Neighbouring keys on a QWERTY keyboard: a slip of the finger costs less than another letter.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, frozenset[str]]:
    table = {}
    for row_index, row in enumerate(_ROWS):
        for at, key in enumerate(row):
            near = {row[i] for i in (at - 1, at + 1) if 0 <= i < len(row)}
            for other in (row_index - 1, row_index + 1):
                if 0 <= other < len(_ROWS):
                    near |= {
                        _ROWS[other][i] for i in (at - 1, at, at + 1) if 0 <= i < len(_ROWS[other])
                    }
            table[key] = frozenset(near)
    return table


_NEIGHBOURS = _neighbours()


@dataclass(frozen=True, slots=True)
class DictionaryFiles:
    """One Hunspell dictionary on disk: ``<base>.aff`` and ``<base>.dic``."""

    name: str
    base: Path

    @property
    def aff(self) -> Path:
        return self.base.with_suffix(".aff")

    @property
    def dic(self) -> Path:
        return self.base.with_suffix(".dic")


def find_dictionaries(names: Iterable[str], directories: Iterable[str]) -> list[DictionaryFiles]:
    """Each named dictionary from the first directory that holds both of its files."""
    folders = [Path(d) for d in directories]
    found = []
    for name in names:
        for folder in folders:
            base = folder / name
            if base.with_suffix(".dic").is_file() and base.with_suffix(".aff").is_file():
                found.append(DictionaryFiles(name, base))
                break
    return found


class WordForms:
    """Every word form the dictionaries accept, with Hunspell's casing rules and suggestions.

    Kept as two sets, the lower-case forms (most of them) and the others ("Amazon", "iPhone"),
    so that a lower-case candidate is found with one lookup and no table is built at load time.
    """

    def __init__(self, forms: Iterable[str]) -> None:
        lower: set[str] = set()
        other: set[str] = set()
        for form in forms:
            (lower if form.islower() else other).add(form)
        self.lower = frozenset(lower)
        self.other = frozenset(other)

    @classmethod
    def from_sets(cls, lower: frozenset[str], other: frozenset[str]) -> WordForms:
        made = cls(())
        made.lower, made.other = lower, other
        return made

    def __len__(self) -> int:
        return len(self.lower) + len(self.other)

    @cached_property
    def _other_by_lower(self) -> dict[str, str]:
        return {form.lower(): form for form in self.other}

    def spelled(self, lower: str) -> str | None:
        """The dictionary's spelling of a lower-case string ("amazon" -> "Amazon"), or None."""
        if lower in self.lower:
            return lower
        return self._other_by_lower.get(lower)

    def knows(self, word: str) -> bool:
        word = word.replace("’", "'")
        if word.islower():
            return word in self.lower
        if word in self.other:
            return True
        if word.isupper():
            return self.spelled(word.lower()) is not None
        if word[0].isupper():
            # "Shipment" -> "shipment"; "McDonald" -> "mcDonald" as Hunspell does
            return word.lower() in self.lower or (word[0].lower() + word[1:]) in self.other
        return False

    def typo_cost(self, word: str) -> float | None:
        """What the cheapest single edit to a lower-case dictionary word costs (see ``_edits``),
        or None when no such word is one edit away.

        >>> WordForms({"every", "halo"}).typo_cost("Evrey")
        0.5
        """
        lower = word.replace("’", "'").lower()
        costs = [cost for candidate, cost in _edits(lower) if candidate in self.lower]
        return min(costs) if costs else None

    def suggest(
        self,
        word: str,
        limit: int = 3,
        prefer: frozenset[str] = frozenset(),
        *,
        deep: bool = True,
        splits: bool = True,
    ) -> tuple[str, ...]:
        """Known words one edit away (two when none is and ``deep``), best first; "a lot" for
        "alot".

        Ranking without word frequencies: each edit costs what ``_edits`` says (a swapped or
        doubled letter least, any other letter most); a word the letter itself uses elsewhere
        (``prefer``, lower case) and the same first letter win ties. The suggestion keeps the
        word's capitalisation. Two edits try some 300,000 strings (about 0.2 s), hence ``deep``.
        """
        lower = word.replace("’", "'").lower()
        known = self.lower
        proper = self._other_by_lower
        scored: dict[str, float] = {}
        for candidate, cost in _edits(lower):
            if (candidate in known or candidate in proper) and cost < scored.get(candidate, 99.0):
                scored[candidate] = cost
        if not scored and deep and len(lower) <= 15:
            seen: set[str] = set()
            for first, cost in _edits(lower):
                if first in seen:
                    continue
                seen.add(first)
                for candidate, more in _edits(first):
                    total = cost + more
                    if (candidate in known or candidate in proper) and total < scored.get(
                        candidate, 99.0
                    ):
                        scored[candidate] = total
        scored.pop(lower, None)
        for cut in range(1, len(lower) if splits else 0):
            left, right = lower[:cut], lower[cut:]
            # "alot" -> "a lot": two ordinary words (not names), the second of three letters+.
            two_words = (len(left) > 1 or left in ("a", "i")) and len(right) > 2
            if two_words and left in known and right in known:
                scored.setdefault(f"{left} {right}", 1.2)

        def rank(item: tuple[str, float]) -> tuple[float, int, str]:
            candidate, cost = item
            if candidate in prefer:
                cost -= 0.4
            if candidate[:1] != lower[:1]:
                cost += 0.3
            if candidate not in known and " " not in candidate and word.islower():
                cost += 0.2  # a name offered for a lower-case word comes after ordinary words
            return (cost, abs(len(candidate) - len(lower)), candidate)

        best = [c for c, _ in sorted(scored.items(), key=rank)[:limit]]
        return tuple(_recase(word, " ".join(self.spelled(p) or p for p in c.split())) for c in best)


def _recase(original: str, suggestion: str) -> str:
    if original.isupper() and len(original) > 1:
        return suggestion.upper()
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


def _edits(word: str) -> Iterator[tuple[str, float]]:
    """Every string one edit from ``word``, with what the edit costs: a swapped pair or a doubled
    or undoubled letter is the cheapest slip, then a letter left out, a vowel for a vowel or a
    letter that sounds alike (c/s, c/k), a neighbouring key or a letter too many, and any other
    letter last."""
    length = len(word)
    for i in range(length):
        doubled = (i > 0 and word[i - 1] == word[i]) or (i + 1 < length and word[i + 1] == word[i])
        yield word[:i] + word[i + 1 :], 0.5 if doubled else 0.8
    for i in range(length - 1):
        if word[i] != word[i + 1]:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :], 0.5
    for i in range(length):
        here = word[i]
        near = _NEIGHBOURS.get(here, frozenset())
        for letter in _ALPHABET:
            if letter == here:
                continue
            if (here in _VOWELS and letter in _VOWELS) or (here, letter) in _SOUNDS_ALIKE:
                cost = 0.7
            else:
                cost = 0.8 if letter in near else 1.0
            yield word[:i] + letter + word[i + 1 :], cost
    for i in range(length + 1):
        for letter in _ALPHABET:
            doubled = (i > 0 and word[i - 1] == letter) or (i < length and word[i] == letter)
            # "stoped" is "stopped" sooner than "stooped": English doubles consonants.
            cost = (0.6 if letter in _VOWELS else 0.5) if doubled else 0.6
            yield word[:i] + letter + word[i:], cost


# ---------------------------------------------------------------------------------- building


def expand(files: DictionaryFiles) -> set[str]:
    """Every form one dictionary accepts, read with spylls (raises ImportError without it)."""
    from spylls.hunspell import readers  # type: ignore[import-untyped,import-not-found,unused-ignore]
    from spylls.hunspell.readers.file_reader import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
        FileReader,
    )

    aff, context = readers.read_aff(FileReader(str(files.aff)))
    dic = readers.read_dic(
        FileReader(str(files.dic), encoding=context.encoding), aff=aff, context=context
    )
    return set(_forms(aff, dic.words))


def _forms(aff: Any, words: Sequence[Any]) -> Iterator[str]:
    only_in_compound = aff.ONLYINCOMPOUND
    forbidden = aff.FORBIDDENWORD
    needs_affix = aff.NEEDAFFIX

    def banned(flags: Iterable[str]) -> bool:
        return bool(
            (only_in_compound and only_in_compound in flags) or (forbidden and forbidden in flags)
        )

    for word in words:
        flags, stem = word.flags, word.stem
        if banned(flags):
            continue
        if not (needs_affix and needs_affix in flags):
            yield stem
        suffixed = list(_suffixed(aff, stem, flags, banned))
        yield from (form for _, form in suffixed)
        for flag in flags:
            for prefix in aff.PFX.get(flag, ()):
                if banned(prefix.flags):
                    continue
                bases = [stem] + [
                    form for suffix, form in suffixed if suffix.crossproduct and prefix.crossproduct
                ]
                for base in bases:
                    if base.startswith(prefix.strip) and prefix.cond_regexp.search(base):
                        yield prefix.add + base[len(prefix.strip) :]


def _suffixed(aff: Any, stem: str, flags: Iterable[str], banned: Any) -> Iterator[tuple[Any, str]]:
    for flag in flags:
        for suffix in aff.SFX.get(flag, ()):
            if banned(suffix.flags) or not stem.endswith(suffix.strip):
                continue
            if not suffix.cond_regexp.search(stem):
                continue
            form = stem[: len(stem) - len(suffix.strip)] + suffix.add
            yield suffix, form
            # A suffix that carries another suffix's flag ("twofold" suffixes): one more level.
            for inner_flag in suffix.flags:
                for inner in aff.SFX.get(inner_flag, ()):
                    if form.endswith(inner.strip) and inner.cond_regexp.search(form):
                        yield inner, form[: len(form) - len(inner.strip)] + inner.add


# ---------------------------------------------------------------------------------- caching


def _key(files: Sequence[DictionaryFiles]) -> list[Any]:
    """What the cache depends on: format, marshal version, and each file's path, mtime, size."""
    key: list[Any] = [FORMAT, marshal.version]
    for item in files:
        for path in (item.aff, item.dic):
            stat = path.stat()
            key.append([str(path.resolve()), stat.st_mtime_ns, stat.st_size])
    return key


def cache_path(files: Sequence[DictionaryFiles], folder: Path) -> Path:
    """The cache file for these dictionaries (one per set of paths; mtime and size inside)."""
    paths = "\n".join(str(f.base.resolve()) for f in files)
    digest = hashlib.sha256(paths.encode("utf-8")).hexdigest()[:16]
    names = "+".join(f.name for f in files)
    return folder / f"hunspell-{names}-{digest}.marshal"


def _read_cache(path: Path, key: list[Any]) -> WordForms | None:
    try:
        # The cache is this user's own file, written by this module; its shape is checked below.
        raw = marshal.loads(path.read_bytes())  # noqa: S302
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(raw, dict) or raw.get("key") != key:
        return None
    lower, other = raw.get("lower"), raw.get("other")
    if not isinstance(lower, frozenset) or not isinstance(other, frozenset):
        return None
    return WordForms.from_sets(lower, other)


def _write_cache(path: Path, key: list[Any], forms: WordForms) -> bool:
    """Write atomically (two processes building at once each replace a whole file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".hunspell-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(marshal.dumps({"key": key, "lower": forms.lower, "other": forms.other}))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


def default_cache_folder() -> Path | None:
    """``~/.cache/reinstate``; None where the home folder is unknown."""
    try:
        return Path.home() / ".cache" / "reinstate"
    except (RuntimeError, KeyError):
        return None


def load_word_forms(
    names: Iterable[str], directories: Iterable[str], cache_folder: Path | None
) -> WordForms | None:
    """The named dictionaries' forms, from the cache when it is current, else built (and cached).

    None when no dictionary file is found, or when the cache is stale and spylls is missing.
    """
    files = find_dictionaries(names, directories)
    if not files:
        return None
    with _LOCK:
        try:
            key = _key(files)
        except OSError:
            return None
        path = cache_path(files, cache_folder) if cache_folder is not None else None
        if path is not None:
            cached = _read_cache(path, key)
            if cached is not None:
                return cached
        try:
            every: set[str] = set()
            for item in files:
                every |= expand(item)
        except ImportError:
            return None
        forms = WordForms(every)
        if path is not None:
            _write_cache(path, key, forms)
        return forms
