"""``python -m reinstate_web reencrypt_credentials``: re-encrypt every stored secret (Selling
Partner API credentials, mail passwords: the fields each model names in ``ENCRYPTED_FIELDS``)
with the newest key (the first of REINSTATE_ENCRYPTION_KEY).

Run it after putting a new key first in REINSTATE_ENCRYPTION_KEY, after setting a key for the
first time (secrets stored under the secret-key-derived key move to it), or after changing
REINSTATE_SECRET_KEY with the old one in REINSTATE_SECRET_KEY_FALLBACKS. Then older keys can be
dropped. Secrets no key opens are left alone and counted: those sellers connect again.
See docs/security.md.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import models, transaction

from reinstate_web.live import crypto


def encrypted_models() -> list[tuple[type[models.Model], tuple[str, ...]]]:
    """Every model that stores secrets, with the names of its encrypted fields."""
    found = []
    for model in apps.get_models():
        fields = getattr(model, "ENCRYPTED_FIELDS", ())
        if fields:
            found.append((model, tuple(fields)))
    return sorted(found, key=lambda item: item[0]._meta.label)


class Command(BaseCommand):
    help = "Re-encrypt stored credentials and passwords with the newest encryption key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only count what would change; exit with status 1 if anything would.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check = bool(options["check"])
        moved = current = unreadable = 0
        with transaction.atomic():
            for model, fields in encrypted_models():
                for connection in model._default_manager.select_for_update().order_by("pk"):
                    tokens = {name: str(getattr(connection, name)) for name in fields}
                    if all(crypto.is_current(token) for token in tokens.values()):
                        current += 1
                        continue
                    try:
                        rotated = {name: crypto.rotate(token) for name, token in tokens.items()}
                    except crypto.SecretUnreadable:
                        unreadable += 1
                        continue
                    moved += 1
                    if not check:
                        for name, token in rotated.items():
                            setattr(connection, name, token)
                        connection.save(update_fields=list(fields))
        verb = "would be re-encrypted" if check else "re-encrypted"
        self.stdout.write(
            f"{moved} connection(s) {verb} with the newest key; {current} already used it; "
            f"{unreadable} unreadable with every configured key (those sellers connect again)."
        )
        if not crypto.uses_own_key():
            self.stdout.write(
                "REINSTATE_ENCRYPTION_KEY is empty: the key is derived from the secret key. "
                "Set a key of its own to keep the two apart (docs/security.md)."
            )
        if check and moved:
            raise SystemExit(1)
