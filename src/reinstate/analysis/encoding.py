"""Which text encoding a file uses: BOMs, UTF-8, then the legacy code pages sellers meet.

Amazon's EU files come as Cp1252, Japanese ones as CP932 (Shift_JIS), files that passed through
Chinese tools as GBK/GB18030, and Excel's "Unicode text" as UTF-16 (report-formats.md 0.2). A
legacy code page decodes almost any bytes, so the choice among them is made by which decoding
yields known column names, then by charset-normalizer's reading of the text.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

from charset_normalizer import from_bytes

LEGACY = ("cp932", "gb18030", "cp1252")


def bom_encoding(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM shows a zero byte in every other position (ASCII headers)."""
    sample = head[:2000]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros > 0.4 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.4 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def _complete_lines(head: bytes, *, whole: bool) -> bytes:
    """Cut a sample at its last newline so a multi-byte character is never split."""
    if whole:
        return head
    cut = head.rfind(b"\n")
    return head[: cut + 1] if cut > 0 else head


def detect_encoding(
    head: bytes, *, whole: bool, header_score: Callable[[str], int] | None = None
) -> str:
    """The encoding of a file from its first bytes (``whole`` when ``head`` is the whole file).

    ``header_score`` rates a decoded sample by the column names it recognises; it breaks ties
    between legacy code pages that all decode the bytes.

    >>> detect_encoding("注文番号".encode("cp932"), whole=True)
    'cp932'
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
        decodable.append((candidate, header_score(text) if header_score else 0))
    if not decodable:
        return "cp1252"  # decodes with replacements; the caller counts and reports them
    best_score = max(score for _, score in decodable)
    tied = [name for name, score in decodable if score == best_score]
    if len(tied) == 1:
        return tied[0]
    guess = from_bytes(sample, cp_isolation=tied).best()
    if guess is not None:
        name = codecs.lookup(guess.encoding).name
        for candidate in tied:
            if codecs.lookup(candidate).name == name:
                return candidate
    return tied[-1]
