"""Freeze and record what goes to Amazon: a submission the seller made themselves (recorded at
once), or an e-mail Reinstate will send (recorded as queued, with its Message-ID and the exact
bytes, before any connection is made: ``outbox`` sends it). Refuses a second appeal while one is
pending, a follow-up before its time, and a letter not fit to go out."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from reinstate.codes import SubmissionChannel, SubmissionKind, SubmissionMethod, SubmissionState
from reinstate.errors import ReinstateError
from reinstate.submit import (
    AppealPending,
    Attachment,
    OutgoingMail,
    Snapshot,
    freeze,
    guide,
    message_bytes,
    new_message_id,
    reply_subject,
    thread,
)
from reinstate.submit.guide import email_total_bytes
from reinstate.submit.mail import check_address, is_amazon_address
from reinstate.submit.snapshot import file_digest
from reinstate.workflow import FINAL
from reinstate_web.accounts.models import User
from reinstate_web.cases.memo import latest_ready_notice, per_page
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from reinstate_web.notices.models import Notice
from reinstate_web.submissions import follow_ups
from reinstate_web.submissions.models import SmtpSettings, Submission
from reinstate_web.submissions.pending import case_submissions, pending_appeal
from reinstate_web.submissions.progress import went_out

RECORD_TOTAL_BYTES = 60 * 1024 * 1024
# A letter with these marks is not sent by Reinstate: they are for the seller, not for Amazon.
_UNFINISHED_MARKS = ("[TO FILL", "[Suggested - confirm or remove]")


class SubmitRefused(ReinstateError):
    """The submission cannot be recorded or sent as asked; ``code`` says why."""


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    data: bytes


@per_page
def first_notice(case: Case) -> Notice | None:
    found: Notice | None = latest_ready_notice(case)
    return found


def submissions(case: Case) -> list[Submission]:
    return case_submissions(case)


def refuse_if_pending(case: Case) -> None:
    """Raises AppealPending while an appeal on this enforcement awaits Amazon's decision."""
    appeal = pending_appeal(case)
    if appeal is not None:
        raise AppealPending(appeal.submitted_at or appeal.created_at)


@dataclass(frozen=True, slots=True)
class _Content:
    kind: SubmissionKind
    text: str
    sections: dict[str, str]
    draft: Draft | None
    parent: Submission | None
    subject: str = ""  # a follow-up's own subject, for a thread that has none


def _appeal_content(case: Case, channel: SubmissionChannel, draft: Draft | None) -> _Content:
    if case.status_enum in FINAL:
        raise SubmitRefused("The case is closed.", code="closed")
    if draft is None or draft.case_id != case.pk:
        raise SubmitRefused("Write the appeal first (step 2).", code="no_letter")
    refuse_if_pending(case)
    boxes = guide(channel).boxes
    if boxes:
        sections = {b: str(draft.sections[b]["text"]) for b in boxes if b in draft.sections}
        text = "\n\n".join(sections.values())
    else:
        sections, text = {}, draft.letter
    return _Content(SubmissionKind.APPEAL, text, sections, draft, None)


def _follow_up_content(case: Case, now: datetime) -> _Content:
    state = follow_ups.follow_up_state(case, now)
    if state is None:
        raise SubmitRefused("No appeal is waiting for an answer.", code="nothing_to_follow_up")
    if not state.is_due:
        raise SubmitRefused("It is too early for a follow-up.", code="follow_up_not_due")
    return _Content(state.due.kind, state.text.text.en, {}, None, state.appeal, state.text.subject)


def _content(
    case: Case,
    kind: SubmissionKind,
    channel: SubmissionChannel,
    draft: Draft | None,
    now: datetime,
) -> _Content:
    if kind is SubmissionKind.APPEAL:
        return _appeal_content(case, channel, draft)
    return _follow_up_content(case, now)


def _freeze(
    content: _Content,
    channel: SubmissionChannel,
    uploads: Sequence[Upload],
    limit: int,
    subject: str = "",
) -> Snapshot:
    if sum(len(u.data) for u in uploads) > limit:
        raise SubmitRefused(
            f"The files are larger than {limit // (1024 * 1024)} MB in all.", code="too_large"
        )
    return freeze(
        channel,
        content.kind,
        content.text,
        [(u.name, u.data) for u in uploads],
        sections=content.sections,
        subject=subject,
    )


def _store_files(
    case: Case, folder: str, snapshot: Snapshot, uploads: Sequence[Upload]
) -> list[Any]:
    """Keep each attached file on the case; the list stored with the submission."""
    stored = []
    for frozen, upload in zip(snapshot.attachments, uploads, strict=True):
        path = default_storage.save(
            f"cases/{case.pk}/submissions/{folder}/{frozen.name}", ContentFile(upload.data)
        )
        stored.append({**frozen.to_json(), "path": path})
    return stored


def record_submission(
    case: Case,
    *,
    channel: SubmissionChannel,
    actor: User | None,
    now: datetime,
    kind: SubmissionKind = SubmissionKind.APPEAL,
    draft: Draft | None = None,
    uploads: Sequence[Upload] = (),
    case_url: str = "",
) -> Submission:
    """The seller submitted it themselves (Seller Central, or their own mail program): freeze
    exactly that text and those files, now. Raises AppealPending for a second appeal while one
    is pending, SubmitRefused or InputError (a file Amazon does not take) otherwise."""
    content = _content(case, kind, channel, draft, now)
    snapshot = _freeze(content, channel, uploads, RECORD_TOTAL_BYTES)
    folder = secrets.token_hex(8)
    stored = _store_files(case, folder, snapshot, uploads)
    with transaction.atomic():
        submission = Submission.objects.create(
            case=case,
            kind=content.kind.value,
            channel=channel.value,
            # The seller did it (pasted it, or sent it from their own mail program).
            method=SubmissionMethod.COPY.value,
            state=SubmissionState.RECORDED.value,
            parent=content.parent,
            draft=content.draft,
            text=snapshot.text,
            sections=dict(snapshot.sections),
            attachments=stored,
            sha256=snapshot.sha256,
            folder=folder,
            created_by=actor,
            submitted_at=now,
            submitted_by=actor,
            case_url=case_url,
        )
        went_out(submission, actor)
    return submission


