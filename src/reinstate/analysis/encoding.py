"""Which text encoding a file uses: BOMs, UTF-16, UTF-8, then the legacy code pages sellers meet.

Amazon's EU files come as Cp1252, Japanese ones as CP932 (Shift_JIS), files that passed through
Chinese tools as GBK/GB18030, and Excel's "Unicode text" as UTF-16, with or without a BOM
(report-formats.md 0.2). A legacy code page decodes almost any bytes, so the choice among those
that decode a sample is made by which decoding yields known column names, then by how ordinary
the other characters read in each: GBK's Chinese is common GB2312 characters, Shift_JIS's
Japanese is kana and JIS kanji, Cp1252's accents sit one or two at a time inside Latin words.
Chinese read as Cp1252 gives runs of symbols (``±\\xad×Ó``); Cp1252 read as GBK gives rare
characters outside GB2312; that is what tells them apart even with two Chinese words in a file.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from charset_normalizer import from_bytes

LEGACY = ("cp932", "gb18030", "cp1252")
# Cp1252's typographic marks that real European text carries on their own.
_CP1252_MARKS = frozenset("–—‘’‚“”„•…€™«»°·©®§¿¡\u00a0")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def bom_encoding(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a BOM: zero bytes on one side of each pair only (from tabs, digits and
    Latin letters), and the sample decodes to lines or cells. Chinese-only text qualifies too:
    its separators are enough."""
    sample = head[:4000]
    sample = sample[: len(sample) // 2 * 2]
    half = len(sample) // 2
    if half < 2:
        return None
    for codec, side in (("utf-16-le", 1), ("utf-16-be", 0)):
        zeros, other = sample[side::2].count(0), sample[1 - side :: 2].count(0)
        # Some CJK characters have a zero byte too (一 is U+4E00): far fewer, not none.
        if zeros < 0.05 * half or other * 4 > zeros:
            continue
        text = sample.decode(codec, errors="replace")
        body = text[:-1]  # the last unit may be half of a pair cut by the sample
        if "\ufffd" in body or not ("\n" in body or "\t" in body):
            continue
        if any(ch == "\0" or (ord(ch) < 32 and ch not in "\t\r\n") for ch in body):
            continue
        return codec
    return None


def _complete_lines(head: bytes, *, whole: bool) -> bytes:
    """Cut a sample at its last newline so a multi-byte character is never split."""
    if whole:
        return head
    cut = head.rfind(b"\n")
    return head[: cut + 1] if cut > 0 else head


def sample_around(data: bytes, position: int, *, before: int = 65536, after: int = 262144) -> bytes:
    """Whole lines of ``data`` around ``position`` (where a first non-UTF-8 byte was found)."""
    start = data.rfind(b"\n", 0, max(0, position - before)) + 1
    end = data.find(b"\n", min(len(data), position + after))
    return data[start : len(data) if end < 0 else end + 1]


@lru_cache(maxsize=65536)
def _ordinary_in(codec: str, char: str) -> bool:
    """Whether ``char`` is what text in ``codec`` is usually made of (see the module doc)."""
    if codec == "gb18030":
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            return False
        return True
    if codec == "cp932":
        if "\u2460" <= char <= "\u2473":  # ① to ⑳, common in Japanese product names
            return True
        try:
            encoded = char.encode("euc_jp")
        except UnicodeEncodeError:
            return False
        return len(encoded) == 2 and encoded[0] != 0x8E  # JIS X 0208, not half-width kana
    return char in _CP1252_MARKS or unicodedata.category(char) in {"Lu", "Ll"}


def plausibility(text: str, codec: str) -> float:
    """The share of ``text``'s non-ASCII characters that read as ordinary text in ``codec``.

    >>> plausibility("深圳 Tea", "gb18030"), plausibility("ÉîÛÚ Tea", "cp1252")
    (1.0, 0.0)
    """
    runs: list[tuple[str, bool]] = []  # (run of non-ASCII, touches an ASCII letter)
    for match in _NON_ASCII.finditer(text):
        start, end = match.span()
        before = text[start - 1 : start]
        after = text[end : end + 1]
        touches = _ascii_letter(before) or _ascii_letter(after)
        runs.append((match.group(), touches))
    total = sum(len(run) for run, _ in runs)
    if not total:
        return 1.0
    ordinary = 0
    if codec == "cp1252":
        # Accented letters come one or two at a time, next to Latin letters; marks alone.
        for run, touches in runs:
            marks = all(c in _CP1252_MARKS for c in run)
            letters = all(_ordinary_in(codec, c) for c in run)
            if marks or (letters and (len(run) == 1 or (len(run) == 2 and touches))):
                ordinary += len(run)
    else:
        counts = Counter(c for run, _ in runs for c in run)
        ordinary = sum(n for c, n in counts.items() if _ordinary_in(codec, c))
    return ordinary / total


def detect_encoding(
    head: bytes, *, whole: bool, header_score: Callable[[str], int] | None = None
) -> str:
    """The encoding of a file from its first bytes (``whole`` when ``head`` is the whole file).

    ``header_score`` rates a decoded sample by the column names it recognises; the best score
    wins, then the most ordinary reading of the other characters.

    >>> detect_encoding("注文番号".encode("cp932"), whole=True)
    'cp932'
    >>> detect_encoding("order-id\\tship-city\\n1\\t深圳\\n".encode("gbk"), whole=True)
    'gb18030'
    """
    found = bom_encoding(head) or utf16_without_bom(head)
    if found:
        return found
    sample = _complete_lines(head, whole=whole)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    decodable = []
    for candidate in LEGACY:
        try:
            text = sample.decode(candidate)
        except UnicodeDecodeError:
            continue
        score = header_score(text) if header_score else 0
        decodable.append((candidate, score, round(plausibility(text, candidate), 2)))
    if not decodable:
        return "cp1252"  # decodes with replacements; the caller counts and reports them
    best = max((score, plausible) for _, score, plausible in decodable)
    tied = [name for name, score, plausible in decodable if (score, plausible) == best]
    if len(tied) == 1:
        return tied[0]
    guess = from_bytes(sample, cp_isolation=tied).best()
    if guess is not None:
        name = codecs.lookup(guess.encoding).name
        for candidate in tied:
            if codecs.lookup(candidate).name == name:
                return candidate
    return tied[-1]
