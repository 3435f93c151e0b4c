"""Which language a notice is written in, offline, among Amazon's marketplace languages.

Script decides first (kana means Japanese, Han without kana Chinese, Arabic script Arabic);
Latin-script text is counted against function-word lists from the knowledge base, which settles
nearly every notice in microseconds; only unclear text goes to lingua (restricted to the Latin
marketplace languages, low-accuracy mode, built on first use), which costs about 0.1 s to load.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from reinstate.knowledge.loader import load

_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_LATIN_WORD = re.compile(r"[^\W\d_]+")
_LATIN = ("en", "de", "fr", "it", "es", "nl", "sv", "pl", "tr", "pt")
_LINGUA_NAMES = {
    "en": "ENGLISH",
    "de": "GERMAN",
    "fr": "FRENCH",
    "it": "ITALIAN",
    "es": "SPANISH",
    "nl": "DUTCH",
    "sv": "SWEDISH",
    "pl": "POLISH",
    "tr": "TURKISH",
    "pt": "PORTUGUESE",
}


@cache
def _stopwords() -> tuple[dict[str, frozenset[str]], int, float]:
    data = load("notices/language")
    words = {lang: frozenset(str(w) for w in data["stopwords"][lang]) for lang in _LATIN}
    return words, int(data["min_hits"]), float(data["min_ratio"])


@cache
def _lingua() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, _LINGUA_NAMES[code]) for code in _LATIN]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the main language of ``text`` ("en" when nothing tells).

    >>> detect_language("Ihr Konto wurde deaktiviert, weil wir Beschwerden erhalten haben.")
    'de'
    """
    sample = text[:6000]
    letters = sum(1 for c in sample if c.isalpha()) or 1
    kana = len(_KANA.findall(sample))
    han = len(_HAN.findall(sample))
    arabic = len(_ARABIC.findall(sample))
    if kana >= 3 and (kana + han) > 0.1 * letters:
        return "ja"
    if han > 0.1 * letters:
        return "zh"
    if arabic > 0.2 * letters:
        return "ar"

    words, min_hits, min_ratio = _stopwords()
    tokens = [t.lower() for t in _LATIN_WORD.findall(sample)]
    counts = {lang: sum(1 for t in tokens if t in words[lang]) for lang in _LATIN}
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= min_hits and top >= min_ratio * max(second, 1):
        return best
    if len(tokens) < 3:
        return best if top else "en"
    detected = _lingua().detect_language_of(sample[:2000])
    if detected is None:
        return best if top else "en"
    code = str(detected.iso_code_639_1.name).lower()
    return code if code in _LATIN else "en"
