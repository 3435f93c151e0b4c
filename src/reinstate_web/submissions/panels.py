"""Template context of this app's blocks: step 5 (the guide, the boxes' limits, "I have
submitted it", sending by e-mail), step 6 (waiting, the follow-up), the dashboard and the seller
account page. Rendered through ``templatetags/submissions_tags.py``: the cases app only includes
a template. Keys start with ``submissions_``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, Window
from django.http import HttpRequest
from django.utils.translation import get_language

from reinstate.codes import (
    ChannelKind,
    ReplyOutcome,
    Scope,
    SubmissionChannel,
    SubmissionMethod,
    SubmissionState,
)
from reinstate.compose.text import Text
from reinstate.errors import ReinstateError
from reinstate.submit import form_limit, guide, suggested_channel
from reinstate.submit.follow_up import IN_FLIGHT
from reinstate.submit.guide import BOXES, follow_up_guide
from reinstate_web.accounts.models import User
from reinstate_web.cases.access import can_edit, cases_for, organisations_for
from reinstate_web.cases.memo import (
    in_page,
    latest_draft_any,
    page_memo,
    page_now,
    per_page,
    read_case_notices,
)
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.drafting.models import Draft
from reinstate_web.notices.models import Notice
from reinstate_web.submissions import follow_ups, labels, services
from reinstate_web.submissions.models import SmtpSettings, Submission
from reinstate_web.submissions.pending import (
    case_submissions,
    decided_after,
    latest_appeal,
    pending_appeal,
    read_answer_status_events,
    read_case_submissions,
    went_out_at,
)


def ui_lang() -> str:
    return (get_language() or "en").lower()


def _text(text: Text) -> str:
    return text.get(ui_lang())


def mirror_lang() -> str:
    return "zh-hant" if ui_lang() in ("zh-hant", "zh-tw", "zh-hk") else "zh-hans"


def present(submission: Submission) -> dict[str, Any]:
    """One submission as the pages list it."""
    return {
        "submission": submission,
        "kind": str(labels.KIND_NAMES.get(submission.kind, submission.kind)),
        "channel": str(labels.CHANNEL_NAMES.get(submission.channel, submission.channel)),
        "state": str(labels.STATE_NAMES.get(submission.state, submission.state)),
        "error": labels.send_error(submission.error_code) if submission.error_code else "",
        "when": went_out_at(submission),
        "short_sha": submission.sha256[:12],
        "in_flight": submission.state_enum in IN_FLIGHT,
        "needs_action": submission.state_enum
        in (SubmissionState.FAILED, SubmissionState.UNCONFIRMED),
    }


def _suggested(case: Case) -> SubmissionChannel:
    notice = services.first_notice(case)
    diagnosis = notice.diagnosis if notice else {}
    try:
        kind = ChannelKind((diagnosis.get("channel") or {}).get("kind") or "unknown")
        scope = Scope(case.scope or "unknown")
    except ValueError:
        kind, scope = ChannelKind.UNKNOWN, Scope.UNKNOWN
    answered = None
    appeal = latest_appeal(case)
    if appeal is not None and decided_after(case, went_out_at(appeal)):
        reply = case.notices.filter(kind=Notice.Kind.REPLY).order_by("-added_at").first()
        if reply is not None and reply.reply_outcome == ReplyOutcome.MORE_INFO.value:
            answered = ReplyOutcome.MORE_INFO
    return suggested_channel(kind, scope, answered_with=answered)


def _chosen(request: HttpRequest | None, suggested: SubmissionChannel) -> SubmissionChannel:
    raw = request.GET.get("channel", "") if request is not None else ""
    try:
        return SubmissionChannel(raw)
    except ValueError:
        return suggested


def _limits() -> list[dict[str, Any]]:
    return [
        {
            "box": box,
            "confirmed": limit.confirmed,
            "limit": limit.shown_limit,
        }
        for box in BOXES
        for limit in [form_limit(box)]
    ]


@per_page  # step 5 shows the account's SMTP settings, step 6 asks whether there are any
def _smtp_of(account: SellerAccount) -> SmtpSettings | None:
    return SmtpSettings.objects.filter(account=account).first()


def _latest_draft(case: Case) -> Draft | None:
    if in_page():  # the step bar and the drafting panel ask too
        found: Draft | None = latest_draft_any(case)
        return found
    return Draft.objects.filter(case=case).order_by("-number").first()


def submit_context(request: HttpRequest | None, case: Case, user: User) -> dict[str, Any]:
    """Step 5: what to choose, where to click, and the two ways to record it."""
    suggested = _suggested(case)
    chosen = _chosen(request, suggested)
    chosen_guide = guide(chosen)
    pending = pending_appeal(case)
    draft = _latest_draft(case)
    account = case.account
    smtp = _smtp_of(account)
    channels = [
        {
            "code": c.value,
            "name": str(labels.CHANNEL_NAMES[c.value]),
            "suggested": c is suggested,
            "chosen": c is chosen,
        }
        for c in SubmissionChannel
    ]
    return {
        "submissions_can_edit": can_edit(user, case),
        "submissions_pending": present(pending) if pending else None,
        "submissions_follow_up": _follow_up_summary(case),
        "submissions_channels": channels,
        "submissions_channel": chosen.value,
        "submissions_suggested": suggested.value,
        "submissions_steps": [_text(step) for step in chosen_guide.steps],
        "submissions_seller_central": chosen_guide.seller_central,
        "submissions_limits": _limits(),
        "submissions_draft": draft,
        "submissions_draft_not_ready": draft is not None and draft.verdict == "not_ready",
        "submissions_smtp": smtp,
        "submissions_sender": account.registered_email,
        "submissions_to": services.default_recipient(case, chosen),
        "submissions_history": [present(s) for s in services.submissions(case)],
    }


def _follow_up_summary(case: Case) -> dict[str, Any] | None:
    state = follow_ups.follow_up_state(case, page_now())
    if state is None:
        return None
    return {"due_at": state.due.due_at, "kind": state.due.kind.value, "is_due": state.is_due}


def _hours(delta: timedelta) -> int:
    return int(delta.total_seconds() // 3600)


def wait_context(case: Case, user: User, now: datetime) -> dict[str, Any]:
    """Step 6: the appeal that waits, when the receipt check becomes appropriate, its text."""
    appeal = latest_appeal(case)
    state = follow_ups.follow_up_state(case, now)
    rule = follow_ups.rule_for(case)
    organisation_rule = follow_ups.organisation_rule(case.account.organisation)
    own = getattr(case, "follow_up_wait", None)
    recent = services.submissions(case)
    found: dict[str, Any] = {
        "submissions_can_edit": can_edit(user, case),
        "submissions_appeal": present(appeal) if appeal else None,
        "submissions_pending": pending_appeal(case) is not None,
        "submissions_in_flight": any(s.state_enum in IN_FLIGHT for s in recent),
        "submissions_attention": [present(s) for s in recent if present(s)["needs_action"]],
        "submissions_first_hours": _hours(rule.first_wait),
        "submissions_reminder_days": rule.reminder_wait.days,
        "submissions_org_first_hours": _hours(organisation_rule.first_wait),
        "submissions_org_reminder_days": organisation_rule.reminder_wait.days,
        "submissions_case_wait": own,
        "submissions_state": None,
    }
    if state is None:
        return found
    script = mirror_lang()
    found["submissions_state"] = {
        "due_at": state.due.due_at,
        "kind": state.due.kind.value,
        "kind_name": str(labels.KIND_NAMES[state.due.kind.value]),
        "is_due": state.is_due,
        "first": state.due.sequence == 0,
        "sent": [present(s) for s in state.sent],
        "in_flight": present(state.in_flight) if state.in_flight else None,
        "subject": state.text.subject,
        "english": state.text.text.en,
        "meaning": state.text.text.get(script),
        "meaning_lang": script,
        "by_email": state.by_email,
        "steps": [
            _text(step)
            for step in follow_up_guide(
                SubmissionMethod.EMAIL if state.by_email else SubmissionMethod.COPY
            )
        ],
        "smtp": _smtp_of(case.account) is not None,
        "to": services.follow_up_recipient(state.appeal) if state.by_email else "",
    }
    return found


# The dashboard lists this many cases waiting for Amazon (those with a sending problem first,
# then the appeals waiting longest) and counts the rest: a team with thousands of appeals out
# gets the card as fast as a seller with one (bench/dashboard.py).
WAITING_SHOWN = 10
_ATTENTION = [SubmissionState.FAILED.value, SubmissionState.UNCONFIRMED.value]


def dashboard_context(user: User, now: datetime) -> dict[str, Any]:
    """The cases whose appeal waits for Amazon, with the follow-up's time, and the e-mails
    that need the seller (not sent, or perhaps sent): at most ``WAITING_SHOWN`` of each, read
    with a fixed number of queries per case shown, never per case reached."""
    reached = cases_for(user)
    # Sending problems are few: found from the submissions' side, then kept if reached.
    troubled = list(
        reached.filter(pk__in=Submission.objects.filter(state__in=_ATTENTION).values("case_id"))
        .order_by("-updated_at", "-pk")
        .values_list("pk", flat=True)[:WAITING_SHOWN]
    )
    # The appeals waiting longest, with how many others wait (a window count over the same
    # rows: one query, not a count and a list).
    longest_rows = list(
        reached.filter(status__in=follow_ups.WAITING_STATUSES)
        .exclude(pk__in=troubled)
        .annotate(waiting=Window(Count("pk")))
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")
        .values_list("pk", "waiting")[:WAITING_SHOWN]
    )
    longest = [pk for pk, _waiting in longest_rows]
    shown = [*troubled, *longest]
    found = {
        case.pk: case
        for case in Case.objects.filter(pk__in=shown).select_related(
            "account", "account__organisation", "follow_up_wait"
        )
    }
    cases = [found[pk] for pk in shown if pk in found]
    # Those waiting: the others counted above, and those with a sending problem that wait too.
    waiting_total = (longest_rows[0][1] if longest_rows else 0) + sum(
        1 for pk in troubled if pk in found and found[pk].status in follow_ups.WAITING_STATUSES
    )
    with page_memo():  # the dashboard's own, or this card's when read alone
        # Each case's messages, submissions and answer statuses and its organisation's waits, in
        # one query each for all the cases shown: the rows (and titles) pick from them.
        read_case_notices(cases)
        read_case_submissions(cases)
        read_answer_status_events(cases)
        follow_ups.read_organisation_rules(
            list(
                {case.account.organisation_id: case.account.organisation for case in cases}.values()
            )
        )
        attention = {
            case.pk: [present(s) for s in reversed(case_submissions(case)) if s.state in _ATTENTION]
            for case in cases
        }
        rows = [
            row
            for case in cases
            if (row := _waiting_row(case, attention[case.pk], now)) is not None
        ]
    rows.sort(key=lambda r: (not r["attention"], not r["is_due"], r["due_at"] or now))
    shown_waiting = sum(1 for r in rows if r["case"].status in follow_ups.WAITING_STATUSES)
    return {
        "submissions_waiting": rows,
        "submissions_waiting_more": max(0, waiting_total - shown_waiting),
    }


def _waiting_row(
    case: Case, attention: list[dict[str, Any]], now: datetime
) -> dict[str, Any] | None:
    appeal = latest_appeal(case)
    if appeal is None and not attention:
        return None
    try:
        state = follow_ups.follow_up_state(case, now)
    except ReinstateError:
        state = None
    if state is None and not attention and pending_appeal(case) is None:
        return None
    return {
        "case": case,
        "appeal": present(appeal) if appeal else None,
        "due_at": state.due.due_at if state else None,
        "kind": state.due.kind.value if state else "",
        "is_due": bool(state and state.is_due),
        "attention": attention,
    }


def account_context(account: SellerAccount, user: User) -> dict[str, Any]:
    smtp = SmtpSettings.objects.filter(account=account).first()
    return {
        "submissions_account": account,
        "submissions_smtp": smtp,
        "submissions_can_edit": edits_account(user, account),
    }


def edits_account(user: User, account: SellerAccount) -> bool:
    return organisations_for(user, edit=True).filter(pk=account.organisation_id).exists()
