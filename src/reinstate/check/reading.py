"""Reading a letter file: UTF-8, UTF-16 (Word and Excel save it with a BOM) or GB18030 text.

A letter is text the seller wrote; anything that is not text (a PDF, a Word file, an image) is
refused with a message saying what to do, never decoded into garbage.
"""

from __future__ import annotations

import codecs

from reinstate.errors import InputError, TooLargeError

MAX_LETTER_BYTES = 1_000_000

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a Word or zip file"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel file"),
    (b"{\\rtf", "an RTF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f")


def read_letter_bytes(data: bytes) -> str:
    """The text of a letter file.

    Raises :class:`InputError` for an empty file, a binary file or text in no supported encoding,
    and :class:`TooLargeError` past 1 MB.

    >>> read_letter_bytes("Root cause: ...".encode("utf-16"))
    'Root cause: ...'
    """
    if len(data) > MAX_LETTER_BYTES:
        raise TooLargeError(
            f"The letter file has {len(data):,} bytes; the checker reads at most "
            f"{MAX_LETTER_BYTES:,}.",
            code="letter_too_large",
        )
    if not data.strip():
        raise InputError("The letter is empty.", code="empty_letter")
    text = _decode(data)
    if _looks_binary(text):
        raise InputError(
            "The letter is not a text file. Save it as plain text (.txt) and try again.",
            code="not_text",
        )
    if not text.strip():
        raise InputError("The letter is empty.", code="empty_letter")
    return text


def _decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"The letter starts as {codec} text but is not valid {codec}.",
                    code="bad_encoding",
                ) from exc
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise InputError(
                f"The letter is {what}, not text. Copy the letter into a plain text file (.txt).",
                code="not_text",
            )
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        raise InputError(
            "The letter is not a text file. Save it as plain text (.txt) and try again.",
            code="not_text",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Chinese Windows tools save GBK/GB18030 without saying so.
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputError(
            "The letter's encoding is not UTF-8, UTF-16 or GB18030. Save it as UTF-8 text.",
            code="bad_encoding",
        ) from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM: mostly ASCII, so every other byte is zero."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_zeros = data[0::2].count(0) / (len(data) / 2)
    odd_zeros = data[1::2].count(0) / (len(data) / 2)
    codec = "utf-16-le" if odd_zeros > 0.3 and even_zeros < 0.05 else None
    if even_zeros > 0.3 and odd_zeros < 0.05:
        codec = "utf-16-be"
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:4000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    return controls > max(2, len(sample) // 100)
