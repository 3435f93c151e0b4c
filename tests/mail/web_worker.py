"""A job worker of the web app in a process of its own, for the crash tests: it polls a mailbox
as the huey worker does and, when asked, kills itself with SIGKILL at a chosen point.

    python -m tests.mail.web_worker setup HOST PORT USER PASSWORD NOTICE_MESSAGE_ID
    python -m tests.mail.web_worker poll [--kill-at ledger|notice|told]
    python -m tests.mail.web_worker state

Its data folder is REINSTATE_DATA_DIR (SQLite, uploads and the e-mail outbox).
"""

from __future__ import annotations

import json
import os
import signal
import sys
from datetime import timedelta
from typing import Any


def _die(*_args: Any, **_kwargs: Any) -> Any:
    os.kill(os.getpid(), signal.SIGKILL)


def _kill_at(point: str) -> None:
    """Patch the worker so that it dies at ``point``:

    * ``ledger``: the new messages are recorded in the ledger, no body is fetched yet;
    * ``notice``: inside the delivery transaction, the Notice and its file are written and the
      case is about to move (nothing of it is committed);
    * ``told``: the delivery committed; the people are not told yet.
    """
    from reinstate.mailbox import imap
    from reinstate_web.mailbox import delivery, notify, services

    if point == "ledger":
        imap.Session.message = _die  # type: ignore[method-assign]
    elif point == "notice":
        delivery.move_case = _die
    elif point == "told":
        notify.send_pending = _die
        services.notify.send_pending = _die
    else:
        raise SystemExit(f"unknown kill point {point}")


def setup(host: str, port: str, user: str, password: str, notice_id: str) -> None:
    from django.core.management import call_command

    from reinstate_web.accounts.models import Membership, Organisation, User
    from reinstate_web.cases import services as case_services
    from reinstate_web.cases.models import Case, SellerAccount
    from reinstate_web.mailbox import services
    from reinstate_web.notices.services import add_notice
    from tests.mail import messages

    call_command("migrate", interactive=False, verbosity=0)
    organisation = Organisation.objects.create(name="Crash Test Trading")
    owner = User.objects.create_user("owner@example.com", "correct horse battery staple")
    Membership.objects.create(user=owner, organisation=organisation, role="owner")
    account = SellerAccount.objects.create(organisation=organisation, store_name="Crash Store")
    case = case_services.open_case(account, title="Waiting for Amazon", actor=owner)
    add_notice(case, messages.notice(msgid=notice_id), "notice.eml", actor=owner)
    Case.objects.filter(pk=case.pk).update(status="awaiting_reply")
    mailbox = services.MailboxSettings("other", host, int(port), False, user)
    services.connect_with_password(account, mailbox, password, actor=owner)


def poll(kill_at: str | None) -> None:
    from django.utils import timezone

    from reinstate_web.mailbox import services
    from reinstate_web.mailbox.models import MailboxConnection

    # A worker killed earlier left its lease: the next one starts once it has run out.
    MailboxConnection.objects.update(lease_until=timezone.now() - timedelta(seconds=1))
    if kill_at:
        _kill_at(kill_at)
    for connection_id in MailboxConnection.objects.values_list("pk", flat=True):
        services.poll(connection_id)


def state() -> None:
    from reinstate_web.cases.models import Case
    from reinstate_web.mailbox.models import MailboxMessage
    from reinstate_web.notices.models import Notice

    case = Case.objects.get()
    print(
        json.dumps(
            {
                "status": case.status,
                "replies": sorted(
                    Notice.objects.filter(kind="reply").values_list("reply_outcome", flat=True)
                ),
                "ledger": sorted(MailboxMessage.objects.values_list("state", flat=True)),
                "told": MailboxMessage.objects.filter(notified_at__isnull=False).count(),
            }
        )
    )


def main(argv: list[str]) -> None:
    import django

    django.setup()
    command, *args = argv
    if command == "setup":
        setup(*args)
    elif command == "poll":
        poll(args[1] if args[:1] == ["--kill-at"] else None)
    elif command == "state":
        state()
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reinstate_web.settings")
    main(sys.argv[1:])
