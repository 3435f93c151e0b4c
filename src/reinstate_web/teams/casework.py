"""What a team does on a case it was handed: internal notes (the team's only), questions to the
seller (both sides see them), and sharing a version of the letter with the seller."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from reinstate_web.accounts.models import Organisation, User
from reinstate_web.cases import services as case_services
from reinstate_web.cases.access import team_work_visible
from reinstate_web.cases.models import Case, CaseEvent
from reinstate_web.drafting import services as drafting_services
from reinstate_web.drafting.models import Draft
from reinstate_web.teams.models import NOTE_MAX, InternalNote, SellerQuestion


class EmptyTextError(ValueError):
    """A note, question or answer with no text."""


def _text(raw: str) -> str:
    text = raw.replace("\r\n", "\n").strip()[:NOTE_MAX]
    if not text:
        raise EmptyTextError
    return text


def notes_for(user: User, case: Case) -> QuerySet[InternalNote]:
    """The internal notes ``user`` may read: those of their own team(s) only."""
    return (
        InternalNote.objects.filter(case=case)
        .filter(team_work_visible(user))
        .exclude(team__isnull=True)
        .select_related("author", "team")
    )


def add_note(case: Case, team: Organisation, *, author: User, text: str) -> InternalNote:
    """A note inside the team. It is not written on the case's timeline, which the seller reads."""
    return InternalNote.objects.create(case=case, team=team, author=author, text=_text(text))


def questions_for(case: Case) -> QuerySet[SellerQuestion]:
    return SellerQuestion.objects.filter(case=case).select_related("asked_by", "answered_by")


@transaction.atomic
def ask_seller(case: Case, team: Organisation, *, actor: User, text: str) -> SellerQuestion:
    question = SellerQuestion.objects.create(case=case, team=team, asked_by=actor, text=_text(text))
    case_services.record(case, CaseEvent.Kind.QUESTION, actor, question=question.pk)
    return question


@transaction.atomic
def answer_question(question: SellerQuestion, *, actor: User, text: str) -> SellerQuestion:
    question.answer = _text(text)
    question.answered_by, question.answered_at = actor, timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    case_services.record(question.case, CaseEvent.Kind.QUESTION, actor, answered=question.pk)
    return question


def unshared_version(case: Case, team: Organisation) -> Draft | None:
    """The team's latest version that the seller has not seen yet (None when the latest
    version the team wrote was shared, or when it wrote none)."""
    latest = (
        Draft.objects.filter(case=case, team=team).order_by("-number").only("pk", "number").first()
    )
    if latest is None or Draft.objects.filter(case=case, parent=latest, team=None).exists():
        return None
    return latest


def share_latest(case: Case, team: Organisation, *, actor: User) -> Draft | None:
    """Share the team's latest unshared version with the seller (None: nothing to share)."""
    draft = unshared_version(case, team)
    if draft is None:
        return None
    return drafting_services.share_version(case, draft, actor)
