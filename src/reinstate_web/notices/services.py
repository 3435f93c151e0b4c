"""Business operations on Amazon's messages: add one to a case, or open a case from one."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from reinstate.codes import Category, MessageKind
from reinstate.errors import InputError
from reinstate.notices import (
    Diagnosis,
    NoticeMessage,
    diagnose,
    diagnosis_from_json,
    knowledge_version,
    read_message,
)
from reinstate_web.accounts.models import User
from reinstate_web.cases import services as case_services
from reinstate_web.cases.memo import latest_ready_notice, per_page
from reinstate_web.cases.models import Case, CaseEvent, Deadline, SellerAccount
from reinstate_web.notices.models import Notice

logger = logging.getLogger(__name__)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _safe_filename(filename: str | None, source_format: str) -> str:
    stem = _SAFE_NAME.sub("_", (filename or "").rsplit("/", 1)[-1])[:80].strip("._")
    extension = {"eml": ".eml", "html": ".html"}.get(source_format, ".txt")
    return stem if stem.endswith(extension) else f"{stem or 'notice'}{extension}"


def _due_at(day: date) -> datetime:
    """End of the local day: Amazon counts whole days."""
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def _message_id(message: NoticeMessage) -> str:
    """Amazon's Message-ID when the message is a mail and it fits the column, else ""."""
    found = message.message_id or ""
    return found if len(found) <= 255 else ""  # Notice.message_id's max_length


def _apply_to_case(case: Case, notice: Notice, diagnosis: Diagnosis, actor: User | None) -> None:
    """A notice fills the case's category, scope and deadlines the first time they are known."""
    if diagnosis.kind is not MessageKind.NOTICE:
        return
    changed: list[str] = []
    # An unsure diagnosis leaves the category to the seller (step 1 asks them to choose).
    if diagnosis.category and diagnosis.certain and not case.category:
        case.category = diagnosis.category.value
        changed.append("category")
    if diagnosis.scope.value != "unknown" and case.scope in ("", "unknown"):
        case.scope = diagnosis.scope.value
        changed.append("scope")
    if diagnosis.marketplace and not case.marketplace:
        case.marketplace = diagnosis.marketplace[:2]
        changed.append("marketplace")
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
    sent_at = notice.sent_at or timezone.now()
    sent = timezone.localdate(sent_at)
    for deadline in diagnosis.deadlines:
        if deadline.hours is not None:
            # "within 48 hours" runs from the moment Amazon sent the message, not to a day's end.
            due_at = sent_at + timedelta(hours=deadline.hours)
        elif deadline.date is not None:
            due_at = _due_at(deadline.date)
        elif deadline.days is not None:
            due_at = _due_at(sent + timedelta(days=deadline.days))
        else:
            continue
        case_services.add_deadline(
            case,
            due_at=due_at,
            kind=Deadline.Kind.APPEAL,
            label=deadline.text[:200],
            source=Deadline.Source.NOTICE,
            actor=actor,
        )


def add_notice(
    case: Case,
    data: bytes,
    filename: str | None,
    *,
    actor: User | None,
    read: tuple[NoticeMessage, Diagnosis] | None = None,
) -> Notice:
    """Read and diagnose Amazon's message and keep it on the case.

    The reading happens before any write: a slow message never holds the database (SQLite
    takes its write lock when a transaction starts), so other sellers' requests go on.
    Raises ``reinstate.errors.InputError`` (nothing is stored) when the input is unreadable.
    """
    message, diagnosis = read or read_notice(data, filename)
    with transaction.atomic():
        return _store_notice(case, data, filename, actor, message, diagnosis)


def _store_notice(
    case: Case,
    data: bytes,
    filename: str | None,
    actor: User | None,
    message: NoticeMessage,
    diagnosis: Diagnosis,
) -> Notice:
    source_format = message.source_format
    notice = Notice(
        case=case,
        added_by=actor,
        filename=(filename or "")[:255],
        source_format=source_format,
        subject=(diagnosis.subject or "")[:500],
        sender=(message.sender or "")[:300],
        sent_at=diagnosis.sent_at,
        message_id=_message_id(message),
        kind=diagnosis.kind.value,
        language=diagnosis.language,
        category=diagnosis.category.value if diagnosis.category else "",
        scope=diagnosis.scope.value,
        reply_outcome=diagnosis.reply_outcome.value if diagnosis.reply_outcome else "",
        text=diagnosis.text,
        diagnosis={**diagnosis.to_json(), "knowledge_version": knowledge_version()},
    )
    notice.original.save(_safe_filename(filename, source_format), ContentFile(data), save=False)
    notice.save()
    case_services.record(
        case,
        CaseEvent.Kind.NOTICE,
        actor,
        notice=notice.pk,
        message_kind=notice.kind,
        category=notice.category,
        reply_outcome=notice.reply_outcome,
    )
    _apply_to_case(case, notice, diagnosis, actor)
    return notice


def choose_category(case: Case, code: str, *, actor: User | None) -> Case:
    """A person says which policy the case is about (the diagnosis was unsure, or wrong).

    Raises ``InputError`` for a code that is not a category of contracts.md.
    """
    try:
        category = Category(code)
    except ValueError as exc:
        raise InputError(f"Unknown category: {code!r}") from exc
    previous = case.category
    case.category = category.value
    case.category_confirmed = True
    case.save(update_fields=["category", "category_confirmed", "updated_at"])
    case_services.record(
        case, CaseEvent.Kind.CATEGORY, actor, category=category.value, previous=previous
    )
    return case


