"""Read a taken message: the notice reader and the diagnosis, or the problem that stopped them.

Used by the sync in its own process and by ``aside.ReadAside`` in another.
"""

from __future__ import annotations

from datetime import date

from reinstate.errors import InputError
from reinstate.mailbox.imap import FetchedMessage
from reinstate.mailbox.ledger import Entry, Problem, Taken
from reinstate.notices import diagnose, read_message


def read_taken(entry: Entry, fetched: FetchedMessage, max_bytes: int, today: date | None) -> Taken:
    """The diagnosis of a fetched message, or the problem that stopped it."""
    try:
        message = read_message(fetched.raw, f"{entry.uid}.eml", max_bytes=max_bytes)
        diagnosis = diagnose(message, today=today)
    except InputError as exc:
        problem = Problem("unreadable", exc.message)
        return Taken(entry, fetched.raw, None, None, problem, fetched.reduced)
    except (RecursionError, MemoryError, ValueError, LookupError, UnicodeError) as exc:
        # Hostile mail that the readers do not turn into an InputError themselves: recorded on
        # the message, never a stopped watcher.
        problem = Problem("unreadable", f"the message could not be read ({type(exc).__name__})")
        return Taken(entry, fetched.raw, None, None, problem, fetched.reduced)
    return Taken(entry, fetched.raw, message, diagnosis, None, fetched.reduced)
