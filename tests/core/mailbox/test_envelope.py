"""The headers read for every new message: decoded, bounded, and a second key that survives
a renumbered folder."""

from __future__ import annotations

from reinstate.mailbox.envelope import HEADER_LIMIT, MAX_REFERENCES, read_envelope


def test_it_decodes_encoded_words_and_raw_chinese_subjects() -> None:
    block = (
        b"Subject: =?gb2312?B?16q3oqO6UG9saWN5IFdhcm5pbmc=?=\r\n"
        + "From: 亚马逊 <seller-performance@amazon.com>\r\n".encode("gb18030")
    )
    envelope = read_envelope(3, block, 10)
    assert envelope.subject == "转发：Policy Warning"
    assert envelope.sender_address == "seller-performance@amazon.com"
    assert envelope.sender.startswith("亚马逊")


def test_it_reads_folded_thread_headers_newest_first() -> None:
    block = b"Message-ID: <c@x>\r\nIn-Reply-To: <b@x>\r\nReferences: <a@x>\r\n <b@x>\r\n\r\n"
    envelope = read_envelope(1, block, 10)
    assert envelope.message_id == "<c@x>"
    assert envelope.thread_ids == ("<b@x>", "<a@x>")


def test_a_hostile_references_header_is_read_within_bounds() -> None:
    block = b"References: " + b" ".join(b"<%d@x>" % n for n in range(200_000)) + b"\r\n"
    envelope = read_envelope(1, block, len(block))
    assert len(envelope.references) <= MAX_REFERENCES
    assert len(block) > HEADER_LIMIT


def test_a_message_without_message_id_gets_a_stable_key() -> None:
    block = b"From: a@amazon.com\r\nSubject: Hi\r\nDate: Mon, 1 Dec 2026 10:00:00 +0000\r\n"
    first, again = read_envelope(1, block, 99), read_envelope(77, block, 99)
    assert first.key == again.key
    assert first.key.startswith("sha256:")
    assert read_envelope(1, block, 100).key != first.key


def test_broken_encoded_words_are_kept_as_they_are() -> None:
    envelope = read_envelope(1, b"Subject: =?x-unknown?B?!!!?=\r\n", 1)
    assert envelope.subject == "=?x-unknown?B?!!!?="
