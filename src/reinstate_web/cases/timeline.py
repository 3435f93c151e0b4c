"""What each line of the case timeline and audit log says happened, in the reader's language.

An event's kind names the family ("Status changed", "Deadline set"); several apps record
their steps as notes with the facts in the event's data (who was assigned, which submission
went out and how, what Amazon's answer said). This reads those facts back into one line, so
the log says "Assigned to li@example.com" rather than "Note". Events whose data it does not
know keep the kind's name: nothing is ever hidden.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from reinstate.codes import SubmissionChannel, SubmissionKind, SubmissionState
from reinstate_web.cases import dates
from reinstate_web.cases.labels import category_label, status_label
from reinstate_web.cases.models import CaseEvent, Deadline
from reinstate_web.submissions.labels import CHANNEL_NAMES, KIND_NAMES, STATE_NAMES


def describe(event: CaseEvent) -> str:
    """One line for ``event``: its kind, and what its data says."""
    data: Mapping[str, Any] = event.data if isinstance(event.data, dict) else {}
    kind = event.kind
    if kind == CaseEvent.Kind.STATUS:
        return _("Status changed: %(status)s") % {"status": status_label(str(data.get("status")))}
    if kind == CaseEvent.Kind.DEADLINE and data.get("due_at"):
        return _("Deadline set: %(what)s, %(date)s") % {
            "what": _deadline_kind(data.get("deadline")),
            "date": dates.long_date(str(data["due_at"])),
        }
    if kind == CaseEvent.Kind.CATEGORY and data.get("category"):
        return _("Category chosen: %(category)s") % {
            "category": category_label(str(data["category"]))
        }
    if kind == CaseEvent.Kind.NOTE:
        described = _note(data)
        if described:
            return described
    return str(event.get_kind_display())


def _note(data: Mapping[str, Any]) -> str:
    if "assignee" in data:
        if data["assignee"]:
            return _("Assigned to %(person)s") % {"person": data["assignee"]}
        return _("No longer assigned to anyone")
    if "submission_kind" in data and "state" in data:
        return _("%(what)s: %(state)s (%(channel)s)") % {
            "what": _name(KIND_NAMES, data["submission_kind"], SubmissionKind),
            "state": _name(STATE_NAMES, data["state"], SubmissionState),
            "channel": _name(CHANNEL_NAMES, data.get("channel"), SubmissionChannel),
        }
    if "follow_up_offered" in data:
        if data["follow_up_offered"] == SubmissionKind.RECEIPT_CHECK.value:
            return _("No answer yet: a receipt check is now appropriate")
        return _("Still no answer: one reminder is now appropriate")
    if "follow_up_wait_hours" in data:
        return _(
            "Waiting times set: a receipt check after %(hours)s hours, a reminder after "
            "%(days)s days"
        ) % {"hours": data["follow_up_wait_hours"], "days": data.get("reminder_wait_days", "?")}
    if "send_again" in data:
        return _("The e-mail will be sent again")
    if "mailbox_message" in data:
        return _mailbox(data)
    if "second_opinion" in data:
        return _("Second opinion from the language model: %(category)s") % {
            "category": category_label(str(data["second_opinion"]))
        }
    return ""


def _mailbox(data: Mapping[str, Any]) -> str:
    # The same words as the mailbox card's headline for each outcome.
    outcome = data.get("reply_outcome") or ""
    if outcome == "reinstated":
        return _("Amazon reinstated the account or listing")
    if outcome == "more_info":
        return _("Amazon asks for more information")
    if outcome == "denied":
        return _("Amazon denied the appeal")
    if outcome == "acknowledged":
        return _("Amazon received the appeal and is reviewing it")
    if outcome:
        return _("A message from Amazon that is not a decision")
    return _("A new message from Amazon on the case")


def _name(names: Mapping[str, Any], code: object, codes: type) -> str:
    try:
        return str(names[codes(code).value])
    except (ValueError, KeyError):
        return str(code or "?")


def _deadline_kind(code: object) -> str:
    try:
        return str(Deadline.Kind(str(code)).label)
    except ValueError:
        return str(Deadline.Kind.OTHER.label)
