"""Step 6: watch the seller's mailbox for Amazon's answer (pure: no Django).

    >>> from reinstate.mailbox import Password, Server, Session, sync
    >>> from reinstate.mailbox.state_file import FileLedger
    >>> server = Server("imap.qq.com", 993)
    >>> with Session(server, "me@qq.com", Password("code")) as s:  # doctest: +SKIP
    ...     report = sync(s, FileLedger(Path("mail.state")), "me@qq.com", "INBOX")

* ``imap``: one read-only IMAP session on imapclient (timeouts, EXAMINE, BODY.PEEK);
* ``senders``: whose mail is Amazon's (``knowledge/mailbox/senders.yaml``);
* ``envelope``: the few headers read for every new message;
* ``ledger``: what was taken, keyed on (mailbox, folder, UIDVALIDITY, UID) and Message-ID;
  ``state_file``: the ledger in a SQLite file, for the command line;
* ``sync``: one sync of one folder, safe to kill at any point;
* ``matching``: which case a message belongs to;
* ``providers``, ``oauth``: presets for QQ Mail, 163, Outlook and Gmail, and XOAUTH2 tokens;
* ``errors``: every failure as a ``MailboxError`` with a code, temporary or permanent.
"""

from __future__ import annotations

from reinstate.mailbox.errors import MailboxError, TemporaryMailboxError
from reinstate.mailbox.imap import (
    AccessToken,
    FolderStatus,
    Password,
    Secret,
    Server,
    Session,
    check_connection,
)
from reinstate.mailbox.ledger import Entry, FolderMark, Ledger, MemoryLedger, Problem, Taken
from reinstate.mailbox.matching import CaseOnFile, Incoming, Match, match, normal_subject
from reinstate.mailbox.sync import SyncOptions, SyncReport, sync

__all__ = [
    "AccessToken",
    "CaseOnFile",
    "Entry",
    "FolderMark",
    "FolderStatus",
    "Incoming",
    "Ledger",
    "MailboxError",
    "Match",
    "MemoryLedger",
    "Password",
    "Problem",
    "Secret",
    "Server",
    "Session",
    "SyncOptions",
    "SyncReport",
    "Taken",
    "TemporaryMailboxError",
    "check_connection",
    "match",
    "normal_subject",
    "sync",
]
