"""``reinstate-web api_token create EMAIL NAME`` / ``api_token revoke EMAIL ID`` / ``list``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reinstate.errors import InputError
from reinstate_web.accounts.models import User
from reinstate_web.api import tokens
from reinstate_web.api.models import ApiToken


class Command(BaseCommand):
    help = "Make, list or revoke a person's API tokens (only the token's SHA-256 is kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="make a token and print it once")
        create.add_argument("email")
        create.add_argument("name")
        create.add_argument(
            "--scope",
            action="append",
            choices=tokens.SCOPES,
            help="read, write (default both), export, delete; repeat for several",
        )
        create.add_argument("--days", type=int, default=90, help="0: never expires")
        listing = sub.add_parser("list", help="a person's tokens")
        listing.add_argument("email")
        revoke = sub.add_parser("revoke", help="revoke one token by its id")
        revoke.add_argument("email")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"no user with the e-mail {options['email']}")
        action = options["action"]
        if action == "create":
            days = options["days"] or None
            try:
                row, secret = tokens.create_token(
                    user,
                    options["name"],
                    scopes=options["scope"] or tokens.DEFAULT_SCOPES,
                    days=days,
                )
            except InputError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(secret)
            expires = row.expires_at.isoformat() if row.expires_at else "never"
            self.stderr.write(f"token {row.pk} ({','.join(row.scopes)}), expires {expires}")
        elif action == "list":
            for row in ApiToken.objects.filter(user=user):
                state = "revoked" if row.revoked_at else ("usable" if row.usable() else "expired")
                self.stdout.write(f"{row.pk}\t{row.prefix}…\t{row.name}\t{state}")
        elif not tokens.revoke_token(user, options["token_id"]):
            raise CommandError("no such usable token for this person")
