"""The one-line messages of step 5 and the wait, in the reader's language (refusals by code)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reinstate.errors import ReinstateError
from reinstate.submit import AppealPending
from reinstate_web.submissions import labels


def pending(exc: AppealPending) -> str:
    when = (
        date_format(timezone.localtime(exc.submitted_at), "DATETIME_FORMAT")
        if exc.submitted_at
        else ""
    )
    return _(
        "Amazon is still reviewing the appeal submitted on %(when)s. A second appeal on the same "
        "enforcement counts as a duplicate contact: it can put your case at the back of the "
        "queue, and repeated contacts can themselves lead to a deactivation. Wait for Amazon's "
        "answer; if none comes, step 6 offers one short receipt check in the same thread."
    ) % {"when": when}


def refusal(exc: ReinstateError) -> str:
    if isinstance(exc, AppealPending):
        return pending(exc)
    known = {
        "closed": _("This case is closed: Amazon has reinstated the account or listing."),
        "no_letter": _("Write the appeal in step 2 first."),
        "not_configured": _(
            "Add the sending settings of the registered mailbox first (the seller account's page "
            "→ Sending e-mail)."
        ),
        "no_sender": _(
            "The seller account has no registered e-mail address: add it on the account's page."
        ),
        "not_amazon": _(
            "Reinstate sends appeals only to Amazon's own addresses (…@amazon.com, "
            "…@amazon.co.uk and the other Amazon sites)."
        ),
        "bad_address": _("That is not an e-mail address."),
        "letter_not_ready": _(
            "The letter still has blanks or suggestions you have not confirmed, or the check says "
            "it is not ready: fix it in steps 2 and 4 before Reinstate sends it."
        ),
        "too_large": _("The files are too large for one e-mail: send fewer or smaller files."),
        "attachment_type": _("Amazon takes PDF, JPG, PNG or GIF files only."),
        "attachment_content": _(
            "One of the files is not what its name says (for example a Word file renamed .pdf)."
        ),
        "nothing_to_follow_up": _("No appeal is waiting for an answer."),
        "follow_up_not_due": _("It is too early: wait until the time shown in step 6."),
        "answered": _(
            "Amazon has already answered this appeal: read the answer in step 6 instead of "
            "writing again."
        ),
        "follow_up_sent": _(
            "The follow-up already went. Writing again before the next wait is over would count "
            "as a duplicate contact."
        ),
        "follow_up_in_flight": _("A follow-up is already on its way to Amazon."),
        "not_email": _("This channel is a page in Seller Central: paste the letter there."),
        "not_unconfirmed": _("This e-mail is not waiting for your check."),
        "not_failed": _("This e-mail is not waiting to be sent again."),
        "tls_required": _(
            "An unencrypted connection is only allowed to a mail relay on this machine: choose "
            "STARTTLS or SSL/TLS."
        ),
        "password_missing": _("Enter the password or app password."),
    }
    message = known.get(exc.code)
    if message is not None:
        if exc.code in ("attachment_type", "attachment_content"):
            name = exc.message.split(":", 1)[0]
            return f"{name}: {message}"
        return message
    return _("This could not be done: %(reason)s") % {"reason": exc.message}


def send_error(code: str) -> str:
    return labels.send_error(code)


def recorded() -> str:
    return _(
        "Recorded: Reinstate keeps exactly what you submitted. Now wait for Amazon's answer "
        "(step 6)."
    )


def follow_up_recorded() -> str:
    return _("Recorded. Now wait for Amazon's answer: do not write again before step 6 says so.")


def nothing_to_follow_up() -> str:
    return _("No appeal is waiting for an answer.")


def wait_saved() -> str:
    return _("The waits are saved.")


def sending_saved() -> str:
    return _("Sending settings saved. Press “Test the settings” to check them.")


def sending_works() -> str:
    return _("The mail server accepted the settings: Reinstate can send from this address.")


def sending_deleted() -> str:
    return _("The sending settings and the stored password are deleted.")
