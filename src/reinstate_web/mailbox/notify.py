"""Telling people what the watcher found: an e-mail to each owner and specialist of the
organisation (and the case's assignee), in their own language, after the delivery committed.

A message is marked told only after its e-mails went out, so a worker stopped in between tells
again on the next poll (at least once); a mail server that keeps failing is retried for a day.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reinstate_web.accounts.models import Membership, User
from reinstate_web.cases.access import EDIT_ROLES
from reinstate_web.mailbox import presenters
from reinstate_web.mailbox.models import MailboxMessage

logger = logging.getLogger(__name__)
RETRY_FOR = timedelta(days=1)


def people_to_tell(message: MailboxMessage) -> list[User]:
    case = message.case
    if case is None:
        return []
    organisation = case.account.organisation_id
    people = list(
        User.objects.filter(
            memberships__organisation_id=organisation,
            memberships__role__in=EDIT_ROLES,
            is_active=True,
        ).distinct()
    )
    if case.assignee is not None and case.assignee not in people and case.assignee.is_active:
        is_member = Membership.objects.filter(
            user=case.assignee, organisation_id=organisation
        ).exists()
        if is_member:
            people.append(case.assignee)
    return [p for p in people if p.email]


def _language(user: User) -> str:
    return user.language or str(settings.LANGUAGE_CODE)


def _email(message: MailboxMessage, user: User) -> tuple[str, str]:
    with translation.override(_language(user)):
        view = presenters.present_message(message)
        site = message.connection.site_url.rstrip("/")
        path = reverse("cases:detail", kwargs={"pk": message.case_id}) if message.case_id else ""
        subject = _("Reinstate: %(headline)s") % {"headline": view["headline"]}
        body = render_to_string(
            "mailbox/email_found.txt",
            {"view": view, "link": f"{site}{path}" if site else path, "user": user},
        )
    return " ".join(subject.split())[:200], body


def send_pending(connection_id: int) -> int:
    """E-mail the people about every message of the connection not yet told; how many."""
    since = timezone.now() - RETRY_FOR
    pending = (
        MailboxMessage.objects.filter(
            connection_id=connection_id,
            notify=True,
            notified_at__isnull=True,
            recorded_at__gte=since,
        )
        .select_related("connection", "case", "case__account", "case__assignee", "notice")
        .order_by("id")
    )
    told = 0
    for message in pending:
        try:
            for user in people_to_tell(message):
                subject, body = _email(message, user)
                send_mail(subject, body, None, [user.email])
        except (smtplib.SMTPException, OSError) as exc:
            logger.warning(
                "mailbox %s: could not e-mail about message %s: %s", connection_id, message.pk, exc
            )
            continue
        MailboxMessage.objects.filter(pk=message.pk).update(notified_at=timezone.now())
        told += 1
    return told
