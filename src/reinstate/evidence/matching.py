"""Does a name or an address on a document match the seller account's, and does a line of an
invoice name one of the cited ASINs?

Names are compared script by script: the Latin words of a bilingual name ("深圳光明贸易有限公司
Shenzhen Brightway Trading Co., Ltd.") with the account's English name, its Chinese characters
with the Chinese name, after case, spacing, punctuation and the legal-form words ("Co., Ltd.",
"有限公司") are set aside. Amazon wants the name exactly as in Seller Central, so the rest must be
equal; only a name read by OCR may differ by a misread letter or two. Addresses must hold most
of the account address's words (or Chinese characters) and every one of its numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

from reinstate.evidence.items import canonical_asin
from reinstate.evidence.knowledge import knowledge

_LATIN_WORD = re.compile(r"[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMBER = re.compile(r"\d+")
ASIN_LIKE = re.compile(r"B0[A-Z0-9]{8}")
_ABBREVIATIONS = {
    "rd": "road", "st": "street", "ave": "avenue", "bldg": "building", "blk": "block",
    "rm": "room", "fl": "floor", "flr": "floor", "dist": "district", "no": "", "ste": "suite",
}  # fmt: skip
_STOP = {"the", "and", "with", "for", "set", "pack", "pcs", "of", "in", "new"}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _suffixes() -> tuple[set[str], list[str]]:
    raw = knowledge().raw["company_suffixes"]
    return {str(w) for w in raw["en"]}, sorted((str(w) for w in raw["zh"]), key=len, reverse=True)


def latin_name(text: str) -> str:
    words, _zh = _suffixes()
    return " ".join(w for w in _LATIN_WORD.findall(_fold(text)) if w not in words)


def chinese_name(text: str) -> str:
    _en, zh = _suffixes()
    chars = "".join(_CJK.findall(_fold(text)))
    for suffix in zh:
        if chars.endswith(suffix):
            return chars[: -len(suffix)]
    return chars


def name_matches(read: str, names: Iterable[str], *, ocr: bool = False) -> bool:
    """True when the name read is one of ``names`` (script by script, see the module)."""
    threshold = knowledge().name_similarity
    read_latin, read_cjk = latin_name(read), chinese_name(read)
    for name in names:
        for mine, theirs in ((latin_name(name), read_latin), (chinese_name(name), read_cjk)):
            if not mine or not theirs:
                continue
            if mine == theirs:
                return True
            if ocr and SequenceMatcher(None, mine, theirs).ratio() >= threshold:
                return True
    return False


def name_in_text(text: str, names: Iterable[str]) -> bool:
    """True when one of ``names`` stands anywhere in ``text`` (a letter of authorisation names
    the seller in a sentence)."""
    latin = " " + latin_name(text) + " "
    cjk = "".join(_CJK.findall(_fold(text)))
    for name in names:
        mine_latin, mine_cjk = latin_name(name), chinese_name(name)
        if mine_latin and f" {mine_latin} " in latin:
            return True
        if mine_cjk and mine_cjk in cjk:
            return True
    return False


def _address_tokens(text: str) -> tuple[set[str], set[str]]:
    """The Latin words (abbreviations spelt out) and the Chinese characters of an address; the
    numbers go with whichever script the address is written in."""
    latin = set()
    for word in _LATIN_WORD.findall(_fold(text)):
        word = _ABBREVIATIONS.get(word, word)
        if word:
            latin.add(word)
    if not _CJK.search(text):
        return latin, set()
    cjk = set(_CJK.findall(text)) | set(_NUMBER.findall(text))
    alphabetic = [w for w in latin if not w.isdigit()]
    return (latin if len(alphabetic) >= 3 else set()), cjk


def address_matches(read: str, addresses: Iterable[str]) -> bool:
    """True when the address read holds enough of one of the account's addresses (and all of
    its numbers: room 1201 is not room 1202)."""
    overlap = knowledge().address_overlap
    read_latin, read_cjk = _address_tokens(read)
    read_numbers = set(_NUMBER.findall(read))
    for address in addresses:
        mine_latin, mine_cjk = _address_tokens(address)
        numbers = set(_NUMBER.findall(address))
        if not numbers <= read_numbers:
            continue
        for mine, theirs in ((mine_latin, read_latin), (mine_cjk, read_cjk)):
            if mine and theirs and len(mine & theirs) >= overlap * len(mine):
                return True
    return False


def same_asin(a: str, b: str) -> bool:
    """ASINs compared as OCR reads them (O for 0, I or l for 1)."""

    def plain(text: str) -> str:
        return canonical_asin(text.upper()).replace("O", "0").replace("I", "1").replace("L", "1")

    return plain(a) == plain(b)


def _title_words(text: str) -> set[str]:
    return {w for w in _LATIN_WORD.findall(_fold(text)) if len(w) > 2 and w not in _STOP}


def product_matches(line: str, sku: str | None, title: str | None) -> bool:
    """A line that carries the listing's SKU, or enough of its title's words."""
    if sku and len(sku) >= 4 and _fold(sku) in _fold(line):
        return True
    if not title:
        return False
    mine, theirs = _title_words(title), _title_words(line)
    if not mine or not theirs:
        cjk_title = "".join(_CJK.findall(title))
        return len(cjk_title) >= 4 and cjk_title[:6] in "".join(_CJK.findall(line))
    shared = len(mine & theirs)
    return shared >= 3 or (shared >= 2 and shared >= 0.6 * len(theirs))
