"""The ledger: what the watcher has taken from a mailbox, so nothing is taken twice or skipped.

Its first key is (mailbox, folder, UIDVALIDITY, UID), IMAP's own name of one message; its second
key is the message's Message-ID (``Envelope.key``), which stays the same when the server renumbers
a folder (a new UIDVALIDITY) and when the same message is in two folders.

A message goes through these states::

    pending ──finish()──▶ done        (delivered: printed, or a Notice on a case)
       │
       └──(UIDVALIDITY changed before it was delivered)──▶ stale (found again under the new one)
    duplicate                          (its Message-ID was taken already: never delivered)

``record`` writes the new entries and moves the folder's mark (the highest UID looked at) in one
step, before any body is fetched; ``finish`` delivers a message and marks it done in one step
(the web app: one database transaction). A worker killed between the two leaves a pending entry,
delivered on the next poll: nothing is lost, and nothing is delivered twice.

The command line keeps the ledger in a state file (``state_file.FileLedger``); the web app keeps
it in its database (``reinstate_web.mailbox.ledger``). ``MemoryLedger`` is the reference
implementation, for tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from reinstate.notices import Diagnosis, NoticeMessage

PENDING = "pending"
DONE = "done"
DUPLICATE = "duplicate"
STALE = "stale"


@dataclass(frozen=True, slots=True)
class FolderMark:
    """How far the watcher has looked in one folder: every UID up to ``last_uid`` under
    ``uidvalidity`` has been looked at."""

    mailbox: str
    folder: str
    uidvalidity: int
    last_uid: int


@dataclass(frozen=True, slots=True)
class Entry:
    """One message the watcher took (from Amazon, or a reply in a known thread)."""

    mailbox: str
    folder: str
    uidvalidity: int
    uid: int
    message_key: str
    message_id: str
    sender: str
    subject: str
    size: int
    reason: str  # "amazon" (an Amazon sender) or "thread" (answers a known message)
    thread_ids: tuple[str, ...] = ()
    state: str = PENDING
    attempts: int = 0

    @property
    def key(self) -> tuple[str, str, int, int]:
        return (self.mailbox, self.folder, self.uidvalidity, self.uid)


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a taken message could not be read: a code and one line (English, for logs)."""

    code: str  # "unreadable", "gone", "gave_up"
    detail: str


@dataclass(frozen=True, slots=True)
class Taken:
    """A taken message with what the diagnosis made of it (or why it could not be read)."""

    entry: Entry
    raw: bytes = field(repr=False)
    message: NoticeMessage | None
    diagnosis: Diagnosis | None
    problem: Problem | None = None
    reduced: bool = False  # only the text parts were fetched (the message was over the limit)


class Ledger(Protocol):
    """What the sync needs from a ledger (see the module docstring)."""

    def mark(self, mailbox: str, folder: str) -> FolderMark | None:
        """The folder's mark, or None before its first sync."""
        ...

    def record(self, mark: FolderMark, entries: Sequence[Entry]) -> list[Entry]:
        """In one step: mark pending entries of an older UIDVALIDITY of this folder stale, add
        ``entries`` (each as ``duplicate`` when its message key is already in the mailbox's
        ledger and not stale, else ``pending``; an entry whose first key exists is ignored), and
        set the folder's mark. Returns the entries as written."""
        ...

    def unfinished(self, mailbox: str, folder: str, uidvalidity: int) -> list[Entry]:
        """Pending entries of this folder and UIDVALIDITY, by UID."""
        ...

    def count_attempt(self, entry: Entry) -> int:
        """Count one more attempt at delivering ``entry``; the new count. Written before the
        attempt, so a message that kills the worker every time is given up after a few."""
        ...

    def finish(self, taken: Taken) -> None:
        """Deliver ``taken`` and mark its entry done, as one step."""
        ...

    def known_message_ids(self, mailbox: str, message_ids: Iterable[str]) -> set[str]:
        """Those of ``message_ids`` that are messages this ledger has taken (for replies in a
        known thread)."""
        ...


class MemoryLedger:
    """A ledger in memory: the reference behaviour, for tests and fakes."""

    def __init__(self) -> None:
        self.marks: dict[tuple[str, str], FolderMark] = {}
        self.entries: dict[tuple[str, str, int, int], Entry] = {}
        self.delivered: list[Taken] = []

    def mark(self, mailbox: str, folder: str) -> FolderMark | None:
        return self.marks.get((mailbox, folder))

    def record(self, mark: FolderMark, entries: Sequence[Entry]) -> list[Entry]:
        for key, entry in list(self.entries.items()):
            if (
                entry.mailbox == mark.mailbox
                and entry.folder == mark.folder
                and entry.uidvalidity != mark.uidvalidity
                and entry.state == PENDING
            ):
                self.entries[key] = replace(entry, state=STALE)
        written = []
        for entry in entries:
            if entry.key in self.entries:
                continue
            taken_keys = {
                e.message_key
                for e in self.entries.values()
                if e.mailbox == entry.mailbox and e.state != STALE
            }
            state = DUPLICATE if entry.message_key in taken_keys else PENDING
            self.entries[entry.key] = replace(entry, state=state, attempts=0)
            written.append(self.entries[entry.key])
        self.marks[(mark.mailbox, mark.folder)] = mark
        return written

    def unfinished(self, mailbox: str, folder: str, uidvalidity: int) -> list[Entry]:
        return sorted(
            (
                e
                for e in self.entries.values()
                if (e.mailbox, e.folder, e.uidvalidity) == (mailbox, folder, uidvalidity)
                and e.state == PENDING
            ),
            key=lambda e: e.uid,
        )

    def count_attempt(self, entry: Entry) -> int:
        current = self.entries[entry.key]
        self.entries[entry.key] = replace(current, attempts=current.attempts + 1)
        return current.attempts + 1

    def finish(self, taken: Taken) -> None:
        entry = self.entries[taken.entry.key]
        if entry.state != PENDING:
            return
        self.delivered.append(taken)
        self.entries[entry.key] = replace(entry, state=DONE)

    def known_message_ids(self, mailbox: str, message_ids: Iterable[str]) -> set[str]:
        wanted = set(message_ids)
        return {
            e.message_id
            for e in self.entries.values()
            if e.mailbox == mailbox and e.message_id in wanted and e.state != STALE
        }
