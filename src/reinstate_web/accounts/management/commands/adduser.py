"""Add a user to a company or appeal team from the shell (the team is created if new).

python -m reinstate_web adduser li@example.com --organisation "Brightway" --role owner
"""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reinstate_web.accounts import services
from reinstate_web.accounts.models import Membership, Organisation, User


class Command(BaseCommand):
    help = "Add a user to a company or appeal team (created when new); asks for a password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--organisation", required=True, help="Company or team name.")
        parser.add_argument("--kind", choices=Organisation.Kind.values, default="seller")
        parser.add_argument("--role", choices=Membership.Role.values, default="owner")
        parser.add_argument("--name", default="")
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = str(options["email"]).strip().lower()
        organisation, created = Organisation.objects.get_or_create(
            name=options["organisation"], defaults={"kind": options["kind"]}
        )
        if Membership.objects.filter(user__email=email, organisation=organisation).exists():
            raise CommandError(f"{email} is already a member of {organisation}.")
        password = ""
        if not User.objects.filter(email=email).exists():
            password = self._password(email, from_stdin=options["password_stdin"])
        services.add_member(
            organisation, email=email, role=options["role"], name=options["name"], password=password
        )
        what = "new" if created else "existing"
        self.stdout.write(
            f"{email} is {options['role']} of the {what} {organisation.kind} '{organisation}'."
        )

    def _password(self, email: str, *, from_stdin: bool) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if getpass.getpass("Password again: ") != password:
                raise CommandError("The two passwords differ.")
        try:
            password_validation.validate_password(password, User(email=email))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return password
