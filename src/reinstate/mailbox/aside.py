"""Reading Amazon's messages aside while a large folder is scanned.

On a first sync of a big mailbox the scan (fetching and parsing 10,000 envelopes) and the
diagnosis of the Amazon messages it finds are both CPU work; done one after the other they take
twice as long as they need on a machine with two cores. While the scan goes on, the bodies of
each chunk's new messages are fetched (one command for many) and diagnosed in one other
process; the sync then delivers them in UID order as usual.

The rules of the sync stay: each message's attempt is counted before its body is fetched, and
nothing is delivered here (``Ledger.finish`` runs in the sync, in order). A reading process that
dies leaves its messages to be read in the sync's own process.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import Protocol

from reinstate.mailbox.imap import FetchedMessage
from reinstate.mailbox.ledger import PENDING, Entry, Ledger, Taken
from reinstate.mailbox.reading import read_taken

# Bodies held for the reading process at once, at most (the rest are read in the sync).
BUDGET = 64 * 1024 * 1024


class BatchMailbox(Protocol):
    def messages(
        self, wanted: Sequence[tuple[int, int]], limit: int
    ) -> dict[int, FetchedMessage]: ...


def _warm() -> None:
    """Load the diagnosis model in the reading process while the scan starts."""
    from reinstate.notices.classifier import load_model

    load_model()


def _ready() -> None:
    """Nothing: submitting it makes the pool start its process (and run ``_warm``)."""


def _read_all(
    batch: Sequence[tuple[Entry, FetchedMessage]], limit: int, today: date | None
) -> list[Taken | Exception]:
    """``read_taken`` of each message of one chunk (one task per chunk: few hand-overs between
    the processes). An error that escapes it stays with its own message."""
    done: list[Taken | Exception] = []
    for entry, fetched in batch:
        try:
            done.append(read_taken(entry, fetched, limit, today))
        except Exception as exc:  # noqa: BLE001 - raised again by ``take``, for this message only
            done.append(exc)
    return done


class ReadAside:
    """Bodies fetched and diagnosed in another process while the sync scans."""

    def __init__(
        self, session: BatchMailbox, ledger: Ledger, max_bytes: int, today: date | None
    ) -> None:
        self._session = session
        self._ledger = ledger
        self._max_bytes = max_bytes
        self._today = today
        # Each handed-over message: its chunk's task and its place in it.
        self._futures: dict[tuple[str, str, int, int], tuple[Future[list[Taken | Exception]], int]]
        self._futures = {}
        self._executor: ProcessPoolExecutor | None = None
        self._held = 0
        self._broken = False

    def __enter__(self) -> ReadAside:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # fork starts at once and inherits what is loaded; with other threads running (the
            # web's job worker) a forked child could inherit a held lock: forkserver then.
            method = "fork" if threading.active_count() == 1 else "forkserver"
            context = multiprocessing.get_context(method)
            self._executor = ProcessPoolExecutor(1, mp_context=context, initializer=_warm)
        return self._executor

    def start(self) -> None:
        """Start the reading process now (it loads the diagnosis model while the scan begins)."""
        if not self._broken:
            self._pool().submit(_ready)

    def add(self, entries: Sequence[Entry]) -> None:
        """Fetch and hand over the new pending ``entries`` of one scanned chunk."""
        if self._broken:
            return
        limit = self._max_bytes
        wanted = []
        for entry in entries:
            if entry.state != PENDING or entry.size > limit or self._held + entry.size > BUDGET:
                continue
            wanted.append(entry)
            self._held += entry.size
        if not wanted:
            return
        for entry in wanted:
            self._ledger.count_attempt(entry)
        fetched = self._session.messages([(e.uid, e.size) for e in wanted], limit)
        batch = [(e, fetched[e.uid]) for e in wanted if e.uid in fetched]
        if not batch:
            return
        future = self._pool().submit(_read_all, batch, limit, self._today)
        for index, (entry, _found) in enumerate(batch):
            self._futures[entry.key] = (future, index)

    def take(self, entry: Entry) -> Taken | None:
        """What the reading process made of ``entry``; None when it was not handed over (or
        the reading process died: the sync reads it itself)."""
        handed = self._futures.pop(entry.key, None)
        if handed is None:
            return None
        future, index = handed
        try:
            done = future.result()[index]
        except BrokenProcessPool:
            self._broken = True
            return None
        if isinstance(done, Exception):
            raise done
        return done

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
