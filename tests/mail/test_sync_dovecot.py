"""The core's sync against a real dovecot: what is taken, what is left alone, and that a poll
changes nothing in the mailbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from reinstate.mailbox import Password, Server, Session, sync
from reinstate.mailbox.ledger import Taken
from reinstate.mailbox.state_file import FileLedger
from tests.mail import messages
from tests.mail.dovecot import Dovecot

pytestmark = [pytest.mark.realserver, pytest.mark.xdist_group("dovecot")]


def _sync(dovecot: Dovecot, user: str, state: Path, folder: str = "INBOX") -> list[Taken]:
    delivered: list[Taken] = []
    ledger = FileLedger(state, deliver=delivered.append)
    try:
        server = Server(dovecot.host, dovecot.port, ssl=False, timeout=10)
        with Session(server, user, Password("correct-horse-battery")) as session:
            sync(session, ledger, f"{user}@test", folder)
    finally:
        ledger.close()
    return delivered


def test_it_takes_amazons_answer_and_leaves_other_mail_alone(
    dovecot: Dovecot, imap_user: str, tmp_path: Path
) -> None:
    dovecot.append(imap_user, messages.newsletter())
    dovecot.append(imap_user, messages.order_confirmation())
    uid = dovecot.append(imap_user, messages.answer("reinstated"))

    taken = _sync(dovecot, imap_user, tmp_path / "state")

    assert [t.entry.uid for t in taken] == [uid]
    assert taken[0].diagnosis is not None
    assert taken[0].diagnosis.kind.value == "reply"
    assert taken[0].diagnosis.reply_outcome is not None
    assert taken[0].diagnosis.reply_outcome.value == "reinstated"


def test_it_takes_nothing_the_second_time(dovecot: Dovecot, imap_user: str, tmp_path: Path) -> None:
    dovecot.append(imap_user, messages.answer("denied"))
    assert len(_sync(dovecot, imap_user, tmp_path / "state")) == 1
    assert _sync(dovecot, imap_user, tmp_path / "state") == []
    dovecot.append(imap_user, messages.answer("acknowledged"))
    again = _sync(dovecot, imap_user, tmp_path / "state")
    assert [
        t.diagnosis.reply_outcome.value for t in again if t.diagnosis and t.diagnosis.reply_outcome
    ] == ["acknowledged"]


def test_it_changes_no_flag_in_the_mailbox(
    dovecot: Dovecot, imap_user: str, tmp_path: Path
) -> None:
    dovecot.append(imap_user, messages.answer("reinstated"))
    dovecot.append(imap_user, messages.answer("denied"), flags=(b"\\Seen",))
    dovecot.append(imap_user, messages.newsletter())
    before = dovecot.flags(imap_user)

    assert len(_sync(dovecot, imap_user, tmp_path / "state")) == 2

    # Even \Recent stays: the folder was only EXAMINEd.
    assert dovecot.flags(imap_user) == before
    seen = sorted(tuple(f for f in flags if f != b"\\Recent") for flags in before.values())
    assert seen == [(), (), (b"\\Seen",)]


def test_it_takes_a_reply_in_a_known_thread_from_another_address(
    dovecot: Dovecot, imap_user: str, tmp_path: Path
) -> None:
    first_id = messages.message_id()
    dovecot.append(imap_user, messages.notice(msgid=first_id))
    assert len(_sync(dovecot, imap_user, tmp_path / "state")) == 1
    dovecot.append(
        imap_user,
        messages.answer(
            "more_info", sender="Seller Support <support@sellers.example>", in_reply_to=first_id
        ),
    )
    dovecot.append(imap_user, messages.mail("unrelated", sender="friend@example.cn"))

    taken = _sync(dovecot, imap_user, tmp_path / "state")

    assert [t.entry.reason for t in taken] == ["thread"]


def test_it_leaves_a_forged_amazon_message_alone(
    dovecot: Dovecot, imap_user: str, tmp_path: Path
) -> None:
    dovecot.append(imap_user, messages.forged_amazon())
    assert _sync(dovecot, imap_user, tmp_path / "state") == []


def test_it_rescans_a_renumbered_folder_without_taking_anything_twice(
    dovecot: Dovecot, imap_user: str, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    dovecot.append(imap_user, messages.answer("reinstated"))
    dovecot.append(imap_user, messages.newsletter())
    dovecot.append(imap_user, messages.answer("denied"))
    assert len(_sync(dovecot, imap_user, state)) == 2

    dovecot.renumber(imap_user, 4242)
    dovecot.append(imap_user, messages.answer("acknowledged"))
    taken = _sync(dovecot, imap_user, state)

    assert [t.entry.uidvalidity for t in taken] == [4242]
    assert [
        t.diagnosis.reply_outcome.value for t in taken if t.diagnosis and t.diagnosis.reply_outcome
    ] == ["acknowledged"]
    ledger = FileLedger(state)
    assert ledger.counts() == {"done": 3, "duplicate": 2}
    ledger.close()
    assert _sync(dovecot, imap_user, state) == []


def test_it_skips_nothing_when_the_uidvalidity_changes_between_polls(
    dovecot: Dovecot, imap_user: str, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    dovecot.append(imap_user, messages.answer("reinstated"))
    assert len(_sync(dovecot, imap_user, state)) == 1
    # Amazon's answer arrives, then the server's folder is renumbered before the next poll.
    dovecot.append(imap_user, messages.answer("denied"))
    dovecot.set_uidvalidity(imap_user, 777)

    taken = _sync(dovecot, imap_user, state)

    assert [
        t.diagnosis.reply_outcome.value for t in taken if t.diagnosis and t.diagnosis.reply_outcome
    ] == ["denied"]


def test_it_reads_a_message_with_a_50_mb_attachment_without_fetching_it(
    dovecot: Dovecot, imap_user: str, tmp_path: Path
) -> None:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = messages.AMAZON
    msg["Subject"] = "RE: Your appeal"
    msg["Message-ID"] = messages.message_id()
    msg.set_content((messages.NOTICES / "reply_denied_en.txt").read_text())
    msg.add_attachment(b"\0" * (50 * 1024 * 1024), maintype="application", subtype="pdf")
    dovecot.append(imap_user, msg.as_bytes())

    taken = _sync(dovecot, imap_user, tmp_path / "state")

    assert len(taken) == 1
    assert taken[0].reduced
    assert len(taken[0].raw) < 100_000
    assert taken[0].diagnosis is not None
    assert taken[0].diagnosis.reply_outcome is not None
    assert taken[0].diagnosis.reply_outcome.value == "denied"


def test_it_watches_another_folder(dovecot: Dovecot, imap_user: str, tmp_path: Path) -> None:
    dovecot.append(imap_user, messages.answer("reinstated"), folder="Amazon")
    assert len(_sync(dovecot, imap_user, tmp_path / "state", folder="Amazon")) == 1


def test_imaplib_traces_lines_only_when_its_log_is_read(
    dovecot: Dovecot, imap_user: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    dovecot.append(imap_user, messages.answer("denied"))
    server = Server(dovecot.host, dovecot.port, ssl=False, timeout=10)
    with Session(server, imap_user, Password("correct-horse-battery")) as session:
        assert session.client._imap.debug == 0  # nothing formatted for a log nobody reads
        assert session.examine("INBOX").exists == 1
    with (
        caplog.at_level("DEBUG", logger="imapclient.imaplib"),
        Session(server, imap_user, Password("correct-horse-battery")) as session,
    ):
        session.examine("INBOX")
        assert session.client._imap.debug == 5
    traced = [r.getMessage() for r in caplog.records if r.name == "imapclient.imaplib"]
    assert any("EXAMINE" in line for line in traced)
    assert not any("correct-horse-battery" in line for line in traced)
    assert len(_sync(dovecot, imap_user, tmp_path / "state")) == 1
