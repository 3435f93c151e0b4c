"""What a message taken from the mailbox does: it joins the right case as a Notice (a new case
for a new notice), and Amazon's answer moves the case. Runs inside the ledger's ``finish``
transaction (``ledger.OrmLedger``): the notice, the move and the ledger's "done" commit together.
"""

from __future__ import annotations

from django.db.models import Q

from reinstate.codes import MessageKind, ReplyOutcome
from reinstate.mailbox import CaseOnFile, Incoming, Taken, match, normal_subject
from reinstate.notices import Diagnosis
from reinstate.workflow import FINAL, Status, can_transition
from reinstate_web.cases import services as case_services
from reinstate_web.cases.models import Case, CaseEvent, SellerAccount
from reinstate_web.mailbox import threads
from reinstate_web.mailbox.models import MailboxConnection, MailboxMessage
from reinstate_web.notices import services as notice_services
from reinstate_web.notices.models import Notice

# Amazon's answer -> the status it moves a case to (when the workflow allows the move).
MOVES = {
    ReplyOutcome.REINSTATED: Status.REINSTATED,
    ReplyOutcome.MORE_INFO: Status.MORE_INFO_REQUESTED,
    ReplyOutcome.DENIED: Status.DENIED,
    # A receipt: the appeal is with Amazon (a case marked submitted now waits for the answer).
    ReplyOutcome.ACKNOWLEDGED: Status.AWAITING_REPLY,
}
WAITING = frozenset({Status.SUBMITTED, Status.AWAITING_REPLY, Status.FOLLOW_UP})
# An answer that fits no case opens one only when it decides something.
DECIDING = frozenset({ReplyOutcome.REINSTATED, ReplyOutcome.MORE_INFO, ReplyOutcome.DENIED})


def _threaded_cases(
    connection: MailboxConnection, thread_ids: tuple[str, ...]
) -> dict[int, set[str]]:
    """Cases of the organisation with a message these ids name: its notices, its appeals sent
    by e-mail, and the messages the watcher took for it."""
    found: dict[int, set[str]] = {}
    if not thread_ids:
        return found
    organisation = connection.account.organisation_id
    pairs = [
        *threads.cases_in_threads(organisation, thread_ids),
        *MailboxMessage.objects.filter(
            connection__account__organisation_id=organisation,
            message_id__in=list(thread_ids),
            case__isnull=False,
        ).values_list("case_id", "message_id"),
    ]
    for case_id, message_id in pairs:
        if case_id is not None:
            found.setdefault(int(case_id), set()).add(str(message_id))
    return found


def candidates(connection: MailboxConnection, thread_ids: tuple[str, ...]) -> list[CaseOnFile]:
    """The organisation's open cases, and any case in the message's thread, for matching."""
    threaded = _threaded_cases(connection, thread_ids)
    organisation = connection.account.organisation_id
    open_cases = Q(account__organisation_id=organisation) & ~Q(status__in=[s.value for s in FINAL])
    cases = list(Case.objects.filter(open_cases | Q(pk__in=list(threaded))))
    asins: dict[int, set[str]] = {}
    subjects: dict[int, set[str]] = {}
    for case_id, subject, found in Notice.objects.filter(
        case__in=[c.pk for c in cases]
    ).values_list("case_id", "subject", "diagnosis__asins"):
        subjects.setdefault(case_id, set()).add(normal_subject(subject or ""))
        if isinstance(found, list):
            asins.setdefault(case_id, set()).update(str(a) for a in found)
    tokens = {
        a.pk: a.merchant_token
        for a in SellerAccount.objects.filter(pk__in={c.account_id for c in cases})
    }
    return [
        CaseOnFile(
            case_id=case.pk,
            account_id=case.account_id,
            message_ids=frozenset(threaded.get(case.pk, ())),
            asins=frozenset(asins.get(case.pk, ())),
            subjects=frozenset(s for s in subjects.get(case.pk, ()) if s),
            merchant_token=tokens.get(case.account_id, ""),
            category=case.category,
            open=case.status_enum not in FINAL,
            waiting=case.status_enum in WAITING,
            opened=case.created_at.timestamp(),
        )
        for case in cases
    ]


def worth_a_case(diagnosis: Diagnosis) -> bool:
    """Whether a message that fits no case opens one: an answer that decides something, or a
    notice that enforces something (not Amazon's newsletters and announcements)."""
    if diagnosis.kind is MessageKind.REPLY:
        return diagnosis.reply_outcome in DECIDING
    return bool(
        diagnosis.scope.value != "unknown"
        or diagnosis.deadlines
        or diagnosis.requested_documents
        or (diagnosis.certain and diagnosis.category and diagnosis.category.value != "other")
    )


