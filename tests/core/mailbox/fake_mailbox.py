"""A mailbox in memory that behaves like an IMAP folder for the sync (a fake, not a mock):
UIDs ascend, UIDVALIDITY can change, messages can vanish, and every call is counted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from reinstate.mailbox.envelope import Envelope, read_envelope
from reinstate.mailbox.imap import FetchedMessage, FolderStatus


@dataclass
class FakeMailbox:
    uidvalidity: int = 1000
    stored: dict[int, tuple[bytes, date]] = field(default_factory=dict)
    next_uid: int = 1
    calls: Counter[str] = field(default_factory=Counter)

    def add(self, raw: bytes, received: date | None = None) -> int:
        uid = self.next_uid
        self.stored[uid] = (raw, received or date(2026, 12, 1))
        self.next_uid += 1
        return uid

    def renumber(self, uidvalidity: int) -> None:
        """A rebuilt folder: the same messages under new UIDs and a new UIDVALIDITY."""
        old = [self.stored[uid] for uid in sorted(self.stored)]
        self.uidvalidity, self.stored, self.next_uid = uidvalidity, {}, 1
        for raw, received in reversed(old):
            self.add(raw, received)

    # -- the sync's Mailbox protocol --------------------------------------------------------
    def examine(self, folder: str) -> FolderStatus:
        self.calls["examine"] += 1
        return FolderStatus(self.uidvalidity, self.next_uid, len(self.stored))

    def uids_after(self, last_uid: int, since: date | None = None) -> list[int]:
        self.calls["search"] += 1
        return [
            uid
            for uid, (_raw, received) in sorted(self.stored.items())
            if uid > last_uid and (since is None or received >= since)
        ]

    def envelopes(self, uids: Sequence[int]) -> list[Envelope]:
        self.calls["envelopes"] += 1
        found = []
        for uid in uids:
            if uid in self.stored:
                raw = self.stored[uid][0]
                found.append(read_envelope(uid, raw.split(b"\r\n\r\n", 1)[0], len(raw)))
        return found

    def messages(self, wanted: Sequence[tuple[int, int]], limit: int) -> dict[int, FetchedMessage]:
        self.calls["messages"] += 1
        return {uid: FetchedMessage(self.stored[uid][0]) for uid, _ in wanted if uid in self.stored}

    def message(self, uid: int, size: int, limit: int) -> FetchedMessage | None:
        self.calls["message"] += 1
        if uid not in self.stored:
            return None
        return FetchedMessage(self.stored[uid][0])
