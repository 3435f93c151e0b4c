"""The Hunspell dictionaries compiled to a set of word forms, cached on disk."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from reinstate.check import dictionary
from reinstate.check.dictionary import WordForms, cache_path, find_dictionaries, load_word_forms
from reinstate.check.spelling import default_dictionaries

pytest.importorskip("spylls")

AFF = """SET UTF-8
TRY esianrtolcdugmphbyfvkw
SFX S Y 1
SFX S 0 s .
PFX U Y 1
PFX U 0 un .
SFX D Y 2
SFX D 0 ed [^e]
SFX D 0 d e
"""
DIC = """4
ship/SD
lock/SUD
store/D
Paris
"""


def _dictionary(folder: Path, dic: str = DIC) -> None:
    (folder / "xx_XX.aff").write_text(AFF, encoding="utf-8")
    (folder / "xx_XX.dic").write_text(dic, encoding="utf-8")


def _load(folder: Path, cache: Path | None) -> WordForms | None:
    return load_word_forms(["xx_XX"], [str(folder)], cache)


def test_it_expands_stems_with_their_affixes(tmp_path: Path) -> None:
    _dictionary(tmp_path)
    forms = _load(tmp_path, None)
    assert forms is not None
    for word in ("ship", "ships", "lock", "unlock", "unlocks", "unlocked", "stored"):
        assert forms.knows(word), word
    assert not forms.knows("unship")  # "ship" has no U flag
    assert not forms.knows("storeed")


def test_it_follows_hunspells_casing() -> None:
    forms = WordForms({"shipment", "Paris", "iPhone"})
    assert forms.knows("Shipment")
    assert forms.knows("SHIPMENT")
    assert forms.knows("Paris")
    assert forms.knows("PARIS")
    assert not forms.knows("paris")
    assert forms.knows("iPhone")


def test_it_builds_the_cache_once_and_reads_it_afterwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dictionary(tmp_path)
    cache = tmp_path / "cache"
    assert _load(tmp_path, cache) is not None
    files = find_dictionaries(["xx_XX"], [str(tmp_path)])
    assert cache_path(files, cache).is_file()

    def no_reading(*_: object) -> set[str]:
        raise AssertionError("the dictionary was read again although the cache is current")

    monkeypatch.setattr(dictionary, "expand", no_reading)
    again = _load(tmp_path, cache)
    assert again is not None
    assert again.knows("unlocked")


def test_it_rebuilds_the_cache_when_a_dictionary_file_changes(tmp_path: Path) -> None:
    _dictionary(tmp_path)
    cache = tmp_path / "cache"
    first = _load(tmp_path, cache)
    assert first is not None
    assert not first.knows("parcel")
    # A new package version: other content, size and modification time.
    _dictionary(tmp_path, DIC.replace("4\n", "5\n") + "parcel/S\n")
    dic = tmp_path / "xx_XX.dic"
    stat = dic.stat()
    os.utime(dic, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    second = _load(tmp_path, cache)
    assert second is not None
    assert second.knows("parcels")


def test_it_works_without_a_writable_cache_folder(tmp_path: Path) -> None:
    _dictionary(tmp_path)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    forms = _load(tmp_path, blocked / "cache")
    assert forms is not None
    assert forms.knows("ships")


def test_it_uses_a_current_cache_even_without_spylls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dictionary(tmp_path)
    cache = tmp_path / "cache"

    def missing(*_: object) -> set[str]:
        raise ImportError("spylls")

    monkeypatch.setattr(dictionary, "expand", missing)
    assert _load(tmp_path, cache) is None  # nothing cached and nothing to read it with
    monkeypatch.undo()
    assert _load(tmp_path, cache) is not None
    monkeypatch.setattr(dictionary, "expand", missing)
    assert _load(tmp_path, cache) is not None


def test_it_ignores_a_damaged_cache(tmp_path: Path) -> None:
    _dictionary(tmp_path)
    cache = tmp_path / "cache"
    assert _load(tmp_path, cache) is not None
    path = cache_path(find_dictionaries(["xx_XX"], [str(tmp_path)]), cache)
    path.write_bytes(b"\x00garbage")
    forms = _load(tmp_path, cache)
    assert forms is not None
    assert forms.knows("ships")


def test_it_suggests_the_word_a_common_slip_came_from() -> None:
    forms = default_dictionaries()
    if forms is None:
        pytest.skip("the Hunspell dictionaries (hunspell-en-us, hunspell-en-gb) are not installed")
    expected = {
        "recieved": "received",
        "seperate": "separate",
        "warehose": "warehouse",
        "stoped": "stopped",
        "thier": "their",
        "inventroy": "inventory",
        "goverment": "government",
        "tommorow": "tomorrow",  # two edits
        "Evrey": "Every",  # keeps the capital
    }
    for wrong, right in expected.items():
        assert forms.suggest(wrong)[:1] == (right,), wrong
    # A word the letter spells right elsewhere wins a close call.
    assert forms.suggest("carier")[0] == "carrier"
    assert forms.suggest("carier", prefer=frozenset({"career"}))[0] == "career"


@pytest.mark.slow
def test_it_accepts_exactly_the_words_spylls_accepts() -> None:
    """The compiled forms agree with spylls' own lookup on real words and on misspellings."""
    from spylls.hunspell import Dictionary  # type: ignore[import-untyped,unused-ignore]

    forms = default_dictionaries()
    if forms is None:
        pytest.skip("the Hunspell dictionaries (hunspell-en-us, hunspell-en-gb) are not installed")
    from reinstate.check.data import section

    config = section("language")["hunspell"]
    files = find_dictionaries(config["dictionaries"], config["directories"])
    originals = [Dictionary.from_files(str(f.base)) for f in files]
    root = Path(__file__).resolve().parents[2] / "fixtures" / "letters"
    words: set[str] = set()
    for path in root.rglob("*"):
        if path.suffix in {".txt", ".yaml"}:
            words.update(re.findall(r"(?<![\w'])[A-Za-z][a-z']*(?![\w-])", path.read_text("utf-8")))
    rng = random.Random(14)
    for word in sorted(words)[:3000]:
        if len(word) > 3:
            at = rng.randrange(len(word))
            words.add(word[:at] + word[at + 1 :])
            words.add(word[:at] + rng.choice("aeiourstln") + word[at:])
    disagree = [w for w in sorted(words) if forms.knows(w) != any(d.lookup(w) for d in originals)]
    assert disagree == []
