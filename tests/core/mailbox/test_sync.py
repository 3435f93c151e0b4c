"""The sync's rules on a fake mailbox, with the two ledgers (memory and state file) side by side:
what is taken, the ledger before anything else, UIDVALIDITY, attempts, hostile messages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from reinstate.mailbox import MemoryLedger, SyncOptions, Taken, sync
from reinstate.mailbox.ledger import Ledger
from reinstate.mailbox.state_file import FileLedger
from tests.core.mailbox.fake_mailbox import FakeMailbox
from tests.mail import messages


class _Recording:
    """Collects what a FileLedger delivers (the command prints it)."""

    def __init__(self) -> None:
        self.delivered: list[Taken] = []

    def __call__(self, taken: Taken) -> None:
        self.delivered.append(taken)


@pytest.fixture(params=["memory", "state_file"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    if request.param == "memory":
        yield MemoryLedger()
        return
    recording = _Recording()
    file_ledger = FileLedger(tmp_path / "state", deliver=recording)
    file_ledger.delivered = recording.delivered  # type: ignore[attr-defined]
    yield file_ledger
    file_ledger.close()


def _delivered(ledger: Ledger) -> list[Taken]:
    return list(ledger.delivered)  # type: ignore[attr-defined]


def _outcomes(taken: list[Taken]) -> list[str | None]:
    return [
        t.diagnosis.reply_outcome.value if t.diagnosis and t.diagnosis.reply_outcome else None
        for t in taken
    ]


def test_it_takes_amazons_messages_and_leaves_the_rest(ledger: Ledger) -> None:
    box = FakeMailbox()
    box.add(messages.newsletter())
    box.add(messages.answer("reinstated"))
    box.add(messages.order_confirmation())

    report = sync(box, ledger, "box")

    assert [t.entry.uid for t in report.delivered] == [2]
    assert _outcomes(_delivered(ledger)) == ["reinstated"]
    assert report.looked_at == 3


def test_an_idle_poll_asks_the_server_for_nothing_but_the_folder(ledger: Ledger) -> None:
    box = FakeMailbox()
    box.add(messages.answer("denied"))
    sync(box, ledger, "box")
    box.calls.clear()

    report = sync(box, ledger, "box")

    assert report.delivered == []
    assert dict(box.calls) == {"examine": 1}


def test_a_new_uidvalidity_is_looked_at_again_without_doubles(ledger: Ledger) -> None:
    box = FakeMailbox()
    box.add(messages.answer("acknowledged"))
    box.add(messages.newsletter())
    sync(box, ledger, "box")

    box.renumber(2000)
    box.add(messages.answer("reinstated"))
    report = sync(box, ledger, "box")

    assert report.rescanned
    assert _outcomes(report.delivered) == ["reinstated"]
    assert report.duplicates == 1
    assert _outcomes(_delivered(ledger)) == ["acknowledged", "reinstated"]


class _Killed(BaseException):
    """A worker killed (a BaseException, as SIGKILL escapes every handler)."""


def _die(*_args: object) -> None:
    raise _Killed


def test_the_ledger_is_written_before_any_body_is_fetched(ledger: Ledger) -> None:
    box = FakeMailbox()
    box.add(messages.answer("denied"))
    box.message = _die  # type: ignore[method-assign,assignment]

    with pytest.raises(_Killed):
        sync(box, ledger, "box")

    assert _delivered(ledger) == []
    assert [e.uid for e in ledger.unfinished("box", "INBOX", box.uidvalidity)] == [1]
    del box.message  # the next worker lives
    assert _outcomes(sync(box, ledger, "box").delivered) == ["denied"]
    assert len(_delivered(ledger)) == 1


def test_a_message_pending_when_the_folder_is_renumbered_is_delivered_once(
    ledger: Ledger,
) -> None:
    box = FakeMailbox()
    box.add(messages.answer("denied"))
    box.message = _die  # type: ignore[method-assign,assignment]
    with pytest.raises(_Killed):
        sync(box, ledger, "box")
    del box.message
    box.renumber(3000)

    sync(box, ledger, "box")
    sync(box, ledger, "box")

    assert _outcomes(_delivered(ledger)) == ["denied"]


def test_a_message_without_message_id_is_not_taken_twice(ledger: Ledger) -> None:
    box = FakeMailbox()
    raw = messages.answer("reinstated").replace(b"Message-ID:", b"X-No-Id:")
    box.add(raw)
    sync(box, ledger, "box")
    box.renumber(5000)

    assert sync(box, ledger, "box").delivered == []


def test_unreadable_mail_is_delivered_with_its_problem(ledger: Ledger) -> None:
    box = FakeMailbox()
    box.add(messages.mail("\n   \n"))
    box.add(messages.answer("reinstated"))

    report = sync(box, ledger, "box")

    assert report.delivered[0].problem is not None
    assert report.delivered[0].problem.code == "unreadable"
    assert _outcomes(report.delivered) == [None, "reinstated"]


def test_a_message_that_keeps_failing_is_given_up(ledger: Ledger) -> None:
    box = FakeMailbox()
    box.add(messages.answer("denied"))

    def boom(*_args: object) -> None:
        raise RuntimeError("the worker dies on this message")

    box.message = boom  # type: ignore[method-assign,assignment]
    for _ in range(3):
        with pytest.raises(RuntimeError):
            sync(box, ledger, "box", options=SyncOptions(max_attempts=3))

    report = sync(box, ledger, "box", options=SyncOptions(max_attempts=3))

    assert report.delivered[0].problem is not None
    assert report.delivered[0].problem.code == "gave_up"
    assert sync(box, ledger, "box").delivered == []


def test_a_deleted_message_is_noted_as_gone(ledger: Ledger) -> None:
    box = FakeMailbox()
    uid = box.add(messages.answer("denied"))
    real_message = box.message

    def vanished(*args: object) -> object:
        box.stored.pop(uid, None)
        return real_message(*args)  # type: ignore[arg-type]

    box.message = vanished  # type: ignore[method-assign,assignment]
    report = sync(box, ledger, "box")
    assert report.delivered[0].problem is not None
    assert report.delivered[0].problem.code == "gone"


def test_a_reply_in_a_known_thread_is_taken_from_any_address(ledger: Ledger) -> None:
    box = FakeMailbox()
    first = messages.message_id()
    box.add(messages.notice(msgid=first))
    box.add(messages.answer("more_info", sender="help@partner.example", in_reply_to=first))
    box.add(messages.answer("more_info", sender="help@partner.example"))
    appeal = messages.message_id()
    box.add(messages.answer("denied", sender="help@partner.example", in_reply_to=appeal))

    report = sync(box, ledger, "box", threads=lambda ids: {appeal} & ids)

    assert [t.entry.uid for t in report.delivered] == [1, 2, 4]
    assert [t.entry.reason for t in report.delivered] == ["amazon", "thread", "thread"]


def test_the_owners_own_mail_in_a_thread_is_not_taken(ledger: Ledger) -> None:
    box = FakeMailbox()
    first = messages.message_id()
    box.add(messages.notice(msgid=first))
    box.add(messages.mail("Please check my appeal", sender="me@qq.com", in_reply_to=first))

    report = sync(box, ledger, "box", options=SyncOptions(own_addresses=frozenset({"me@qq.com"})))

    assert [t.entry.uid for t in report.delivered] == [1]


def test_a_first_look_reads_back_only_so_far(ledger: Ledger) -> None:
    box = FakeMailbox()
    box.add(messages.answer("denied"), received=date(2025, 1, 1))
    box.add(messages.answer("reinstated"), received=date(2026, 11, 30))
    options = SyncOptions(since=date(2026, 11, 1))

    assert _outcomes(sync(box, ledger, "box", options=options).delivered) == ["reinstated"]
    # Later, a message moved into the folder keeps its old date and is still taken.
    box.add(messages.answer("acknowledged"), received=date(2024, 5, 5))
    assert _outcomes(sync(box, ledger, "box", options=options).delivered) == ["acknowledged"]


def _big_box() -> FakeMailbox:
    box = FakeMailbox()
    outcomes = ["reinstated", "denied", "acknowledged", "conditional", "more_info"]
    for number in range(1_100):
        if number % 110 == 7:
            box.add(messages.answer(outcomes[number % len(outcomes)]))
        else:
            box.add(messages.newsletter())
    return box


def test_a_large_scan_reads_amazons_messages_aside_with_the_same_result(tmp_path: Path) -> None:
    here = sync(_big_box(), MemoryLedger(), "box", options=SyncOptions(read_aside=False))
    box = _big_box()
    aside = sync(box, MemoryLedger(), "box")

    assert box.calls["messages"] >= 1  # bodies fetched many to a command for the other process
    assert box.calls["message"] == 0
    assert [t.entry.uid for t in aside.delivered] == [t.entry.uid for t in here.delivered]
    assert _outcomes(aside.delivered) == _outcomes(here.delivered)
    assert len(aside.delivered) == 10


def test_messages_the_reading_process_could_not_read_are_read_here() -> None:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from reinstate.mailbox.aside import ReadAside

    box = FakeMailbox()
    box.add(messages.answer("denied"))
    ledger = MemoryLedger()
    sync(box, ledger, "box", options=SyncOptions(max_attempts=0))  # recorded, given up
    entry = next(iter(ledger.entries.values()))
    reader = ReadAside(box, ledger, 1_000_000, None)
    broken: Future[list[Taken | Exception]] = Future()
    broken.set_exception(BrokenProcessPool("the reading process died"))
    reader._futures[entry.key] = (broken, 0)
    assert reader.take(entry) is None
    reader.add([entry])  # nothing more is handed to a dead process
    assert reader._futures == {}


def test_an_error_in_one_message_of_a_chunk_stays_with_that_message() -> None:
    from concurrent.futures import Future

    from reinstate.mailbox.aside import ReadAside, _read_all
    from reinstate.mailbox.imap import FetchedMessage

    box = FakeMailbox()
    box.add(messages.answer("denied"))
    box.add(messages.answer("reinstated"))
    ledger = MemoryLedger()
    sync(box, ledger, "box", options=SyncOptions(max_attempts=0))
    first, second = sorted(ledger.entries.values(), key=lambda e: e.uid)
    good = FetchedMessage(box.stored[second.uid][0])
    done = _read_all([(first, None), (second, good)], 1_000_000, None)  # type: ignore[list-item]
    assert isinstance(done[0], AttributeError)
    assert isinstance(done[1], Taken)
    assert done[1].diagnosis is not None
    reader = ReadAside(box, ledger, 1_000_000, None)
    chunk: Future[list[Taken | Exception]] = Future()
    chunk.set_result(done)
    reader._futures = {first.key: (chunk, 0), second.key: (chunk, 1)}
    with pytest.raises(AttributeError):
        reader.take(first)
    taken = reader.take(second)
    assert taken is not None
    assert taken.diagnosis is not None
    assert taken.diagnosis.reply_outcome is not None
