"""What else is on a case, read-only: the evidence locker (checked now, as the page checks it),
the submissions as they went to Amazon, the messages the mailbox watcher attached, and the
hand-overs to teams."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from reinstate_web.api.auth import token_user
from reinstate_web.api.cases_api import PageQuery
from reinstate_web.api.errors import ERRORS, ErrorOut
from reinstate_web.api.pagination import page, paged
from reinstate_web.api.schemas import (
    EvidencePage,
    HandoverPage,
    MailboxMessagePage,
    SubmissionPage,
)
from reinstate_web.cases.access import acting_team, get_case_for_user
from reinstate_web.evidence import services as evidence_services
from reinstate_web.evidence.models import EvidenceDocument
from reinstate_web.mailbox.models import MailboxMessage
from reinstate_web.submissions.models import Submission
from reinstate_web.teams.models import CaseGrant

router = Router()
FILE_FIELDS = ("name", "content_type", "size", "sha256")


@router.get(
    "/cases/{case_id}/evidence",
    response={200: EvidencePage, ERRORS: ErrorOut},
    tags=["evidence"],
)
def list_evidence(request: HttpRequest, case_id: int, q: Query[PageQuery]) -> dict[str, object]:
    """The documents in the case's evidence locker, with what reading found and the rules each
    fails, checked now against the case's notice and data (as the case page checks them)."""
    case = get_case_for_user(token_user(request), case_id)
    rows, next_cursor = page(EvidenceDocument.objects.filter(case=case), q.cursor, q.limit)
    checked = (
        evidence_services.check_case(case)
        if any(d.state == EvidenceDocument.State.DONE for d in rows)
        else None
    )
    return paged([evidence_item(d, checked) for d in rows], next_cursor)


def evidence_item(
    document: EvidenceDocument, checked: evidence_services.CaseEvidence | None
) -> dict[str, Any]:
    """One document as the list answers it (``checked``: the locker checked now, or None when
    nothing is read yet)."""
    result = checked.result_for(document) if checked is not None else None
    return {
        "id": document.pk,
        "original_name": document.original_name,
        "kind": result.reading.kind if result is not None else document.reading.get("kind"),
        "proves": document.proves,
        "asins": list(result.asins) if result is not None else list(document.asins),
        "sha256": document.sha256,
        "size": document.size,
        "state": document.state,
        "error": document.error,
        "uploaded_at": document.uploaded_at,
        "read_at": document.read_at,
        "passed": result.passed if result is not None else None,
        "findings": [f.to_json() for f in result.findings] if result is not None else [],
    }


@router.get(
    "/cases/{case_id}/submissions",
    response={200: SubmissionPage, ERRORS: ErrorOut},
    tags=["submissions"],
)
def list_submissions(request: HttpRequest, case_id: int, q: Query[PageQuery]) -> dict[str, object]:
    """Appeals and follow-ups as they went to Amazon, frozen with their SHA-256 and the names
    and hashes of their files."""
    case = get_case_for_user(token_user(request), case_id)
    rows, next_cursor = page(Submission.objects.filter(case=case), q.cursor, q.limit)
    return paged([submission_item(s) for s in rows], next_cursor)


def submission_item(submission: Submission) -> dict[str, Any]:
    return {
        "id": submission.pk,
        "kind": submission.kind,
        "channel": submission.channel,
        "method": submission.method,
        "state": submission.state,
        "created_at": submission.created_at,
        "submitted_at": submission.submitted_at,
        "sha256": submission.sha256,
        "files": [{k: f.get(k) for k in FILE_FIELDS} for f in submission.attachments],
    }


@router.get(
    "/cases/{case_id}/mailbox-messages",
    response={200: MailboxMessagePage, ERRORS: ErrorOut},
    tags=["mailbox"],
)
def list_mailbox_messages(
    request: HttpRequest, case_id: int, q: Query[PageQuery]
) -> dict[str, object]:
    """Amazon's messages the mailbox watcher attached to the case: what they were, Amazon's
    answer, the rule that chose the case and the status the case moved to."""
    case = get_case_for_user(token_user(request), case_id)
    rows, next_cursor = page(MailboxMessage.objects.filter(case=case), q.cursor, q.limit)
    return paged(rows, next_cursor)


@router.get(
    "/cases/{case_id}/handovers",
    response={200: HandoverPage, ERRORS: ErrorOut},
    tags=["teams"],
)
def list_handovers(request: HttpRequest, case_id: int, q: Query[PageQuery]) -> dict[str, object]:
    """The case's hand-overs to teams, live and past. A team reaching the case by a hand-over
    sees its own hand-overs only (as on the case page: other teams' are the seller's)."""
    user = token_user(request)
    case = get_case_for_user(user, case_id)
    grants = CaseGrant.objects.filter(case=case).select_related("team")
    team = acting_team(user, case)
    if team is not None:
        grants = grants.filter(team=team)
    rows, next_cursor = page(grants, q.cursor, q.limit)
    return paged([handover_item(g) for g in rows], next_cursor)


def handover_item(grant: CaseGrant) -> dict[str, Any]:
    return {
        "id": grant.pk,
        "team_id": grant.team_id,
        "team_name": grant.team.name if grant.team is not None else None,
        "state": grant.state,
        "created_at": grant.created_at,
        "answered_at": grant.answered_at,
        "revoked_at": grant.revoked_at,
    }
