"""Appeal letters: compose a version, read it with its check, save an edit, check a text."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from reinstate.compose import Choices
from reinstate_web.accounts.models import User
from reinstate_web.api.auth import token_user
from reinstate_web.api.cases_api import PageQuery
from reinstate_web.api.errors import ERRORS, ApiError, ErrorOut
from reinstate_web.api.pagination import page, paged
from reinstate_web.api.schemas import CheckOut, DraftIn, DraftOut, DraftPage, LetterIn
from reinstate_web.cases.access import get_case_for_user
from reinstate_web.cases.models import Case
from reinstate_web.drafting import services
from reinstate_web.drafting.models import Draft

router = Router(tags=["drafts"])


def draft_json(draft: Draft) -> dict[str, object]:
    report = draft.check_report or {}
    return {
        "number": draft.number,
        "origin": draft.origin,
        "created_at": draft.created_at,
        "score": draft.score,
        "verdict": draft.verdict,
        "summary": draft.summary,
        "category": draft.category,
        "letter": draft.letter,
        "sections": draft.sections,
        "open_questions": draft.open_questions,
        "attachments": draft.attachments,
        "check": {
            "score": report.get("score", draft.score),
            "verdict": report.get("verdict", draft.verdict),
            "findings": report.get("findings", []),
        },
    }


def _version(case: Case, user: User, number: int) -> Draft:
    draft = services.drafts_of(case, user).filter(number=number).first()
    if draft is None:
        raise ApiError(404, "not_found", "No such version of the letter on this case.")
    return draft


@router.get("/cases/{case_id}/drafts", response={200: DraftPage, ERRORS: ErrorOut})
def list_drafts(request: HttpRequest, case_id: int, q: Query[PageQuery]) -> dict[str, object]:
    user = token_user(request)
    case = get_case_for_user(user, case_id)
    rows, next_cursor = page(services.drafts_of(case, user), q.cursor, q.limit)
    return paged(rows, next_cursor)


@router.post("/cases/{case_id}/drafts", response={201: DraftOut, ERRORS: ErrorOut})
def compose_draft(request: HttpRequest, case_id: int, body: DraftIn) -> Status[dict[str, object]]:
    """Compose a new version from the case's facts and the latest answers, checked."""
    user = token_user(request)
    case = get_case_for_user(user, case_id, edit=True)
    latest = services.latest_draft(case, user)
    choices = Choices.from_mapping(latest.choices) if latest and latest.choices else None
    draft = services.compose_draft(case, user, choices=choices, lang=body.lang)
    return Status(201, draft_json(draft))


@router.get("/cases/{case_id}/drafts/{number}", response={200: DraftOut, ERRORS: ErrorOut})
def read_draft(request: HttpRequest, case_id: int, number: int) -> dict[str, object]:
    user = token_user(request)
    return draft_json(_version(get_case_for_user(user, case_id), user, number))


@router.post("/cases/{case_id}/drafts/{number}/edits", response={201: DraftOut, ERRORS: ErrorOut})
def save_edit(
    request: HttpRequest, case_id: int, number: int, body: LetterIn
) -> Status[dict[str, object]]:
    """Keep your edited English as a new version (checked against the case's facts)."""
    user = token_user(request)
    case = get_case_for_user(user, case_id, edit=True)
    parent = _version(case, user, number)
    return Status(201, draft_json(services.save_edit(case, parent, body.letter, user)))


@router.post("/cases/{case_id}/drafts/{number}/check", response={200: CheckOut, ERRORS: ErrorOut})
def check_letter(
    request: HttpRequest, case_id: int, number: int, body: LetterIn
) -> dict[str, object]:
    """Check a letter against the facts of a version without keeping it (``reinstate check
    --json``: score, verdict, findings with character offsets)."""
    user = token_user(request)
    case = get_case_for_user(user, case_id)
    draft = _version(case, user, number)
    report = services.run_check(body.letter, draft.check_context)
    return services.report_json(report, body.letter)
