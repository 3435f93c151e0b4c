"""Seller data on disk is readable by its owner only: folders 0700, files 0600.

The settings module calls :func:`keep_private` once at start-up. It sets the process's umask to
077, so everything the app, the job worker and the web server create from then on (the SQLite
database and its WAL files, the job queue, uploads, charts, temporary files) is owner-only
whichever library writes it; and it tightens the data folder and the files the app itself named,
which an older version may have created readable by others.

Only what the current user owns is changed: a data folder shared on purpose by its owner (for a
backup user, say) is reported, not taken over.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path

logger = logging.getLogger(__name__)

PRIVATE_UMASK = 0o077
FOLDER_MODE = 0o700
FILE_MODE = 0o600
# SQLite's companions of a database file: created with the database's own mode.
_SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def tighten(path: Path, mode: int) -> bool:
    """Make ``path`` owner-only when it exists, is ours and others can reach it.

    Returns True when the mode was changed.

    >>> tighten(Path("/nonexistent"), 0o600)
    False
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode) or not stat.S_IMODE(info.st_mode) & 0o077:
        return False
    if info.st_uid != os.getuid():
        logger.warning("%s is readable by others and owned by another user: left as it is", path)
        return False
    path.chmod(mode)
    return True


def private_folder(path: Path) -> Path:
    """Create ``path`` (and its parents) as 0700, or tighten it when it already exists."""
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    tighten(path, FOLDER_MODE)
    return path


def sqlite_files(database: Path) -> list[Path]:
    """The database file and the companions SQLite keeps beside it."""
    return [database.with_name(database.name + suffix) for suffix in _SQLITE_SUFFIXES]


def keep_private(data_dir: Path, folders: Iterable[Path] = (), files: Iterable[Path] = ()) -> None:
    """Owner-only from now on (umask 077) and for what exists: the data folder, ``folders``
    (0700) and ``files`` (0600)."""
    os.umask(PRIVATE_UMASK)
    private_folder(data_dir)
    for folder in folders:
        private_folder(folder)
    for file in files:
        tighten(file, FILE_MODE)
