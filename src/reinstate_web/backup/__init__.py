"""Backups of a whole installation: the database and the uploaded files, in one archive.

``reinstate backup DEST`` and ``reinstate restore SRC`` (the ``backup`` and ``restore``
management commands) call :func:`make_backup` and :func:`restore_backup`.

An archive is a gzip-compressed tar: ``database/`` (an SQLite copy made with SQLite's online
backup, or a ``pg_dump`` custom-format dump), ``uploads/`` (the owner-only private files folder,
``MEDIA_ROOT``) and ``manifest.json`` last, naming every file with its size and SHA-256. With
``REINSTATE_BACKUP_KEY`` set the archive is encrypted with age (X25519, through ``pyrage``):
see docs/security.md.
"""

from __future__ import annotations

from reinstate_web.backup.archive import BackupError
from reinstate_web.backup.run import Restored, make_backup, restore_backup

__all__ = ["BackupError", "Restored", "make_backup", "restore_backup"]
