"""The rejection loop: when Amazon answers an appeal by asking for more information or saying no,
a round records what the answer asks for against what the last letter and its attachments gave
(the gap analysis of ``reinstate.compose.gaps``), moves the case to that answer, and writes a
revised draft that answers each ask with a paragraph from the knowledge base (never the same
letter again).

It starts by itself when such an answer is stored on a case, however it arrived (pasted on the
case page, read on the job queue, or, later, found by the mailbox watcher): ``apps.py`` connects
:func:`answer_saved` to the notice's ``post_save``, and the round runs once the answer's
transaction has committed (composing never holds the database). A round per answer, once.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from reinstate.codes import ReplyOutcome
from reinstate.compose import Choices
from reinstate.compose.gaps import PreviousLetter, find_asks, gap_analysis
from reinstate.errors import ReinstateError
from reinstate.workflow import Status, can_transition
from reinstate_web.cases import services as case_services
from reinstate_web.cases.models import Case, CaseEvent
from reinstate_web.drafting import services
from reinstate_web.drafting.models import Draft, Round
from reinstate_web.notices.models import Notice

logger = logging.getLogger(__name__)

OUTCOMES = {
    ReplyOutcome.MORE_INFO.value: Status.MORE_INFO_REQUESTED,
    ReplyOutcome.DENIED.value: Status.DENIED,
}


def wants_round(notice: Notice) -> bool:
    """An answer read to the end that asks for more information or says no."""
    return (
        notice.kind == Notice.Kind.REPLY
        and notice.state == Notice.State.READY
        and notice.reply_outcome in OUTCOMES
    )


def answer_saved(sender: Any, instance: Notice, **kwargs: Any) -> None:
    """``post_save`` of a notice: a round for a new answer that asks for more or says no, once
    its transaction has committed."""
    if kwargs.get("raw") or not wants_round(instance):
        return
    pk = instance.pk
    transaction.on_commit(lambda: _open_later(pk))


def _open_later(notice_id: int) -> None:
    notice = Notice.objects.select_related("case", "case__account").filter(pk=notice_id).first()
    if notice is None or not wants_round(notice) or Round.objects.filter(reply=notice).exists():
        return
    try:
        open_round(notice)
    except Exception:  # the answer stays stored; the round can be opened again from the page
        logger.exception("round for notice %s could not be opened", notice_id)


def previous_letter(draft: Draft | None) -> PreviousLetter | None:
    if draft is None:
        return None
    return PreviousLetter(
        sections={name: str(raw.get("text") or "") for name, raw in draft.sections.items()},
        attachments=tuple(str(a["code"]) for a in draft.attachments if a.get("in_letter")),
        in_error=draft.in_error,
        unconfirmed=len(draft.unconfirmed),
        number=draft.number,
    )


def open_round(notice: Notice, *, lang: str = "zh-hans") -> Round:
    """The round of ``notice`` (Amazon's answer): gap analysis, the case moved to the answer,
    and the revised draft. Composing runs outside any transaction; a second call for the same
    answer returns the round already opened."""
    case: Case = notice.case
    existing = Round.objects.filter(reply=notice).first()
    if existing is not None:
        return existing
    previous = services.latest_draft(case)
    asks = find_asks(
        notice.text,
        notice.diagnosis.get("requested_documents") or (),
        category=case.category or None,
        in_error=bool(previous and previous.in_error),
    )
    gaps = gap_analysis(asks, previous_letter(previous))
    _move_to_answer(case, notice.reply_outcome)
    revised: Draft | None = None
    problem = ""
    try:
        choices = Choices.from_mapping(previous.choices) if previous and previous.choices else None
        revised = services.compose_draft(
            case,
            None,
            origin=Draft.Origin.REVISED,
            choices=choices,
            lang=lang,
            asks=[a.code for a in asks],
            summary=f"round {_next_number(case)}",
        )
    except ReinstateError:
        problem = "no_category"
    try:
        with transaction.atomic():
            found = Round.objects.create(
                case=case,
                number=_next_number(case),
                reply=notice,
                outcome=notice.reply_outcome,
                previous=previous,
                revised=revised,
                gaps=[g.to_json() for g in gaps],
                problem=problem,
            )
            case_services.record(
                case,
                CaseEvent.Kind.ROUND,
                None,
                round=found.number,
                outcome=found.outcome,
                asks=[g.ask for g in gaps],
                revised=revised.number if revised else None,
            )
    except IntegrityError:  # the same answer's round opened at the same moment
        return Round.objects.get(reply=notice)
    return found


def _next_number(case: Case) -> int:
    return int(Round.objects.filter(case=case).aggregate(top=Max("number"))["top"] or 0) + 1


def _move_to_answer(case: Case, outcome: str) -> None:
    """The case stands at Amazon's answer when the path allows it (a case handed to a team, or
    one still being written, keeps its status; the round is on the timeline either way)."""
    case.refresh_from_db(fields=["status"])
    target = OUTCOMES[outcome]
    if case.status_enum is not target and can_transition(case.status_enum, target):
        case_services.change_status(case, target, actor=None)
