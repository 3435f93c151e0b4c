"""Reading letter files in the encodings sellers' tools save."""

from __future__ import annotations

import codecs

import pytest

from reinstate.check.reading import MAX_LETTER_BYTES, read_letter_bytes
from reinstate.errors import InputError, TooLargeError

LETTER = "Root cause: 我们的包装 was one layer of bubble wrap.\n"


@pytest.mark.parametrize(
    "data",
    [
        LETTER.encode("utf-8"),
        codecs.BOM_UTF8 + LETTER.encode("utf-8"),
        LETTER.encode("utf-16"),
        LETTER.encode("utf-16-le"),
        LETTER.encode("utf-16-be"),
        LETTER.encode("gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le", "utf-16-be", "gb18030"],
)
def test_it_reads_the_encodings_sellers_use(data: bytes) -> None:
    assert read_letter_bytes(data) == LETTER


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Word"),
        (bytes(range(256)) * 4, "not a text file"),
        (b"\xff\xfe\x00", "utf-16"),
    ],
    ids=["empty", "blank", "pdf", "docx", "binary", "broken-utf-16"],
)
def test_it_refuses_what_is_not_a_letter(data: bytes, words: str) -> None:
    with pytest.raises(InputError, match=words):
        read_letter_bytes(data)


def test_it_refuses_a_huge_file() -> None:
    with pytest.raises(TooLargeError):
        read_letter_bytes(b"a" * (MAX_LETTER_BYTES + 1))
