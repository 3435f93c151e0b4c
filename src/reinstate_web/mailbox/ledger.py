"""The core's ledger (``reinstate.mailbox.ledger.Ledger``) in the database, for one connection.

``record`` writes the new entries and the folder's mark in one transaction, before any body is
fetched; ``finish`` delivers a message (a Notice on a case, the case moved) and marks it done in
one transaction, so a worker killed anywhere neither loses nor doubles a message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reinstate.mailbox import Entry, FolderMark, Taken
from reinstate_web.mailbox.models import MailboxConnection, MailboxFolderMark, MailboxMessage

State = MailboxMessage.State
Deliver = Callable[[MailboxConnection, MailboxMessage, Taken], None]
# How long a poll may run before another may take over (renewed as it makes progress).
LEASE = timedelta(minutes=20)


def entry_of(row: MailboxMessage) -> Entry:
    return Entry(
        mailbox=str(row.connection_id),
        folder=row.folder,
        uidvalidity=row.uidvalidity,
        uid=row.uid,
        message_key=row.message_key,
        message_id=row.message_id,
        sender=row.sender,
        subject=row.subject,
        size=row.size,
        reason=row.reason,
        thread_ids=tuple(str(i) for i in row.thread_ids),
        state=row.state,
        attempts=row.attempts,
    )


class OrmLedger:
    def __init__(self, connection: MailboxConnection, deliver: Deliver, lease_token: str) -> None:
        self.connection = connection
        self._deliver = deliver
        self._lease_token = lease_token

    def _rows(self, folder: str, uidvalidity: int, uid: int) -> MailboxMessage | None:
        return MailboxMessage.objects.filter(
            connection=self.connection, folder=folder, uidvalidity=uidvalidity, uid=uid
        ).first()

    def _renew_lease(self) -> None:
        MailboxConnection.objects.filter(
            pk=self.connection.pk, lease_token=self._lease_token
        ).update(lease_until=timezone.now() + LEASE)

    def mark(self, mailbox: str, folder: str) -> FolderMark | None:
        found = MailboxFolderMark.objects.filter(connection=self.connection, folder=folder).first()
        if found is None:
            return None
        return FolderMark(mailbox, folder, found.uidvalidity, found.last_uid)

    def record(self, mark: FolderMark, entries: Sequence[Entry]) -> list[Entry]:
        written: list[Entry] = []
        with transaction.atomic():
            MailboxMessage.objects.filter(
                connection=self.connection, folder=mark.folder, state=State.PENDING
            ).exclude(uidvalidity=mark.uidvalidity).update(state=State.STALE)
            for entry in entries:
                if self._rows(entry.folder, entry.uidvalidity, entry.uid) is not None:
                    continue
                taken = (
                    MailboxMessage.objects.filter(
                        connection=self.connection, message_key=entry.message_key
                    )
                    .exclude(state=State.STALE)
                    .exists()
                )
                row = MailboxMessage.objects.create(
                    connection=self.connection,
                    folder=entry.folder,
                    uidvalidity=entry.uidvalidity,
                    uid=entry.uid,
                    message_key=entry.message_key[:300],
                    message_id=entry.message_id[:255],
                    sender=entry.sender[:500],
                    subject=entry.subject[:500],
                    size=entry.size,
                    reason=entry.reason,
                    thread_ids=list(entry.thread_ids),
                    state=State.DUPLICATE if taken else State.PENDING,
                )
                written.append(entry_of(row))
            MailboxFolderMark.objects.update_or_create(
                connection=self.connection,
                folder=mark.folder,
                defaults={"uidvalidity": mark.uidvalidity, "last_uid": mark.last_uid},
            )
            self._renew_lease()
        return written

    def unfinished(self, mailbox: str, folder: str, uidvalidity: int) -> list[Entry]:
        rows = MailboxMessage.objects.filter(
            connection=self.connection,
            folder=folder,
            uidvalidity=uidvalidity,
            state=State.PENDING,
        ).order_by("uid")
        return [entry_of(row) for row in rows]

    def count_attempt(self, entry: Entry) -> int:
        rows = MailboxMessage.objects.filter(
            connection=self.connection,
            folder=entry.folder,
            uidvalidity=entry.uidvalidity,
            uid=entry.uid,
        )
        rows.update(attempts=F("attempts") + 1)
        return int(rows.values_list("attempts", flat=True).get())

    def finish(self, taken: Taken) -> None:
        entry = taken.entry
        with transaction.atomic():
            row = (
                MailboxMessage.objects.select_for_update()
                .filter(
                    connection=self.connection,
                    folder=entry.folder,
                    uidvalidity=entry.uidvalidity,
                    uid=entry.uid,
                )
                .first()
            )
            if row is None or row.state != State.PENDING:
                return  # delivered by an earlier poll
            self._deliver(self.connection, row, taken)
            row.state = State.DONE
            row.finished_at = timezone.now()
            row.save()
            self._renew_lease()

    def known_message_ids(self, mailbox: str, message_ids: Iterable[str]) -> set[str]:
        wanted = list(set(message_ids))
        return set(
            MailboxMessage.objects.filter(connection=self.connection, message_id__in=wanted)
            .exclude(state=State.STALE)
            .values_list("message_id", flat=True)
        )
