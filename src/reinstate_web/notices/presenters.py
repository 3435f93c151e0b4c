"""How a notice's diagnosis reads on the case page, in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reinstate.errors import InputError, TooLargeError


def unreadable_message(error: InputError) -> str:
    """One clear line for input the reader refused (nothing was stored)."""
    if isinstance(error, TooLargeError):
        return _("This message is too large to be an Amazon notice. Save only the message itself.")
    return _("Reinstate could not read this message: %(reason)s") % {"reason": error}
