"""Invitations: an owner invites an e-mail address; only that address, signed in or newly signed
up through the link, can accept, once, before the link expires.

The owner learns nothing about the address: inviting never looks the address up, and the
answer is the same whether or not it has an account. The link goes only to the invited mailbox
(through Django's e-mail backend), so accepting proves the invitee reads that mailbox.

Example (a view passes how to turn the token into an absolute link)::

    invitation = invite(org, email="wang@example.com", role="specialist", invited_by=owner,
                        link_for=lambda token: f"https://reinstate.example.com/invitations/{token}/")
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from reinstate_web.accounts.models import Invitation, Membership, Organisation, TeamEvent, User
from reinstate_web.accounts.services import record

logger = logging.getLogger(__name__)

# How long a link works; the e-mail and the Team page say so.
INVITATION_DAYS = 7
# Longer than any token we make, shorter than anything worth hashing.
_TOKEN_MAX = 100


class InvitationError(Exception):
    """The invitation cannot be used (gone, expired, used, or for another address)."""


class WrongAddressError(InvitationError):
    """Someone signed in with another address tried to accept."""


class AlreadyRegisteredError(InvitationError):
    """Sign-up through the link for an address that already has an account."""


class NotSentError(Exception):
    """The e-mail could not be handed to the mail server; nothing was kept."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def pending(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations still waiting for an answer, newest first."""
    return organisation.invitations.filter(
        accepted_at=None, declined_at=None, revoked_at=None, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def invite(
    organisation: Organisation,
    *,
    email: str,
    role: str,
    invited_by: User,
    link_for: Callable[[str], str],
) -> Invitation:
    """Create an invitation and e-mail its link; a newer one replaces a pending one for the same
    address. Raises :class:`NotSentError` (and keeps nothing) when the mail server refuses."""
    email = email.strip().lower()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        pending(organisation).filter(email=email).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            token_digest=digest(token),
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
    try:
        _send(invitation, link_for(token))
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("invitation %s not sent: %s", invitation.pk, error)
        invitation.delete()
        raise NotSentError(str(error)) from error
    record(organisation, TeamEvent.Kind.INVITED, invited_by, email=email, role=role)
    return invitation


def _send(invitation: Invitation, link: str) -> None:
    """The invitation e-mail in the inviting owner's language (the active one)."""
    context = {
        "inviter": invitation.invited_by,
        "organisation": invitation.organisation,
        "role": invitation.get_role_display(),
        "email": invitation.email,
        "link": link,
        "expires_at": invitation.expires_at,
        "days": INVITATION_DAYS,
    }
    subject = render_to_string("accounts/invitation_email_subject.txt", context)
    body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
        fail_silently=False,
    )


def find(token: str) -> Invitation | None:
    """The pending invitation behind a link, or None (unknown, expired, used or withdrawn:
    the page says the same for all of them)."""
    if not token or len(token) > _TOKEN_MAX:
        return None
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_digest=digest(token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_pending else None


def is_for(invitation: Invitation, user: User) -> bool:
    return user.email.strip().lower() == invitation.email


@transaction.atomic
def accept(invitation: Invitation, user: User) -> Membership:
    """The invited address joins with the invited role (a member already keeps their role)."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_pending:
        raise InvitationError
    if not is_for(locked, user):
        raise WrongAddressError
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=locked.organisation, defaults={"role": locked.role}
    )
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    if created:
        record(locked.organisation, TeamEvent.Kind.JOINED, user, email=user.email, role=locked.role)
    return membership


@transaction.atomic
def sign_up_and_accept(invitation: Invitation, *, name: str, password: str) -> User:
    """A new user for the invited address, who joins at once (the link proved the mailbox)."""
    if User.objects.filter(email=invitation.email).exists():
        raise AlreadyRegisteredError
    user = User.objects.create_user(invitation.email, password, name=name)
    accept(invitation, user)
    return user


@transaction.atomic
def decline(invitation: Invitation, user: User | None) -> None:
    """Whoever holds the link may say no (they need no account for it)."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_pending:
        raise InvitationError
    locked.declined_at = timezone.now()
    locked.save(update_fields=["declined_at"])
    record(locked.organisation, TeamEvent.Kind.DECLINED, user, email=locked.email, role=locked.role)


@transaction.atomic
def revoke(invitation: Invitation, actor: User) -> None:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_pending:
        raise InvitationError
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    record(locked.organisation, TeamEvent.Kind.REVOKED, actor, email=locked.email, role=locked.role)
