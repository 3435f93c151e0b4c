"""The ledger in a state file (SQLite, from the standard library), for the command line.

    >>> ledger = FileLedger(Path("mailbox.state"), deliver=print)    # doctest: +SKIP

The file is created owner-only (it names senders and subjects). Each ``finish`` runs in one
write transaction: the message is delivered (``deliver``: the command prints it) and marked done
before the transaction commits, so two runs on one state file never deliver a message twice and
a run killed before the commit delivers it again next time (at least once; printed twice only
when killed between the print and the commit).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from reinstate.errors import InputError
from reinstate.mailbox.ledger import DONE, DUPLICATE, PENDING, STALE, Entry, FolderMark, Taken

# PRAGMA application_id: tells our state file from any other SQLite file ("RSMB").
APPLICATION_ID = 0x52534D42
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS marks (
    mailbox TEXT NOT NULL, folder TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL, last_uid INTEGER NOT NULL,
    PRIMARY KEY (mailbox, folder));
CREATE TABLE IF NOT EXISTS messages (
    mailbox TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity INTEGER NOT NULL,
    uid INTEGER NOT NULL, message_key TEXT NOT NULL, message_id TEXT NOT NULL,
    sender TEXT NOT NULL, subject TEXT NOT NULL, size INTEGER NOT NULL, reason TEXT NOT NULL,
    thread_ids TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    result TEXT, recorded_at TEXT NOT NULL, finished_at TEXT,
    PRIMARY KEY (mailbox, folder, uidvalidity, uid));
CREATE INDEX IF NOT EXISTS messages_by_key ON messages (mailbox, message_key);
CREATE INDEX IF NOT EXISTS messages_by_id ON messages (mailbox, message_id);
"""
_SELECT = (
    "SELECT mailbox, folder, uidvalidity, uid, message_key, message_id, sender, subject, size, "
    "reason, thread_ids, state, attempts FROM messages "
)
_INSERT = (
    "INSERT OR IGNORE INTO messages (mailbox, folder, uidvalidity, uid, message_key, "
    "message_id, sender, subject, size, reason, thread_ids, state, attempts, recorded_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)"
)

Deliver = Callable[[Taken], None]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _entry(row: sqlite3.Row) -> Entry:
    return Entry(
        mailbox=row["mailbox"],
        folder=row["folder"],
        uidvalidity=row["uidvalidity"],
        uid=row["uid"],
        message_key=row["message_key"],
        message_id=row["message_id"],
        sender=row["sender"],
        subject=row["subject"],
        size=row["size"],
        reason=row["reason"],
        thread_ids=tuple(json.loads(row["thread_ids"])),
        state=row["state"],
        attempts=row["attempts"],
    )


def result_of(taken: Taken) -> dict[str, object]:
    """What is kept of a delivered message (also the command's JSON line)."""
    entry, diagnosis = taken.entry, taken.diagnosis
    result: dict[str, object] = {
        "uid": entry.uid,
        "uidvalidity": entry.uidvalidity,
        "message_id": entry.message_id or None,
        "from": entry.sender,
        "subject": entry.subject,
        "kind": diagnosis.kind.value if diagnosis else None,
        "category": diagnosis.category.value if diagnosis and diagnosis.category else None,
        "reply_outcome": (
            diagnosis.reply_outcome.value if diagnosis and diagnosis.reply_outcome else None
        ),
        "asins": list(diagnosis.asins) if diagnosis else [],
    }
    if taken.problem is not None:
        result["problem"] = {"code": taken.problem.code, "detail": taken.problem.detail}
    return result