def ask_second_opinion(notice: Notice, *, actor: User | None) -> dict[str, str]:
    """Ask the configured language model which candidate policy the notice is about.

    The call happens outside any transaction (it may take seconds); only the answer is saved.
    Raises ServiceError when the model fails or answers outside the candidates.
    """
    from reinstate_web.drafting import machine

    candidates = [str(c["code"]) for c in notice.diagnosis.get("categories") or ()][:4]
    opinion = machine.category_opinion(notice.text, candidates)
    notice.second_opinion = {
        "category": opinion.category.value,
        "reason": opinion.reason,
        "model": opinion.model,
        "asked_at": timezone.now().isoformat(),
    }
    notice.save(update_fields=["second_opinion"])
    case_services.record(
        notice.case,
        CaseEvent.Kind.NOTE,
        actor,
        notice=notice.pk,
        second_opinion=opinion.category.value,
        model=opinion.model,
    )
    return notice.second_opinion


# A message larger than this is read on the job queue (the request only stores it), so one
# seller's huge paste never holds a web worker while other sellers wait.
READ_IN_BACKGROUND_BYTES = 1_000_000


def is_large(data: bytes) -> bool:
    return len(data) > READ_IN_BACKGROUND_BYTES


def store_unread_notice(
    case: Case, data: bytes, filename: str | None, *, actor: User | None
) -> Notice:
    """Keep a large message on the case, to be read by ``tasks.read_notice_later``."""
    with transaction.atomic():
        notice = Notice(
            case=case,
            added_by=actor,
            filename=(filename or "")[:255],
            source_format="text",
            kind=Notice.Kind.NOTICE,
            text="",
            state=Notice.State.PENDING,
        )
        notice.original.save(_safe_filename(filename, "text"), ContentFile(data), save=False)
        notice.save()
        case_services.record(case, CaseEvent.Kind.NOTICE, actor, notice=notice.pk, pending=True)
    return notice


def read_stored_notice(notice: Notice) -> None:
    """Read a stored message (the job of a large one): the reading happens before the short
    transaction that writes what it found; an unreadable message is kept with its problem."""
    with notice.original.open("rb") as handle:
        data = handle.read()
    try:
        message, diagnosis = read_notice(data, notice.filename or None)
    except InputError as exc:
        Notice.objects.filter(pk=notice.pk).update(
            state=Notice.State.FAILED, problem=exc.message[:500]
        )
        return
    with transaction.atomic():
        notice.source_format = message.source_format
        notice.subject = (diagnosis.subject or "")[:500]
        notice.sender = (message.sender or "")[:300]
        notice.sent_at = diagnosis.sent_at
        notice.message_id = _message_id(message)
        notice.kind = diagnosis.kind.value
        notice.language = diagnosis.language
        notice.category = diagnosis.category.value if diagnosis.category else ""
        notice.scope = diagnosis.scope.value
        notice.reply_outcome = diagnosis.reply_outcome.value if diagnosis.reply_outcome else ""
        notice.text = diagnosis.text
        notice.diagnosis = {**diagnosis.to_json(), "knowledge_version": knowledge_version()}
        notice.state = Notice.State.READY
        notice.problem = ""
        notice.save()
        _apply_to_case(notice.case, notice, diagnosis, notice.added_by)


def read_notice(data: bytes, filename: str | None) -> tuple[NoticeMessage, Diagnosis]:
    message = read_message(data, filename, max_bytes=settings.NOTICE_MAX_BYTES)
    return message, diagnose(message, today=timezone.localdate())


def open_case_from_notice(
    account: SellerAccount,
    data: bytes,
    filename: str | None,
    *,
    actor: User | None,
    title: str = "",
) -> Case:
    """Open a case whose category, scope and deadlines come from Amazon's notice (read first,
    outside the short transaction that stores the case and the notice)."""
    message, diagnosis = read_notice(data, filename)
    with transaction.atomic():
        # Only a title the user typed is stored; pages name the case in the reader's language
        # (cases/titles.py), from its category, ASIN and notice date.
        case = case_services.open_case(account, title=title, actor=actor)
        _store_notice(case, data, filename, actor, message, diagnosis)
    case.refresh_from_db()
    return case


@per_page
def latest_diagnosis(case: Case) -> Diagnosis | None:
    """The diagnosis of the case's latest notice (not a reply): the stored one when the
    knowledge base has not changed since, else read again from the original bytes, so it always
    reflects the current knowledge base; None when the case has no notice."""
    notice = latest_ready_notice(case)
    if notice is None:
        return None
    if notice.diagnosis.get("knowledge_version") == knowledge_version():
        # Read with today's knowledge base already: no second reading of a large message.
        return diagnosis_from_json(notice.diagnosis, notice.text)
    try:
        with notice.original.open("rb") as handle:
            data = handle.read()
    except OSError:
        # The stored message is gone (a restore without its files, a disk fault): the case
        # page shows the diagnosis made when it was read (if it can) rather than failing.
        logger.warning("notice %s: its original message cannot be read again", notice.pk)
        try:
            return diagnosis_from_json(notice.diagnosis, notice.text)
        except (KeyError, TypeError, ValueError):
            return None
    return read_notice(data, notice.filename or None)[1]
