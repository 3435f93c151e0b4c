"""One sync of one folder: take Amazon's new messages, diagnose them, hand them to the ledger.

    >>> with Session(server, user, Password(code)) as session:      # doctest: +SKIP
    ...     report = sync(session, FileLedger(path), "me@qq.com", "INBOX")

The order is what makes a poll safe to kill at any point:

1. EXAMINE the folder (read-only). Same UIDVALIDITY and no UID past the mark: go to 4.
2. For each chunk of new UIDs: fetch only the envelope headers, decide which messages are taken
   (an Amazon sender, or a reply in a known thread), and ``ledger.record`` them with the new mark
   -- before any body is fetched. A changed UIDVALIDITY starts again from UID 1: messages already
   taken come back as duplicates of their Message-ID and are never delivered twice.
3. (Nothing else is written for messages that are not taken: the mark says they were seen.)
4. Every pending entry: count the attempt, fetch the body with BODY.PEEK, diagnose it, and
   ``ledger.finish`` it (deliver and mark done as one step). A message that cannot be read is
   finished with its problem (a clear entry, never a stopped watcher); one that failed
   ``max_attempts`` times is finished as given up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from reinstate.mailbox.aside import ReadAside
from reinstate.mailbox.envelope import Envelope
from reinstate.mailbox.imap import CHUNK, FetchedMessage, FolderStatus
from reinstate.mailbox.ledger import PENDING, Entry, FolderMark, Ledger, Problem, Taken
from reinstate.mailbox.reading import read_taken
from reinstate.mailbox.senders import address_marketplace, dmarc_failed
from reinstate.notices import DEFAULT_MAX_BYTES

KnownThreads = Callable[[set[str]], set[str]]


class Mailbox(Protocol):
    """What the sync needs from an IMAP session (``imap.Session``; tests give a fake)."""

    def examine(self, folder: str) -> FolderStatus: ...

    def uids_after(self, last_uid: int, since: date | None = None) -> list[int]: ...

    def envelopes(self, uids: Sequence[int]) -> list[Envelope]: ...

    def message(self, uid: int, size: int, limit: int) -> FetchedMessage | None: ...

    def messages(
        self, wanted: Sequence[tuple[int, int]], limit: int
    ) -> dict[int, FetchedMessage]: ...


@dataclass(frozen=True, slots=True)
class SyncOptions:
    # A message larger than this is read without its attachments (``reduce.py``).
    max_bytes: int = DEFAULT_MAX_BYTES
    # Deliveries tried per message before it is finished as given up.
    max_attempts: int = 3
    # The day deadlines are counted from (None: today).
    today: date | None = None
    # The mailbox owner's own addresses: their mail in a thread is not Amazon's answer.
    own_addresses: frozenset[str] = frozenset()
    # When a folder is looked at from its start (the first sync, a new UIDVALIDITY), messages
    # received before this day are left alone: a mailbox connected today does not bring back
    # years of old notices. None: every message.
    since: date | None = None
    # On a scan of more than one chunk, read the Amazon messages in a second process while the
    # scan goes on (``aside.py``): a first sync of a big mailbox takes half as long on 2 cores.
    read_aside: bool = True


@dataclass(slots=True)
class SyncReport:
    mailbox: str
    folder: str
    uidvalidity: int = 0
    looked_at: int = 0  # envelopes read this time
    rescanned: bool = False  # the UIDVALIDITY changed: the folder was looked at from UID 1
    recorded: list[Entry] = field(default_factory=list)  # new entries, pending or duplicate
    delivered: list[Taken] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        return sum(1 for e in self.recorded if e.state != PENDING)


def taking_reason(envelope: Envelope, known: set[str], own: frozenset[str]) -> str | None:
    """Why the message is taken ("amazon" or "thread"), or None when it is left alone."""
    return _reason(envelope, address_marketplace(envelope.sender_address), known, own)


def _reason(
    envelope: Envelope, marketplace: str | None, known: set[str], own: frozenset[str]
) -> str | None:
    """``taking_reason`` with the sender's marketplace (``address_marketplace``) given."""
    address = envelope.sender_address
    if not address or address in own:
        return None
    if marketplace is not None:
        domain = address.rsplit("@", 1)[1]
        if dmarc_failed(envelope.authentication_results, domain):
            return None  # a forged Amazon From: header
        return "amazon"
    if known.intersection(envelope.thread_ids):
        return "thread"
    return None


def _entry(report: SyncReport, env: Envelope, reason: str) -> Entry:
    return Entry(
        mailbox=report.mailbox,
        folder=report.folder,
        uidvalidity=report.uidvalidity,
        uid=env.uid,
        message_key=env.key,
        message_id=env.message_id,
        sender=env.sender,
        subject=env.subject,
        size=env.size,
        reason=reason,
        thread_ids=env.thread_ids,
    )


