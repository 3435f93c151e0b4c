"""Amazon's Message-ID is read from a mailed notice, so an answer can go in its thread."""

from __future__ import annotations

from email.message import EmailMessage

from reinstate.notices import read_message

TEXT = (
    "We have deactivated your Amazon.com selling account because we received customer "
    "complaints about the authenticity of items in your inventory."
)


def _amazon(message_id: str = "<0100.abc-def@email.amazon.com>") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Amazon.com <seller-performance@amazon.com>"
    message["Subject"] = "Your Amazon.com selling account has been deactivated"
    message["Message-ID"] = message_id
    message.set_content(TEXT)
    return message


def test_it_reads_the_message_id_of_a_mailed_notice() -> None:
    assert read_message(_amazon().as_bytes()).message_id == "<0100.abc-def@email.amazon.com>"


def test_it_takes_amazons_id_from_a_notice_forwarded_as_an_attachment() -> None:
    outer = EmailMessage()
    outer["From"] = "Li Wei <li@brightway.example>"
    outer["Subject"] = "Fwd: deactivated"
    outer["Message-ID"] = "<forward-1@brightway.example>"
    outer.set_content("See Amazon's message attached.")
    outer.add_attachment(_amazon())
    assert read_message(outer.as_bytes()).message_id == "<0100.abc-def@email.amazon.com>"


def test_it_has_no_id_for_a_paste_or_a_forward_quoted_in_the_text() -> None:
    assert read_message(TEXT.encode()).message_id is None
    forward = EmailMessage()
    forward["From"] = "Li Wei <li@brightway.example>"
    forward["Subject"] = "Fwd: Your Amazon.com selling account has been deactivated"
    forward["Message-ID"] = "<forward-2@brightway.example>"
    forward.set_content(
        "---------- Forwarded message ---------\n"
        "From: Amazon.com <seller-performance@amazon.com>\n"
        "Date: Tue, 4 Mar 2025 at 09:12\n"
        "Subject: Your Amazon.com selling account has been deactivated\n"
        "To: <li@brightway.example>\n\n" + TEXT
    )
    # The mail's own identifier is the forward's: threading an answer to it would be wrong.
    assert read_message(forward.as_bytes()).message_id is None


def test_it_ignores_a_malformed_or_hostile_message_id() -> None:
    assert read_message(_amazon("not an id").as_bytes()).message_id is None
    long_id = "<" + "a" * 100_000 + "@amazon.com>"
    assert read_message(_amazon(long_id).as_bytes()).message_id is None