def _threading(case: Case, content: _Content) -> tuple[str | None, tuple[str, ...], str]:
    """In-Reply-To, References and the subject: an appeal answers Amazon's notice; a follow-up
    answers the appeal e-mail (or the notice, when the appeal went through Seller Central)."""
    notice = first_notice(case)
    notice_id = notice.message_id if notice else ""
    notice_subject = notice.subject if notice else ""
    appeal = content.parent
    if appeal is not None and appeal.message_id:
        earlier = tuple(appeal.references.split())
        parent_id, references = thread(appeal.message_id, earlier)
        return parent_id, references, reply_subject(appeal.subject or notice_subject)
    parent_id, references = thread(notice_id or None)
    if content.kind is not SubmissionKind.APPEAL:
        subject = reply_subject(notice_subject) if notice_subject else content.subject
        return parent_id, references, subject
    if notice_subject:
        return parent_id, references, reply_subject(notice_subject)
    return parent_id, references, f"Appeal: {case.account.store_name}"


def default_recipient(case: Case, channel: SubmissionChannel) -> str:
    """Where the notice says to answer: its sender for a reply, the address it names else."""
    notice = first_notice(case)
    if notice is None:
        return ""
    if channel is SubmissionChannel.EMAIL:
        address = (notice.diagnosis.get("channel") or {}).get("address") or ""
        if address:
            return str(address)
    return parseaddr(notice.sender)[1]


def queue_email(
    case: Case,
    *,
    channel: SubmissionChannel,
    to: str,
    actor: User | None,
    now: datetime,
    kind: SubmissionKind = SubmissionKind.APPEAL,
    draft: Draft | None = None,
    uploads: Sequence[Upload] = (),
    case_url: str = "",
) -> Submission:
    """Freeze the e-mail (text, files, Message-ID, the exact bytes) and record it as queued.
    The caller hands it to the sending job. Refusals as for :func:`record_submission`."""
    if guide(channel).method is not SubmissionMethod.EMAIL:
        raise SubmitRefused("This channel is a page in Seller Central.", code="not_email")
    account = case.account
    if not SmtpSettings.objects.filter(account=account).exists():
        raise SubmitRefused("No sending settings for this account.", code="not_configured")
    if not account.registered_email:
        raise SubmitRefused("The account has no registered address.", code="no_sender")
    recipient = check_address(to)
    if not is_amazon_address(recipient):
        raise SubmitRefused("Reinstate sends only to Amazon's addresses.", code="not_amazon")
    content = _content(case, kind, channel, draft, now)
    if content.draft is not None and (
        content.draft.verdict == "not_ready"
        or any(mark in content.text for mark in _UNFINISHED_MARKS)
    ):
        raise SubmitRefused("The letter is not ready to send.", code="letter_not_ready")
    in_reply_to, references, subject = _threading(case, content)
    snapshot = _freeze(content, channel, uploads, email_total_bytes(), subject)
    sender = check_address(account.registered_email)
    message_id = new_message_id(sender)
    raw = message_bytes(
        OutgoingMail(
            sender=sender,
            sender_name=account.store_name,
            to=(recipient,),
            subject=subject,
            body=snapshot.text,
            message_id=message_id,
            date=now,
            in_reply_to=in_reply_to,
            references=references,
            attachments=tuple(
                Attachment(f.name, f.content_type, u.data)
                for f, u in zip(snapshot.attachments, uploads, strict=True)
            ),
        )
    )
    folder = secrets.token_hex(8)
    stored = _store_files(case, folder, snapshot, uploads)
    submission = Submission(
        case=case,
        kind=content.kind.value,
        channel=channel.value,
        method=SubmissionMethod.EMAIL.value,
        state=SubmissionState.QUEUED.value,
        parent=content.parent,
        draft=content.draft,
        subject=subject,
        text=snapshot.text,
        attachments=stored,
        sha256=snapshot.sha256,
        folder=folder,
        created_by=actor,
        submitted_by=actor,
        mail_from=sender,
        mail_to=recipient,
        message_id=message_id,
        in_reply_to=in_reply_to or "",
        references=" ".join(references),
        raw_sha256=file_digest(raw),
        case_url=case_url,
    )
    submission.raw_message.save("sent.eml", ContentFile(raw), save=False)
    with transaction.atomic():
        # Checked again inside the write: two clicks at once record one appeal, not two.
        if kind is SubmissionKind.APPEAL:
            refuse_if_pending(case)
        submission.save()
    return submission


def follow_up_channel(appeal: Submission) -> SubmissionChannel:
    """Where a follow-up goes: the appeal's own e-mail channel, or its page in Seller Central
    ("View appeal" / the case's reply), never a new appeal."""
    if guide(appeal.channel_enum).method is SubmissionMethod.EMAIL:
        return appeal.channel_enum
    return SubmissionChannel.VIEW_APPEAL


def follow_up_recipient(appeal: Submission) -> str:
    return (
        appeal.recipients[0]
        if appeal.recipients
        else default_recipient(appeal.case, appeal.channel_enum)
    )
