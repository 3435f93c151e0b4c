"""Business operations of a hand-over: the seller escalates a case to a professional team (one
they already work with, or one they invite by e-mail), the team accepts or declines, the seller
revokes access at any time.

Consent is the seller's: escalating is granting, and the e-mail or the team's request list says
so. Nothing of the case is shown to the team until one of its members accepts (the request
shows the store, the kind of case, the marketplace, the next deadline and the seller's message).
Every step is written on the case's timeline and audit log.

Example (a view passes how to turn the e-mailed token into an absolute link)::

    grant = escalate(case, actor=seller, email="team@appeals.example",
                     link_for=lambda token: f"https://reinstate.example/handover/{token}/")
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
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from reinstate.workflow import FINAL, Status, can_transition
from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases import services as case_services
from reinstate_web.cases.access import EDIT_ROLES, organisations_for
from reinstate_web.cases.models import Case, CaseEvent
from reinstate_web.teams.models import CaseGrant

logger = logging.getLogger(__name__)

LINK_DAYS = 7
_TOKEN_MAX = 100


class HandOverError(Exception):
    """The hand-over cannot be done; ``code`` says why (the view turns it into a sentence)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class NotSentError(Exception):
    """The e-mail could not be handed to the mail server; nothing was kept."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def live_grant(case: Case) -> CaseGrant | None:
    """The case's offered or active hand-over (one at a time), or None."""
    return (
        CaseGrant.objects.filter(case=case, state__in=CaseGrant.LIVE)
        .select_related("team", "created_by", "answered_by")
        .first()
    )


def known_teams(user: User, case: Case) -> QuerySet[Organisation]:
    """Teams the seller already works with: those that had (or have) a hand-over of any case of
    the seller's organisations, besides the case's own organisation. Nothing else is listed:
    Reinstate keeps no public directory of teams."""
    own = organisations_for(user)
    worked = CaseGrant.objects.filter(
        case__account__organisation__in=own, team__isnull=False
    ).values("team_id")
    return (
        Organisation.objects.filter(pk__in=worked)
        .exclude(pk=case.account.organisation_id)
        .order_by("name")
    )


def _escalate_status(case: Case, actor: User | None) -> None:
    if case.status_enum is not Status.ESCALATED and can_transition(
        case.status_enum, Status.ESCALATED
    ):
        case_services.change_status(case, Status.ESCALATED, actor=actor)


def _check_can_hand_over(case: Case) -> None:
    if case.status_enum in FINAL:
        raise HandOverError("closed")
    if live_grant(case) is not None:
        raise HandOverError("already")


def escalate_to_team(
    case: Case, team: Organisation, *, actor: User, message: str = ""
) -> CaseGrant:
    """Offer the case to a team the seller already works with; its members accept or decline
    from their workspace."""
    _check_can_hand_over(case)
    if team.pk == case.account.organisation_id:
        raise HandOverError("own")
    try:
        with transaction.atomic():
            grant = CaseGrant.objects.create(
                case=case, team=team, message=message.strip(), created_by=actor
            )
            _escalate_status(case, actor)
            case_services.record(
                case, CaseEvent.Kind.HANDOVER, actor, team=team.name, state=grant.state
            )
    except IntegrityError as exc:  # a second hand-over at the same moment
        raise HandOverError("already") from exc
    return grant


def escalate_by_email(
    case: Case,
    *,
    email: str,
    actor: User,
    link_for: Callable[[str], str],
    message: str = "",
) -> CaseGrant:
    """Invite a team by e-mail: a single-use link (7 days) that only that address can accept,
    for a team of theirs. Raises :class:`NotSentError` (and keeps nothing) when the mail server
    refuses."""
    _check_can_hand_over(case)
    token = secrets.token_urlsafe(32)
    address = email.strip().lower()
    try:
        with transaction.atomic():
            grant = CaseGrant.objects.create(
                case=case,
                email=address,
                token_digest=digest(token),
                expires_at=timezone.now() + timedelta(days=LINK_DAYS),
                message=message.strip(),
                created_by=actor,
            )
    except IntegrityError as exc:
        raise HandOverError("already") from exc
    try:
        _send(grant, link_for(token))
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("hand-over %s not sent: %s", grant.pk, error)
        grant.delete()
        raise NotSentError(str(error)) from error
    with transaction.atomic():
        _escalate_status(case, actor)
        case_services.record(case, CaseEvent.Kind.HANDOVER, actor, email=address, state=grant.state)
    return grant


def _send(grant: CaseGrant, link: str) -> None:
    """The invitation in the seller's language (the active one)."""
    case = grant.case
    context = {
        "seller": grant.created_by,
        "store": case.account.store_name,
        "case": case,
        "message": grant.message,
        "link": link,
        "days": LINK_DAYS,
        "email": grant.email,
    }
    subject = render_to_string("teams/handover_email_subject.txt", context)
    body = render_to_string("teams/handover_email.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [grant.email],
        fail_silently=False,
    )


