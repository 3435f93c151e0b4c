"""The command line's state file: owner-only, ours only, one delivery per message."""

from __future__ import annotations

import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from reinstate.errors import InputError
from reinstate.mailbox import FolderMark, Taken
from reinstate.mailbox.ledger import Entry
from reinstate.mailbox.state_file import FileLedger


def _entry(uid: int, key: str = "") -> Entry:
    return Entry(
        "box", "INBOX", 7, uid, key or f"<{uid}@x>", f"<{uid}@x>", "a@amazon.com", "s", 1, "amazon"
    )


def test_it_is_created_owner_only(tmp_path: Path) -> None:
    FileLedger(tmp_path / "state").close()
    assert stat.S_IMODE((tmp_path / "state").stat().st_mode) == 0o600


@pytest.mark.parametrize("content", [b"my notes\n" * 100, b"SQLite format 3\x00" + b"\x00" * 200])
def test_it_refuses_a_file_that_is_not_ours(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "state"
    path.write_bytes(content)
    with pytest.raises(InputError, match="not a Reinstate mailbox state file"):
        FileLedger(path)


def test_it_refuses_another_programs_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(InputError, match="not a Reinstate mailbox state file"):
        FileLedger(path)


def test_it_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        FileLedger(tmp_path)


def test_two_runs_on_one_file_deliver_a_message_once(tmp_path: Path) -> None:
    delivered: list[int] = []
    lock = threading.Lock()

    def deliver(taken: Taken) -> None:
        with lock:
            delivered.append(taken.entry.uid)

    setup = FileLedger(tmp_path / "state")
    setup.record(FolderMark("box", "INBOX", 7, 3), [_entry(1), _entry(2), _entry(3)])
    setup.close()

    def run() -> None:
        ledger = FileLedger(tmp_path / "state", deliver=deliver)
        for entry in ledger.unfinished("box", "INBOX", 7):
            ledger.finish(Taken(entry, b"", None, None))
        ledger.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(delivered) == [1, 2, 3]


def test_the_same_message_id_in_another_folder_is_a_duplicate(tmp_path: Path) -> None:
    ledger = FileLedger(tmp_path / "state")
    ledger.record(FolderMark("box", "INBOX", 7, 1), [_entry(1)])
    other = Entry("box", "Archive", 9, 40, "<1@x>", "<1@x>", "a@amazon.com", "s", 1, "amazon")
    written = ledger.record(FolderMark("box", "Archive", 9, 40), [other])
    assert [e.state for e in written] == ["duplicate"]
    assert ledger.unfinished("box", "Archive", 9) == []
    ledger.close()
