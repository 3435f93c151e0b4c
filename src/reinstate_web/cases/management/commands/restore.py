"""``python -m reinstate_web restore SRC`` (``reinstate restore SRC``): put a backup's database
and uploaded files in place, after checking every file's SHA-256 (docs/backups.md)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from reinstate_web.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore the database and the uploaded files from the backup SRC."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="The backup archive.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace this installation's people, cases and files when it has any.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = restore_backup(options["source"], force=options["force"])
        except BackupError as exc:
            sys.stderr.write(f"reinstate: error: {' '.join(exc.message.split())}\n")
            raise SystemExit(2) from None
        except (DatabaseError, sqlite3.Error) as exc:
            sys.stderr.write(
                f"reinstate: error: The database failed: {' '.join(str(exc).split())}\n"
            )
            raise SystemExit(2) from None
        except OSError as exc:
            name = f"{exc.filename}: " if exc.filename else ""
            sys.stderr.write(f"reinstate: error: {name}{exc.strerror or exc}\n")
            raise SystemExit(2) from None
        counts = restored.counts
        self.stdout.write(
            f"Restored the backup of {restored.created_at} ({restored.generator}): "
            f"{counts.get('users', 0):,} people, {counts.get('cases', 0):,} cases, "
            f"{restored.files:,} files; every file matched its SHA-256."
        )
        if restored.pending_migrations:
            self.stdout.write(
                "This version has newer database migrations: 'reinstate serve' applies them at "
                "start (or run 'python -m reinstate_web migrate')."
            )