def find_by_token(token: str) -> CaseGrant | None:
    """The waiting hand-over behind an e-mailed link, or None (unknown, expired, answered or
    revoked: the page says the same for all of them)."""
    if not token or len(token) > _TOKEN_MAX:
        return None
    grant = (
        CaseGrant.objects.select_related("case", "case__account", "created_by")
        .filter(token_digest=digest(token), state=CaseGrant.State.OFFERED, team__isnull=True)
        .first()
    )
    return None if grant is None or grant.link_expired else grant


def is_for(grant: CaseGrant, user: User) -> bool:
    return bool(grant.email) and user.email.strip().lower() == grant.email


def teams_to_accept_for(user: User) -> QuerySet[Organisation]:
    """The organisations in which ``user`` may accept a case (owner or specialist)."""
    return organisations_for(user, edit=True).order_by("name")


def _can_act_for(user: User, team: Organisation) -> bool:
    return Membership.objects.filter(user=user, organisation=team, role__in=EDIT_ROLES).exists()


@transaction.atomic
def accept(grant: CaseGrant, *, actor: User, team: Organisation) -> CaseGrant:
    """A team member takes the case: the team's members reach it from now on, and the member who
    accepted is its specialist until someone else is assigned."""
    locked = CaseGrant.objects.select_for_update().select_related("case").get(pk=grant.pk)
    if locked.state != CaseGrant.State.OFFERED or locked.link_expired:
        raise HandOverError("gone")
    if locked.team_id is None and not is_for(locked, actor):
        raise HandOverError("wrong_address")
    if locked.team_id is not None and locked.team_id != team.pk:
        raise HandOverError("gone")
    if not _can_act_for(actor, team) or team.pk == locked.case.account.organisation_id:
        raise HandOverError("not_allowed")
    locked.team = team
    locked.state = CaseGrant.State.ACTIVE
    locked.answered_by, locked.answered_at = actor, timezone.now()
    locked.token_digest = None  # the link works once
    locked.save(update_fields=["team", "state", "answered_by", "answered_at", "token_digest"])
    case = locked.case
    case_services.record(case, CaseEvent.Kind.ACCESS, actor, team=team.name, state=locked.state)
    case_services.assign(case, actor, actor=actor)
    return locked


@transaction.atomic
def decline(grant: CaseGrant, *, actor: User | None) -> CaseGrant:
    locked = (
        CaseGrant.objects.select_for_update(of=("self",))
        .select_related("case", "team")
        .get(pk=grant.pk)
    )
    if locked.state != CaseGrant.State.OFFERED:
        raise HandOverError("gone")
    locked.state = CaseGrant.State.DECLINED
    locked.answered_by, locked.answered_at = actor, timezone.now()
    locked.token_digest = None
    locked.save(update_fields=["state", "answered_by", "answered_at", "token_digest"])
    who = locked.team.name if locked.team else locked.email
    case_services.record(locked.case, CaseEvent.Kind.ACCESS, actor, team=who, state=locked.state)
    return locked


@transaction.atomic
def revoke(grant: CaseGrant, *, actor: User) -> CaseGrant:
    """The seller takes the case back (offered or active): the team reaches nothing of it from
    now on, and a team specialist assigned to it is unassigned."""
    locked = (
        CaseGrant.objects.select_for_update(of=("self",))
        .select_related("case", "team")
        .get(pk=grant.pk)
    )
    if not locked.is_live:
        raise HandOverError("gone")
    locked.state = CaseGrant.State.REVOKED
    locked.revoked_by, locked.revoked_at = actor, timezone.now()
    locked.token_digest = None
    locked.save(update_fields=["state", "revoked_by", "revoked_at", "token_digest"])
    case = locked.case
    who = locked.team.name if locked.team else locked.email
    case_services.record(case, CaseEvent.Kind.ACCESS, actor, team=who, state=locked.state)
    assignee = case.assignee
    if (
        locked.team is not None
        and assignee is not None
        and not Membership.objects.filter(
            user=assignee, organisation_id=case.account.organisation_id
        ).exists()
    ):
        case_services.assign(case, None, actor=actor)
    return locked


def assign(case: Case, specialist: User | None, *, actor: User, team: Organisation) -> Case:
    """A team (or the seller's own organisation, ``team`` being it) hands the case to one of its
    owners or specialists, or to nobody."""
    if specialist is not None and not _can_act_for(specialist, team):
        raise HandOverError("not_a_specialist")
    if case.assignee_id == (specialist.pk if specialist else None):
        return case
    return case_services.assign(case, specialist, actor=actor)