class FileLedger:
    """The ledger protocol (``ledger.Ledger``) on a SQLite state file."""

    def __init__(self, path: Path, *, deliver: Deliver | None = None) -> None:
        self.path = path
        self._deliver = deliver
        self._db = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        if path.is_dir():
            raise InputError(f"{path} is a folder: give a file for the mailbox state.")
        if not path.exists():
            try:
                # Owner-only from the start: it names the senders and subjects of mail.
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            except OSError as exc:
                raise InputError(f"Cannot create {path}: {exc.strerror or exc}") from exc
        try:
            db = sqlite3.connect(path, timeout=30, isolation_level=None)
            db.row_factory = sqlite3.Row
            application_id = db.execute("PRAGMA application_id").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if application_id != APPLICATION_ID and (application_id or tables):
                db.close()
                raise InputError(f"{path} is not a Reinstate mailbox state file.")
            if not application_id:
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            # WAL without an fsync per commit: a killed process loses nothing (the log is in
            # the system's cache); only a power cut may lose the last commits, never corrupt.
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{path} is not a Reinstate mailbox state file ({exc}).") from exc
        return db

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: a second run waits for the first)."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def mark(self, mailbox: str, folder: str) -> FolderMark | None:
        row = self._db.execute(
            "SELECT uidvalidity, last_uid FROM marks WHERE mailbox = ? AND folder = ?",
            (mailbox, folder),
        ).fetchone()
        return FolderMark(mailbox, folder, row[0], row[1]) if row else None

    def record(self, mark: FolderMark, entries: Sequence[Entry]) -> list[Entry]:
        written: list[Entry] = []
        with self._write() as db:
            db.execute(
                "UPDATE messages SET state = ? WHERE mailbox = ? AND folder = ? "
                "AND uidvalidity != ? AND state = ?",
                (STALE, mark.mailbox, mark.folder, mark.uidvalidity, PENDING),
            )
            for entry in entries:
                taken = db.execute(
                    "SELECT 1 FROM messages WHERE mailbox = ? AND message_key = ? AND state != ?",
                    (entry.mailbox, entry.message_key, STALE),
                ).fetchone()
                state = DUPLICATE if taken else PENDING
                cursor = db.execute(
                    _INSERT,
                    (
                        *entry.key,
                        entry.message_key,
                        entry.message_id,
                        entry.sender,
                        entry.subject,
                        entry.size,
                        entry.reason,
                        json.dumps(list(entry.thread_ids)),
                        state,
                        _now(),
                    ),
                )
                if cursor.rowcount:
                    written.append(self._get(db, entry.key))
            db.execute(
                "INSERT INTO marks (mailbox, folder, uidvalidity, last_uid) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (mailbox, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
                "last_uid = excluded.last_uid",
                (mark.mailbox, mark.folder, mark.uidvalidity, mark.last_uid),
            )
        return written

    @staticmethod
    def _get(db: sqlite3.Connection, key: tuple[str, str, int, int]) -> Entry:
        row = db.execute(
            _SELECT + "WHERE mailbox = ? AND folder = ? AND uidvalidity = ? AND uid = ?",
            key,
        ).fetchone()
        return _entry(row)

    def unfinished(self, mailbox: str, folder: str, uidvalidity: int) -> list[Entry]:
        rows = self._db.execute(
            _SELECT + "WHERE mailbox = ? AND folder = ? AND uidvalidity = ? AND state = ? "
            "ORDER BY uid",
            (mailbox, folder, uidvalidity, PENDING),
        ).fetchall()
        return [_entry(row) for row in rows]

    def count_attempt(self, entry: Entry) -> int:
        with self._write() as db:
            db.execute(
                "UPDATE messages SET attempts = attempts + 1 WHERE mailbox = ? AND folder = ? "
                "AND uidvalidity = ? AND uid = ?",
                entry.key,
            )
            return self._get(db, entry.key).attempts

    def finish(self, taken: Taken) -> None:
        with self._write() as db:
            if self._get(db, taken.entry.key).state != PENDING:
                return  # another run delivered it meanwhile
            if self._deliver is not None:
                self._deliver(taken)
            db.execute(
                "UPDATE messages SET state = ?, result = ?, finished_at = ? WHERE mailbox = ? "
                "AND folder = ? AND uidvalidity = ? AND uid = ?",
                (DONE, json.dumps(result_of(taken), ensure_ascii=False), _now(), *taken.entry.key),
            )

    def known_message_ids(self, mailbox: str, message_ids: Iterable[str]) -> set[str]:
        wanted = sorted(set(message_ids))
        known: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT message_id FROM messages WHERE mailbox = ? AND state != ? "  # noqa: S608 - only placeholders
                f"AND message_id IN ({marks})",
                (mailbox, STALE, *chunk),
            )
            known.update(row[0] for row in rows)
        return known

    def counts(self) -> dict[str, int]:
        """Entries by state (for tests and the command's summary)."""
        rows = self._db.execute("SELECT state, count(*) FROM messages GROUP BY state")
        return {row[0]: row[1] for row in rows}
