"""Record an appeal the seller submitted in Seller Central (or sent themselves), or have
Reinstate e-mail it: the page's forms and the services of ``submissions``, unchanged (the
letter and files frozen with their SHA-256; a second appeal refused while one is pending)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from ninja import Status

from reinstate.codes import SubmissionChannel
from reinstate.submit import AppealPending
from reinstate_web.accounts.models import User
from reinstate_web.api.auth import token_user
from reinstate_web.api.casefile_api import router, submission_item
from reinstate_web.api.errors import ERRORS, ApiError, ErrorOut
from reinstate_web.api.multipart import FILE, body, refuse
from reinstate_web.api.schemas import SubmissionOut
from reinstate_web.cases.access import get_case_for_user
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from reinstate_web.drafting.services import drafts_of
from reinstate_web.submissions import services, tasks
from reinstate_web.submissions.forms import MAX_FILES, EmailForm, RecordForm, uploads

DRAFT = {
    "type": "integer",
    "minimum": 1,
    "description": "The version of the letter that went (its `number` in the drafts list).",
}
DOCUMENTS = {
    "type": "array",
    "items": FILE,
    "maxItems": MAX_FILES,
    "description": "The files that went with it: PDF, JPG, PNG or GIF, at most 50 MB each.",
}
RECORD_BODY = body(
    {
        "channel": {"type": "string", "enum": [c.value for c in SubmissionChannel]},
        "draft": DRAFT,
        "documents": DOCUMENTS,
    },
    ["channel", "draft"],
)
EMAIL_BODY = body(
    {
        "channel": {
            "type": "string",
            "enum": [SubmissionChannel.REPLY_TO_NOTICE.value, SubmissionChannel.EMAIL.value],
        },
        "to": {"type": "string", "format": "email", "description": "Amazon's address."},
        "draft": DRAFT,
        "documents": DOCUMENTS,
    },
    ["channel", "to", "draft"],
)


def _form_data(
    request: HttpRequest, *fields: str
) -> tuple[dict[str, str], MultiValueDict[str, Any]]:
    """The page's field names (``n`` is the version) from the API's."""
    data = {name: request.POST.get(name, "") for name in fields}
    data["n"] = request.POST.get("draft", "")
    return data, MultiValueDict({"documents": request.FILES.getlist("documents")})


def _version(case: Case, user: User, number: int) -> Draft:
    """A version the token's owner sees (a team's unshared work stays the team's)."""
    draft = drafts_of(case, user).filter(number=number).first()
    if draft is None:
        raise ApiError(404, "not_found", "No such version of the letter on this case.")
    return draft


def _refused(exc: AppealPending | services.SubmitRefused) -> ApiError:
    if isinstance(exc, AppealPending):
        return ApiError(409, exc.code, exc.message)
    if exc.code == "too_large":
        return ApiError(413, exc.code, exc.message)
    return ApiError(409, exc.code, exc.message)


def _case_url(request: HttpRequest, case: Case) -> str:
    return request.build_absolute_uri(reverse("cases:detail", kwargs={"pk": case.pk}))


def _what_goes(
    request: HttpRequest, case: Case, user: User, form: RecordForm | EmailForm
) -> dict[str, Any]:
    """What recording and e-mailing both freeze: the channel, the version, the files, now."""
    return {
        "channel": SubmissionChannel(form.cleaned_data["channel"]),
        "actor": user,
        "now": timezone.now(),
        "draft": _version(case, user, form.cleaned_data["n"]),
        "uploads": uploads(form.cleaned_data["documents"]),
        "case_url": _case_url(request, case),
    }


@router.post(
    "/cases/{case_id}/submissions",
    response={201: SubmissionOut, ERRORS: ErrorOut},
    openapi_extra=RECORD_BODY,
    tags=["submissions"],
)
def record_submission(request: HttpRequest, case_id: int) -> Status[dict[str, object]]:
    """ "I have submitted it": freeze the version's text (the boxes of the channel's form) and
    the files exactly as they went, now; the case moves to waiting for Amazon. A second appeal
    while one awaits Amazon's answer is refused (409 ``appeal_pending``: a duplicate contact)."""
    user = token_user(request)
    case = get_case_for_user(user, case_id, edit=True)
    form = RecordForm(*_form_data(request, "channel"))
    if not form.is_valid():
        raise refuse(form)
    try:
        submission = services.record_submission(case, **_what_goes(request, case, user, form))
    except (AppealPending, services.SubmitRefused) as exc:
        raise _refused(exc) from exc
    return Status(201, submission_item(submission))


@router.post(
    "/cases/{case_id}/submissions/email",
    response={202: SubmissionOut, ERRORS: ErrorOut},
    openapi_extra=EMAIL_BODY,
    tags=["submissions"],
)
def email_submission(request: HttpRequest, case_id: int) -> Status[dict[str, object]]:
    """Send the appeal from the seller's registered address, in the notice's thread (the
    account's sending settings, made on the site): frozen and queued (202, ``state`` queued),
    then sent by the job queue; read its state from the list. Refusals as for recording, and
    ``not_configured``, ``no_sender``, ``not_amazon``, ``letter_not_ready`` (409)."""
    user = token_user(request)
    case = get_case_for_user(user, case_id, edit=True)
    form = EmailForm(*_form_data(request, "channel", "to"))
    if not form.is_valid():
        raise refuse(form)
    try:
        submission = services.queue_email(
            case, to=form.cleaned_data["to"], **_what_goes(request, case, user, form)
        )
    except (AppealPending, services.SubmitRefused) as exc:
        raise _refused(exc) from exc
    tasks.send_later(submission)
    submission.refresh_from_db()
    return Status(202, submission_item(submission))
