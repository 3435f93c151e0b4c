"""Thin views of the hand-over on a case: the seller escalates, revokes and answers the team's
questions; the team notes, asks, assigns and shares. Every case is looked up through
``cases.access``; a team's actions need the case to be reached through the team."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reinstate_web.accounts.models import Organisation, User
from reinstate_web.cases.access import acting_team, get_case_for_user, is_seller_side
from reinstate_web.cases.models import Case
from reinstate_web.requests import READ_METHODS, current_user
from reinstate_web.teams import casework, handover
from reinstate_web.teams.forms import EscalateForm, TextForm
from reinstate_web.teams.models import SellerQuestion

HANDOVER_ERRORS = {
    "closed": gettext_lazy("A reinstated case is closed: it cannot be handed over."),
    "already": gettext_lazy("The case is already with a team. Revoke that access first."),
    "own": gettext_lazy("The case already belongs to that organisation."),
    "gone": gettext_lazy("This hand-over was already answered, revoked or has expired."),
    "wrong_address": gettext_lazy("This hand-over is for another e-mail address."),
    "not_allowed": gettext_lazy(
        "Only an owner or a specialist of that team can accept a case for it."
    ),
    "not_a_specialist": gettext_lazy("Choose one of the team's owners or specialists."),
}


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("cases:detail", kwargs={"pk": case.pk}) + "#team-panel")


def _seller_case(user: User, pk: int) -> Case:
    """A case the user edits as a member of the seller's own organisation (a team reaching it
    by a hand-over cannot hand it on or revoke itself)."""
    case = get_case_for_user(user, pk, edit=True)
    if not is_seller_side(user, case, edit=True):
        raise PermissionDenied
    return case


def _team_case(user: User, pk: int, *, edit: bool = True) -> tuple[Case, Organisation]:
    """A case the user reaches through their team's active hand-over."""
    case = get_case_for_user(user, pk, edit=edit)
    team = acting_team(user, case)
    if team is None:
        raise PermissionDenied
    return case, team


@login_required
def case_handover(request: HttpRequest, pk: int) -> HttpResponse:
    """The seller's hand-over page: who to hand the case to, what the team will see, consent."""
    user = current_user(request)
    case = get_case_for_user(user, pk)
    if not is_seller_side(user, case, edit=True):
        raise PermissionDenied
    teams = handover.known_teams(user, case)
    form = EscalateForm(request.POST or None, teams=teams)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["team"]:
                handover.escalate_to_team(
                    case, data["team"], actor=user, message=data["message"] or ""
                )
                done = _(
                    "%(team)s sees your request now. Its members see the case once one of "
                    "them accepts."
                ) % {"team": data["team"]}
            else:
                handover.escalate_by_email(
                    case,
                    email=data["email"],
                    actor=user,
                    message=data["message"] or "",
                    link_for=lambda token: request.build_absolute_uri(
                        reverse("teams:handover_link", kwargs={"token": token})
                    ),
                )
                done = _(
                    "Invitation sent to %(email)s. The team sees the case once it accepts."
                ) % {"email": data["email"]}
        except handover.HandOverError as exc:
            form.add_error(None, str(HANDOVER_ERRORS[exc.code]))
            status = 409
        except handover.NotSentError:
            form.add_error(
                None,
                _("The invitation could not be sent: the mail server did not answer. Try again."),
            )
            status = 503
        else:
            messages.success(request, done)
            return _back(case)
    elif request.method == "POST":
        status = 400
    elif request.method not in READ_METHODS:
        status = 405
    return render(
        request,
        "teams/handover.html",
        {"case": case, "form": form, "grant": handover.live_grant(case), "teams": teams},
        status=status,
    )


@login_required
@require_POST
def case_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = _seller_case(user, pk)
    grant = handover.live_grant(case)
    if grant is None:
        messages.error(request, str(HANDOVER_ERRORS["gone"]))
        return _back(case)
    handover.revoke(grant, actor=user)
    messages.success(
        request,
        _("Access revoked: %(team)s no longer sees this case.")
        % {"team": grant.team or grant.email},
    )
    return _back(case)


@login_required
@require_POST
def case_answer(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    """The seller answers a team's question."""
    user = current_user(request)
    case = _seller_case(user, pk)
    question = get_object_or_404(SellerQuestion, pk=question_id, case=case)
    form = TextForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your answer first."))
        return _back(case)
    casework.answer_question(question, actor=user, text=form.cleaned_data["text"])
    messages.success(request, _("Your answer is sent to the team."))
    return _back(case)


@login_required
@require_POST
def case_note(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case, team = _team_case(user, pk)
    form = TextForm(request.POST)
    if form.is_valid():
        casework.add_note(case, team, author=user, text=form.cleaned_data["text"])
        messages.success(request, _("Note kept. Only your team sees it."))
    else:
        messages.error(request, _("Write the note first."))
    return _back(case)


@login_required
@require_POST
def case_ask(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case, team = _team_case(user, pk)
    form = TextForm(request.POST)
    if form.is_valid():
        casework.ask_seller(case, team, actor=user, text=form.cleaned_data["text"])
        messages.success(request, _("Question sent. The seller sees it on the case."))
    else:
        messages.error(request, _("Write the question first."))
    return _back(case)


@login_required
@require_POST
def case_share(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case, team = _team_case(user, pk)
    shared = casework.share_latest(case, team, actor=user)
    if shared is None:
        messages.error(request, _("Your team has no new version to share."))
    else:
        messages.success(
            request,
            _("Version %(n)s is shared: the seller sees it now.") % {"n": shared.number},
        )
    return _back(case)


@login_required
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign the case to one of the team's specialists (or to nobody)."""
    user = current_user(request)
    case, team = _team_case(user, pk)
    raw = request.POST.get("specialist", "")
    specialist = User.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if raw and specialist is None:
        raise Http404
    try:
        handover.assign(case, specialist, actor=user, team=team)
    except handover.HandOverError as exc:
        messages.error(request, str(HANDOVER_ERRORS[exc.code]))
    else:
        messages.success(request, _("The specialist is changed."))
    return _back(case)
