"""Template context of the mailbox blocks: the dashboard (every watched mailbox and what it
found lately), the case (step 6: when the mailbox was last checked, Amazon's answers on this
case) and the seller account page (the connection). Rendered through
``templatetags/mailbox_tags.py`` so that other apps only include a template tag."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from reinstate_web.accounts.models import Membership, User
from reinstate_web.cases.access import EDIT_ROLES, accounts_for, can_edit
from reinstate_web.cases.memo import per_page
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.mailbox import oauth, presenters
from reinstate_web.mailbox.models import MailboxConnection, MailboxMessage

# The dashboard lists what the watcher found in this many days.
RECENT = timedelta(days=14)
# The dashboard names this many mailboxes (and accounts not watched yet) and counts the rest.
MAILBOXES_SHOWN = 10


def _found(messages: Any) -> list[dict[str, Any]]:
    return [presenters.present_message(m) for m in messages]


def dashboard_context(user: User) -> dict[str, Any]:
    accounts = accounts_for(user)
    connections = list(
        MailboxConnection.objects.filter(account__in=accounts).select_related("account")
    )
    found: Any = []
    if connections:  # each message was found by one of them (CASCADE): with none, none found
        found = (
            MailboxMessage.objects.filter(
                connection__account__in=accounts,
                state=MailboxMessage.State.DONE,
                case__isnull=False,
                finished_at__gte=timezone.now() - RECENT,
            )
            .exclude(match_rule="already_on_case")
            .select_related("connection", "case", "case__account", "notice")
            .order_by("-finished_at", "-id")[:10]
        )
    # A team watching hundreds of mailboxes sees those that need someone first, and a count of
    # the others; the seller accounts not watched yet likewise (the first few by name).
    presented = sorted(
        (m for c in connections if (m := presenters.present_connection(c))),
        key=lambda m: (m["healthy"], m["address"]),
    )
    unwatched = accounts.exclude(pk__in=MailboxConnection.objects.values("account_id"))
    unwatched_shown = list(unwatched.order_by("store_name", "pk")[:MAILBOXES_SHOWN])
    return {
        "mailbox_connections": presented[:MAILBOXES_SHOWN],
        "mailbox_connections_more": max(0, len(presented) - MAILBOXES_SHOWN),
        "mailbox_found": _found(found),
        "mailbox_unwatched": unwatched_shown,
        "mailbox_unwatched_more": (
            unwatched.count() - len(unwatched_shown)
            if len(unwatched_shown) == MAILBOXES_SHOWN
            else 0
        ),
    }


@per_page  # the case's panel and step 6's words (mailbox_watched) both ask
def connection_of(account_id: int) -> MailboxConnection | None:
    return MailboxConnection.objects.filter(account_id=account_id).first()


@per_page  # the case's panel and its status line both ask
def case_context(case: Case, user: User) -> dict[str, Any]:
    connection = connection_of(case.account_id)
    found = (
        MailboxMessage.objects.filter(case=case, state=MailboxMessage.State.DONE)
        .select_related("connection", "case", "case__account", "notice")
        .order_by("-finished_at", "-id")[:10]
    )
    return {
        "mailbox": presenters.present_connection(connection),
        "mailbox_found": _found(found),
        "mailbox_can_edit": can_edit(user, case),
        "mailbox_account": case.account,
    }


def account_context(account: SellerAccount, user: User) -> dict[str, Any]:
    editor = Membership.objects.filter(
        user=user, organisation_id=account.organisation_id, role__in=EDIT_ROLES
    ).exists()
    connection = MailboxConnection.objects.filter(account=account).first()
    unattached = (
        MailboxMessage.objects.filter(connection=connection, match_rule="not_attached").order_by(
            "-recorded_at"
        )[:10]
        if connection is not None
        else []
    )
    return {
        "mailbox": presenters.present_connection(connection),
        "mailbox_can_edit": editor,
        "mailbox_account": account,
        "mailbox_unattached": list(unattached),
        "mailbox_oauth": {
            "google": oauth.configured("google"),
            "microsoft": oauth.configured("microsoft"),
        },
    }
