"""E-mail threads the organisation knows: the Message-IDs of Amazon's notices added to its
cases and of the appeals it sent by e-mail, so that an answer in one of those threads is taken
and joins its case.

The records are found through the app registry by the field they share (``message_id``), so the
mailbox depends on no other app's models: each app that keeps Message-IDs is used as soon as it
is installed and has the field.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from reinstate_web.notices.models import Notice

# Records that may carry a Message-ID and belong to a case ("app_label.Model").
RECORDS = ("notices.Notice", "submissions.Submission")


def _has_message_id(model: type[models.Model]) -> bool:
    try:
        model._meta.get_field("message_id")
    except FieldDoesNotExist:
        return False
    return True


def records() -> list[type[models.Model]]:
    """The installed record models that have a ``message_id`` and a ``case``."""
    found = []
    for label in RECORDS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if _has_message_id(model):
            found.append(model)
    return found


def cases_in_threads(organisation_id: int, message_ids: Iterable[str]) -> list[tuple[int, str]]:
    """(case id, Message-ID) of the organisation's records among ``message_ids``."""
    wanted = [m for m in set(message_ids) if m]
    if not wanted:
        return []
    pairs: list[tuple[int, str]] = []
    for model in records():
        pairs += model._default_manager.filter(
            case__account__organisation_id=organisation_id, message_id__in=wanted
        ).values_list("case_id", "message_id")
    return pairs


def known_message_ids(organisation_id: int, message_ids: Iterable[str]) -> set[str]:
    return {message_id for _case, message_id in cases_in_threads(organisation_id, message_ids)}


def notice_of(organisation_id: int, message_id: str) -> Notice | None:
    """The organisation's notice that is this very message (added by hand, or taken before)."""
    if not message_id or not _has_message_id(Notice):
        return None
    return (
        Notice.objects.filter(case__account__organisation_id=organisation_id, message_id=message_id)
        .select_related("case")
        .first()
    )
