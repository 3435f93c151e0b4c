"""How the watcher's findings and health read, in the reader's language (pages and e-mails)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reinstate.errors import KnowledgeBaseError
from reinstate.notices import labels
from reinstate.workflow import Status
from reinstate_web.cases.labels import STATUS_NAMES
from reinstate_web.mailbox import labels as mailbox_labels
from reinstate_web.mailbox.models import MailboxConnection, MailboxMessage


def _lang() -> str:
    return get_language() or "en"


def _label(kind: str, code: str) -> str:
    try:
        return labels.label(kind, code, _lang())
    except KnowledgeBaseError:
        return code


def headline(message: MailboxMessage) -> str:
    """One line: what arrived."""
    if message.problem_code and message.problem_code != "gone":
        return _("A message from Amazon could not be read")
    if message.kind == "reply":
        return {
            "reinstated": _("Amazon reinstated the account or listing"),
            "more_info": _("Amazon asks for more information"),
            "denied": _("Amazon denied the appeal"),
            "acknowledged": _("Amazon received the appeal and is reviewing it"),
        }.get(message.reply_outcome, _("A message from Amazon that is not a decision"))
    if message.opened_case:
        return _("A new notice from Amazon: a new case was opened")
    return _("A new message from Amazon on the case")


def meaning(message: MailboxMessage) -> str:
    """What the seller does next."""
    if message.problem_code and message.problem_code != "gone":
        return _(
            "Reinstate kept the message on the case but could not read it. Open it in your "
            "mailbox and read it yourself."
        )
    if message.kind != "reply":
        return _("Open the case: Reinstate explains the notice and what Amazon wants.")
    return {
        "reinstated": _(
            "The case is closed. Keep the measures of your plan running so it does not happen "
            "again."
        ),
        "more_info": _(
            "Answer exactly what Amazon asks, in the same place as the appeal: revise the "
            "letter and add the documents listed."
        ),
        "denied": _(
            "Read Amazon's reasons, then revise the letter once more where Amazon allows it, or "
            "ask an appeal specialist for help."
        ),
        "acknowledged": _(
            "Wait for the decision and do not send the appeal again: a second appeal slows "
            "the review down."
        ),
    }.get(
        message.reply_outcome,
        _(
            "Not a decision on the appeal (for example a case closed by Seller Support, or "
            "“accepted, but the account remains deactivated”): read it on the case."
        ),
    )


def asks(message: MailboxMessage) -> list[dict[str, str]]:
    """The documents Amazon asks for (a request for more information), with what makes each
    acceptable."""
    notice = message.notice
    if notice is None or message.reply_outcome != "more_info":
        return []
    found = []
    for code in notice.diagnosis.get("requested_documents") or ():
        try:
            hint = labels.hint(str(code), _lang())
        except KnowledgeBaseError:
            hint = ""
        found.append({"name": _label("document", str(code)), "hint": hint})
    return found


def present_message(message: MailboxMessage) -> dict[str, Any]:
    case = message.case
    moved = ""
    if message.moved_to:
        try:
            moved = str(STATUS_NAMES[Status(message.moved_to)])
        except (KeyError, ValueError):
            moved = message.moved_to
    return {
        "message": message,
        "headline": headline(message),
        "meaning": meaning(message),
        "asks": asks(message),
        "outcome": _label("reply_outcome", message.reply_outcome) if message.reply_outcome else "",
        "case": case,
        "case_title": case.display_title if case is not None else "",
        "moved_to": moved,
        "rule": mailbox_labels.match_rule(message.match_rule),
        "subject": message.subject,
        "sender": message.sender,
        "when": message.finished_at or message.recorded_at,
        "mailbox": message.connection.username,
    }


def overdue_after() -> timedelta:
    """How long without a successful check before the page says the watcher has stopped."""
    return timedelta(minutes=3 * int(settings.MAILBOX_POLL_MINUTES) + 10)


def present_connection(
    connection: MailboxConnection | None, now: datetime | None = None
) -> dict[str, Any] | None:
    if connection is None:
        return None
    now = now or timezone.now()
    checked = connection.last_success_at
    since = checked or connection.connected_at
    stopped = connection.enabled and since is not None and now - since > overdue_after()
    return {
        "connection": connection,
        "address": connection.username,
        "provider": connection.get_provider_display(),
        "oauth": connection.auth == MailboxConnection.Auth.OAUTH,
        "last_checked": checked,
        "failing": connection.failing,
        "error": (
            mailbox_labels.error_message(connection.last_error_code, connection.provider)
            if connection.failing
            else ""
        ),
        "error_at": connection.last_error_at,
        "stopped": stopped,
        "healthy": connection.enabled and not connection.failing and not stopped,
    }
