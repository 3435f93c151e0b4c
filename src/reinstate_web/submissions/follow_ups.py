"""The follow-up rule on a case: the waits (organisation, then case), when the one receipt check
becomes appropriate, its text, and the offer that tells the seller (once per step).

Time is passed in (``now``) by every caller: the periodic job, the page, the tests.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reinstate.codes import SubmissionKind, SubmissionMethod, SubmissionState
from reinstate.submit import (
    FollowUpDue,
    FollowUpRule,
    FollowUpText,
    follow_up_text,
    guide,
    next_follow_up,
)
from reinstate.submit.follow_up import IN_FLIGHT, WENT_OUT
from reinstate.workflow import Status
from reinstate_web.accounts.models import Organisation, User
from reinstate_web.cases import services as case_services
from reinstate_web.cases.memo import in_page, per_page, remember
from reinstate_web.cases.models import Case, CaseEvent
from reinstate_web.submissions.models import (
    CaseFollowUp,
    FollowUpOffer,
    FollowUpPolicy,
    Submission,
)
from reinstate_web.submissions.pending import case_submissions, waiting_appeal

logger = logging.getLogger(__name__)
FOLLOW_UP_KINDS = (SubmissionKind.RECEIPT_CHECK.value, SubmissionKind.REMINDER.value)
WAITING_STATUSES = (Status.SUBMITTED.value, Status.AWAITING_REPLY.value, Status.FOLLOW_UP.value)


def _policy_rule(policy: FollowUpPolicy | None) -> FollowUpRule:
    if policy is None:
        return FollowUpRule.default()
    return FollowUpRule.from_settings(
        first_hours=policy.first_wait_hours, reminder_days=policy.reminder_wait_days
    )


@per_page
def organisation_rule(organisation: Organisation) -> FollowUpRule:
    return _policy_rule(FollowUpPolicy.objects.filter(organisation=organisation).first())


def read_organisation_rules(organisations: list[Organisation]) -> None:
    """Within a page: :func:`organisation_rule` for many organisations in one query."""
    if not in_page():
        return
    policies = {
        p.organisation_id: p for p in FollowUpPolicy.objects.filter(organisation__in=organisations)
    }
    for organisation in organisations:
        remember(organisation_rule, _policy_rule(policies.get(organisation.pk)), organisation)


@per_page  # the follow-up summary, the wait panel and its form all ask
def rule_for(case: Case) -> FollowUpRule:
    """The case's own waits where set, else its organisation's, else the defaults."""
    base = organisation_rule(case.account.organisation)
    if in_page():  # read through the case, which keeps it for the wait panel's form
        own = getattr(case, "follow_up_wait", None)
    else:
        own = CaseFollowUp.objects.filter(case=case).first()
    if own is None:
        return base
    return FollowUpRule.from_settings(
        first_hours=own.first_wait_hours or int(base.first_wait.total_seconds() // 3600),
        reminder_days=own.reminder_wait_days or base.reminder_wait.days,
    )


def save_policy(
    organisation: Organisation, *, first_hours: int, reminder_days: int
) -> FollowUpPolicy:
    """Raises ValueError for waits outside the allowed ranges."""
    FollowUpRule.from_settings(first_hours=first_hours, reminder_days=reminder_days)
    policy, _created = FollowUpPolicy.objects.update_or_create(
        organisation=organisation,
        defaults={"first_wait_hours": first_hours, "reminder_wait_days": reminder_days},
    )
    return policy


def save_case_wait(
    case: Case, *, first_hours: int | None, reminder_days: int | None, actor: User | None
) -> CaseFollowUp:
    """The case's own waits (None: the organisation's). Raises ValueError out of range."""
    base = organisation_rule(case.account.organisation)
    FollowUpRule.from_settings(
        first_hours=first_hours or int(base.first_wait.total_seconds() // 3600),
        reminder_days=reminder_days or base.reminder_wait.days,
    )
    own, _created = CaseFollowUp.objects.update_or_create(
        case=case,
        defaults={"first_wait_hours": first_hours, "reminder_wait_days": reminder_days},
    )
    case_services.record(
        case,
        CaseEvent.Kind.NOTE,
        actor,
        follow_up_wait_hours=first_hours,
        reminder_wait_days=reminder_days,
    )
    return own


@dataclass(frozen=True)
class FollowUpState:
    """Where the follow-up rule stands on a case whose appeal has no answer yet."""

    appeal: Submission
    sent: tuple[Submission, ...]  # follow-ups that went out (or may have), oldest first
    in_flight: Submission | None  # a follow-up on its way out (e-mail being sent)
    due: FollowUpDue
    is_due: bool
    text: FollowUpText
    rule: FollowUpRule

    @property
    def by_email(self) -> bool:
        """The follow-up goes in the appeal's e-mail thread (else to its Seller Central page)."""
        return guide(self.appeal.channel_enum).method is SubmissionMethod.EMAIL


