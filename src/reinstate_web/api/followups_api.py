"""The follow-up on an appeal Amazon has not answered: where the rule stands, and sending it
(e-mailed in the appeal's thread through the job queue) or recording that the seller sent it
in Seller Central. ``submissions.services.send_follow_up``, the case page's service, with its
refusals answered as 409 and their codes (docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Status

from reinstate.errors import InputError
from reinstate_web.api.auth import token_user
from reinstate_web.api.casefile_api import submission_item
from reinstate_web.api.errors import ERRORS, ApiError, ErrorOut
from reinstate_web.api.schemas import FollowUpIn, FollowUpOut, SubmissionOut
from reinstate_web.cases.access import get_case_for_user
from reinstate_web.submissions import follow_up_sending, follow_ups, services, tasks

router = Router(tags=["submissions"])


@router.get("/cases/{case_id}/follow-up", response={200: FollowUpOut, ERRORS: ErrorOut})
def read_follow_up(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """Whether a follow-up may go now, and if not, why (the code a request would get), when it
    becomes appropriate, where it goes and its text."""
    case = get_case_for_user(token_user(request), case_id)
    state = follow_ups.follow_up_state(case, timezone.now())
    refusal = follow_up_sending.refusal(case, state)
    if state is None:
        return {
            "appeal_id": None,
            "allowed": False,
            "refusal": refusal,
            "kind": None,
            "due_at": None,
            "by_email": False,
            "to": "",
            "subject": "",
            "text": "",
            "sent": 0,
        }
    return {
        "appeal_id": state.appeal.pk,
        "allowed": refusal is None,
        "refusal": refusal,
        "kind": state.due.kind.value,
        "due_at": state.due.due_at,
        "by_email": state.by_email,
        "to": services.follow_up_recipient(state.appeal) if state.by_email else "",
        "subject": state.text.subject,
        "text": state.text.text.en,
        "sent": len(state.sent),
    }


@router.post(
    "/cases/{case_id}/follow-up",
    response={201: SubmissionOut, 202: SubmissionOut, ERRORS: ErrorOut},
)
def send_follow_up(
    request: HttpRequest, case_id: int, body: FollowUpIn
) -> Status[dict[str, object]]:
    """Send the follow-up that is due: ``email`` queues it in the appeal's e-mail thread (202,
    sent by the job queue; read its state from the submissions list), ``record`` keeps the one
    you sent in Seller Central (201). Never a second appeal. Refused with 409: ``answered``,
    ``follow_up_sent``, ``follow_up_in_flight``, ``follow_up_not_due``,
    ``nothing_to_follow_up``, and for e-mail ``not_email`` (the appeal went through Seller
    Central: record it), ``not_configured``, ``no_sender``, ``not_amazon``."""
    user = token_user(request)
    case = get_case_for_user(user, case_id, edit=True)
    case_url = request.build_absolute_uri(reverse("cases:detail", kwargs={"pk": case.pk}))
    try:
        submission = services.send_follow_up(
            case, how=body.how, actor=user, now=timezone.now(), case_url=case_url
        )
    except InputError as exc:
        raise ApiError(400, exc.code, exc.message) from exc
    except services.SubmitRefused as exc:
        raise ApiError(409, exc.code, exc.message) from exc
    if body.how == "record":
        return Status(201, submission_item(submission))
    tasks.send_later(submission)
    submission.refresh_from_db()
    return Status(202, submission_item(submission))