def _known(
    ledger: Ledger, mailbox: str, envelopes: Iterable[Envelope], threads: KnownThreads | None
) -> set[str]:
    """Message-IDs that some envelope answers and that are known (taken earlier, or known to
    the caller: notices and appeals on its cases)."""
    wanted = {i for env in envelopes for i in env.thread_ids}
    if not wanted:
        return set()
    known = ledger.known_message_ids(mailbox, wanted)
    if threads is not None:
        known |= threads(wanted - known)
    return known


def _scan(
    session: Mailbox,
    ledger: Ledger,
    report: SyncReport,
    start: int,
    options: SyncOptions,
    threads: KnownThreads | None,
    aside: ReadAside,
) -> None:
    # The window applies to a folder looked at from its start only: a message moved into the
    # folder later keeps its old date and must still be seen.
    uids = session.uids_after(start, options.since if start == 0 else None)
    read_aside = options.read_aside and len(uids) > CHUNK
    if read_aside:
        aside.start()
    for first in range(0, len(uids), CHUNK):
        chunk = uids[first : first + CHUNK]
        envelopes = session.envelopes(chunk)
        report.looked_at += len(envelopes)
        # Each sender is looked up once: most messages are decided by it alone.
        marketplaces = [address_marketplace(e.sender_address) for e in envelopes]
        others = [e for e, m in zip(envelopes, marketplaces, strict=True) if m is None]
        known = _known(ledger, report.mailbox, others, threads)
        own = options.own_addresses
        # Amazon's messages are decided by their sender alone.
        reasons = [
            None if m is None else _reason(e, m, set(), own)
            for e, m in zip(envelopes, marketplaces, strict=True)
        ]
        # A reply may come in the same chunk as the message it answers.
        known |= {
            e.message_id for e, r in zip(envelopes, reasons, strict=True) if r and e.message_id
        }
        entries = []
        for env, marketplace, reason in zip(envelopes, marketplaces, reasons, strict=True):
            if marketplace is None:
                if not known or not env.thread_ids:
                    continue  # it answers no known message
                reason = _reason(env, None, known, own)
            if reason is not None:
                entries.append(_entry(report, env, reason))
                if env.message_id:
                    known.add(env.message_id)
        mark = FolderMark(report.mailbox, report.folder, report.uidvalidity, chunk[-1])
        written = ledger.record(mark, entries)
        report.recorded += written
        if read_aside:
            aside.add(written)


def sync(
    session: Mailbox,
    ledger: Ledger,
    mailbox: str,
    folder: str = "INBOX",
    *,
    options: SyncOptions | None = None,
    threads: KnownThreads | None = None,
) -> SyncReport:
    """Take the folder's new Amazon messages once (see the module docstring).

    ``mailbox`` names the mailbox in the ledger; ``threads`` tells which Message-IDs the caller
    knows (its cases' notices and appeals), so that a reply to one of them is taken whoever sent
    it. Raises ``MailboxError`` when the server fails; what was recorded and finished until then
    stays so, and the next sync goes on from there.
    """
    options = options or SyncOptions()
    report = SyncReport(mailbox, folder)
    status = session.examine(folder)
    report.uidvalidity = status.uidvalidity
    mark = ledger.mark(mailbox, folder)
    if mark is None or mark.uidvalidity != status.uidvalidity:
        report.rescanned = mark is not None
        start = 0
        # The new UIDVALIDITY is written at once (stale entries of the old one set aside),
        # even for an empty folder.
        ledger.record(FolderMark(mailbox, folder, status.uidvalidity, 0), [])
    else:
        start = mark.last_uid
    with ReadAside(session, ledger, options.max_bytes, options.today) as aside:
        if status.uidnext is None or status.uidnext - 1 > start:
            _scan(session, ledger, report, start, options, threads, aside)
        for entry in ledger.unfinished(mailbox, folder, status.uidvalidity):
            taken = aside.take(entry) or _read_here(session, ledger, entry, options)
            ledger.finish(taken)
            report.delivered.append(taken)
    return report


def _read_here(session: Mailbox, ledger: Ledger, entry: Entry, options: SyncOptions) -> Taken:
    """Count the attempt, fetch the body, read it (in this process)."""
    attempts = ledger.count_attempt(entry)
    if attempts > options.max_attempts:
        problem = Problem("gave_up", f"not delivered after {options.max_attempts} attempts")
        return Taken(entry, b"", None, None, problem)
    fetched = session.message(entry.uid, entry.size, options.max_bytes)
    if fetched is None:
        return Taken(entry, b"", None, None, Problem("gone", "deleted from the mailbox"))
    return read_taken(entry, fetched, options.max_bytes, options.today)