def move_case(case: Case, diagnosis: Diagnosis) -> str:
    """Move the case as Amazon's answer says; the new status, or "" when it stays (no
    decision, already there, or a move the workflow does not allow from where it stands)."""
    if diagnosis.kind is not MessageKind.REPLY or diagnosis.reply_outcome is None:
        return ""
    target = MOVES.get(diagnosis.reply_outcome)
    case.refresh_from_db(fields=["status"])
    current = case.status_enum
    if target is None or current is target or not can_transition(current, target):
        return ""
    case_services.change_status(case, target, actor=None)
    return target.value


def _filename(row: MailboxMessage) -> str:
    return f"mailbox-{row.uidvalidity}-{row.uid}.eml"


def _case_for(connection: MailboxConnection, found_case: int | None, account: int | None) -> Case:
    if found_case is not None:
        return Case.objects.select_related("account").get(pk=found_case)
    owner = (
        SellerAccount.objects.filter(
            pk=account, organisation_id=connection.account.organisation_id
        ).first()
        if account is not None
        else None
    )
    return case_services.open_case(owner or connection.account, title="", actor=None)


def _deliver_problem(connection: MailboxConnection, row: MailboxMessage, taken: Taken) -> None:
    """A message that could not be read: kept on its case as a notice that says why (a clear
    entry, never a stopped watcher); a deleted one is only noted in the ledger."""
    problem = taken.problem
    row.problem_code = problem.code if problem else "unreadable"
    row.problem = (problem.detail if problem else "")[:500]
    if row.problem_code == "gone":
        return
    incoming = Incoming(kind="reply", thread_ids=taken.entry.thread_ids, subject=row.subject)
    found = match(
        incoming, candidates(connection, taken.entry.thread_ids), home_account=connection.account_id
    )
    case = _case_for(connection, found.case_id, found.account_id)
    row.case, row.match_rule, row.opened_case = case, found.rule, found.case_id is None
    if taken.raw:
        notice = notice_services.store_unread_notice(case, taken.raw, _filename(row), actor=None)
        Notice.objects.filter(pk=notice.pk).update(
            state=Notice.State.FAILED, problem=row.problem[:500], subject=row.subject[:500]
        )
        row.notice = notice
    row.notify = True


def deliver(connection: MailboxConnection, row: MailboxMessage, taken: Taken) -> None:
    """Attach ``taken`` to its case and move the case; fills ``row`` (saved by the ledger)."""
    diagnosis, message = taken.diagnosis, taken.message
    if diagnosis is None or message is None:
        _deliver_problem(connection, row, taken)
        return
    row.kind = diagnosis.kind.value
    row.reply_outcome = diagnosis.reply_outcome.value if diagnosis.reply_outcome else ""
    earlier = threads.notice_of(connection.account.organisation_id, row.message_id)
    if earlier is not None:
        # The seller added this very message by hand (or it came through another mailbox).
        row.case, row.notice, row.match_rule = earlier.case, earlier, "already_on_case"
        return
    incoming = Incoming(
        kind=diagnosis.kind.value,
        thread_ids=taken.entry.thread_ids,
        asins=diagnosis.asins,
        subject=diagnosis.subject or row.subject,
        text=diagnosis.text,
        category=diagnosis.category.value if diagnosis.category and diagnosis.certain else "",
    )
    found = match(
        incoming,
        candidates(connection, taken.entry.thread_ids),
        home_account=connection.account_id,
    )
    row.match_rule = found.rule
    if found.case_id is None and not worth_a_case(diagnosis):
        row.match_rule = "not_attached"
        return
    case = _case_for(connection, found.case_id, found.account_id)
    notice = notice_services.add_notice(
        case, taken.raw, _filename(row), actor=None, read=(message, diagnosis)
    )
    row.case, row.notice, row.opened_case = case, notice, found.case_id is None
    row.moved_to = move_case(case, diagnosis)
    row.notify = True
    case_services.record(
        case,
        CaseEvent.Kind.NOTE,
        None,
        mailbox=connection.pk,
        mailbox_message=row.pk,
        rule=found.rule,
        reply_outcome=row.reply_outcome,
        moved_to=row.moved_to,
        reduced=taken.reduced,
    )