@per_page  # step 5's summary and step 6's panel ask at the same moment (cases.memo.page_now)
def follow_up_state(case: Case, now: datetime) -> FollowUpState | None:
    """None when no appeal waits for an answer (none sent, or Amazon answered)."""
    appeal = waiting_appeal(case)
    if appeal is None or appeal.submitted_at is None:
        return None
    rule = rule_for(case)
    if in_page():  # the page read the case's submissions (newest first) once
        follow_ups = [
            s
            for s in reversed(case_submissions(case))
            if s.parent_id == appeal.pk and s.kind in FOLLOW_UP_KINDS
        ]
    else:
        follow_ups = list(
            appeal.follow_ups.filter(kind__in=FOLLOW_UP_KINDS).order_by("created_at", "id")
        )
    sent = tuple(f for f in follow_ups if f.state_enum in WENT_OUT)
    in_flight = next((f for f in follow_ups if f.state_enum in IN_FLIGHT), None)
    due = next_follow_up(appeal.submitted_at, [f.submitted_at or f.created_at for f in sent], rule)
    account = case.account
    checked = sent[0].submitted_at if sent else None
    text = follow_up_text(
        due.kind,
        submitted_on=timezone.localdate(appeal.submitted_at),
        checked_on=timezone.localdate(checked) if checked else None,
        store=account.store_name,
        merchant_token=account.merchant_token,
    )
    return FollowUpState(
        appeal=appeal,
        sent=sent,
        in_flight=in_flight,
        due=due,
        is_due=due.is_due(now) and in_flight is None,
        text=text,
        rule=rule,
    )


def follow_up_due(case: Case, now: datetime) -> FollowUpDue | None:
    """The follow-up the case may send now, or None (not yet, none needed, or one on its way)."""
    state = follow_up_state(case, now)
    return state.due if state is not None and state.is_due else None


def offer_follow_ups(now: datetime) -> list[FollowUpOffer]:
    """The periodic job: record each follow-up that became appropriate and tell the seller,
    once per appeal and step (a job run twice offers nothing twice)."""
    offered = []
    appeals = (
        Submission.objects.filter(
            kind=SubmissionKind.APPEAL.value,
            state__in=[SubmissionState.RECORDED.value, SubmissionState.SENT.value],
            case__status__in=WAITING_STATUSES,
        )
        .select_related("case", "case__account", "case__account__organisation")
        .order_by("id")
    )
    for appeal in appeals:
        state = follow_up_state(appeal.case, now)
        if state is None or state.appeal.pk != appeal.pk or not state.is_due:
            continue
        try:
            with transaction.atomic():
                offer = FollowUpOffer.objects.create(
                    appeal=appeal,
                    sequence=state.due.sequence,
                    kind=state.due.kind.value,
                    due_at=state.due.due_at,
                    offered_at=now,
                )
        except IntegrityError:
            continue  # offered before
        case_services.record(
            appeal.case,
            CaseEvent.Kind.NOTE,
            None,
            follow_up_offered=state.due.kind.value,
            submission=appeal.pk,
        )
        offered.append(offer)
    for offer in FollowUpOffer.objects.filter(notified_at__isnull=True).select_related(
        "appeal", "appeal__case", "appeal__case__account"
    ):
        if _notify(offer):
            FollowUpOffer.objects.filter(pk=offer.pk).update(notified_at=now)
    return offered


def open_offer(case: Case, now: datetime) -> FollowUpOffer | None:
    """The offer the seller has not acted on yet (shown on the dashboard and the case)."""
    state = follow_up_state(case, now)
    if state is None or not state.is_due:
        return None
    return FollowUpOffer.objects.filter(appeal=state.appeal, sequence=state.due.sequence).first()


def _people(offer: FollowUpOffer) -> list[User]:
    case = offer.appeal.case
    people = [offer.appeal.submitted_by, case.assignee]
    unique: dict[int, User] = {p.pk: p for p in people if p is not None and p.email}
    return list(unique.values())


def _notify(offer: FollowUpOffer) -> bool:
    """An e-mail to the people of the case, each in their language; True when it was handed
    to the mail backend (or nobody is there to tell)."""
    case = offer.appeal.case
    for person in _people(offer):
        with translation.override(person.language or settings.LANGUAGE_CODE):
            context = {
                "case": case,
                "offer": offer,
                "appeal": offer.appeal,
                "person": person,
                "link": offer.appeal.case_url,
            }
            subject = render_to_string("submissions/follow_up_email_subject.txt", context)
            body = render_to_string("submissions/follow_up_email.txt", context)
        try:
            send_mail(
                " ".join(subject.split()),
                body,
                settings.DEFAULT_FROM_EMAIL,
                [person.email],
                fail_silently=False,
            )
        except (smtplib.SMTPException, OSError) as exc:
            logger.warning("follow-up notice for case %s not sent: %s", case.pk, exc)
            return False
    return True
