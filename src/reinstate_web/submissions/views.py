"""Thin views of step 5 and the wait: look the case (or account) up through ``access``, call one
service, go back to the case page on the step that changed. Refusals come back as one line in
the reader's language (``messages``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from reinstate.codes import SubmissionChannel
from reinstate.errors import InputError, ReinstateError
from reinstate.submit import AppealPending
from reinstate_web.accounts.models import User
from reinstate_web.cases.access import get_account_for_user, get_case_for_user, organisations_for
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Draft
from reinstate_web.requests import READ_METHODS, current_user, is_htmx
from reinstate_web.submissions import follow_ups, messages_text, panels, sending, services, tasks
from reinstate_web.submissions.forms import (
    CaseWaitForm,
    EmailForm,
    FollowUpForm,
    PolicyForm,
    RecordForm,
    ResolveForm,
    SmtpForm,
    uploads,
)
from reinstate_web.submissions.models import SmtpSettings


def _back(case: Case, step: int) -> HttpResponse:
    return redirect(reverse("cases:detail", kwargs={"pk": case.pk}) + f"#step-{step}")


def _case_url(request: HttpRequest, case: Case) -> str:
    return request.build_absolute_uri(reverse("cases:detail", kwargs={"pk": case.pk}))


def _refused(request: HttpRequest, exc: ReinstateError) -> None:
    messages.error(request, messages_text.refusal(exc))


def _form_errors(request: HttpRequest, form: object) -> None:
    errors = getattr(form, "errors", {})
    for field_errors in errors.values():
        for error in field_errors:
            messages.error(request, str(error))


def _draft(case: Case, number: int) -> Draft | None:
    return Draft.objects.filter(case=case, number=number).first()


@login_required
@require_POST
def record_view(request: HttpRequest, pk: int) -> HttpResponse:
    """ "I have submitted it": freeze what the seller pasted into Seller Central (or sent)."""
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    form = RecordForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case, 5)
    try:
        services.record_submission(
            case,
            channel=SubmissionChannel(form.cleaned_data["channel"]),
            actor=user,
            now=timezone.now(),
            draft=_draft(case, form.cleaned_data["n"]),
            uploads=uploads(form.cleaned_data["documents"]),
            case_url=_case_url(request, case),
        )
    except (AppealPending, InputError, services.SubmitRefused) as exc:
        _refused(request, exc)
        return _back(case, 5)
    messages.success(request, messages_text.recorded())
    return _back(case, 6)


@login_required
@require_POST
def email_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the appeal from the seller's registered address, in the notice's thread."""
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    form = EmailForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case, 5)
    try:
        submission = services.queue_email(
            case,
            channel=SubmissionChannel(form.cleaned_data["channel"]),
            to=form.cleaned_data["to"],
            actor=user,
            now=timezone.now(),
            draft=_draft(case, form.cleaned_data["n"]),
            uploads=uploads(form.cleaned_data["documents"]),
            case_url=_case_url(request, case),
        )
    except (AppealPending, InputError, services.SubmitRefused) as exc:
        _refused(request, exc)
        return _back(case, 5)
    tasks.send_later(submission)
    return _back(case, 6)


@login_required
@require_POST
def follow_up_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the one receipt check (or a later reminder), or record that the seller sent it."""
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, messages_text.nothing_to_follow_up())
        return _back(case, 6)
    how = form.cleaned_data["how"]
    try:
        submission = services.send_follow_up(
            case, how=how, actor=user, now=timezone.now(), case_url=_case_url(request, case)
        )
    except (InputError, services.SubmitRefused) as exc:
        _refused(request, exc)
        return _back(case, 6)
    if how == "email":
        tasks.send_later(submission)
    else:
        messages.success(request, messages_text.follow_up_recorded())
    return _back(case, 6)


@login_required
@require_POST
def resolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An e-mail that perhaps went (the seller looked in their Sent folder), or did not."""
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    form = ResolveForm(request.POST)
    submission = (
        case.submissions.filter(pk=form.cleaned_data["s"]).first() if form.is_valid() else None
    )
    if submission is None:
        return _back(case, 6)
    try:
        if form.cleaned_data["action"] == "was_sent":
            services.confirm_sent(submission, actor=user, now=timezone.now())
        else:
            tasks.send_later(services.send_again(submission, actor=user, now=timezone.now()))
    except (AppealPending, services.SubmitRefused) as exc:
        _refused(request, exc)
    return _back(case, 6)


@login_required
@require_POST
def wait_view(request: HttpRequest, pk: int) -> HttpResponse:
    """This case's own waits (empty fields: the company's)."""
    user = current_user(request)
    case = get_case_for_user(user, pk, edit=True)
    form = CaseWaitForm(request.POST)
    if form.is_valid():
        follow_ups.save_case_wait(
            case,
            first_hours=form.cleaned_data["first_hours"],
            reminder_days=form.cleaned_data["reminder_days"],
            actor=user,
        )
        messages.success(request, messages_text.wait_saved())
    else:
        _form_errors(request, form)
    return _back(case, 6)


@login_required
def panel_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 6's block, polled while an e-mail is on its way; the page reloads once it is sent
    (the status and the steps change with it)."""
    user = current_user(request)
    case = get_case_for_user(user, pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    context = panels.wait_context(case, user, timezone.now())
    response = render(request, "submissions/_wait.html", {**context, "case": case})
    if is_htmx(request) and not context["submissions_in_flight"]:
        response["HX-Refresh"] = "true"
    return response


@login_required
def copy_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The copy kept of an e-mail: the exact bytes sent (``?s=`` names it; else the latest)."""
    user = current_user(request)
    case = get_case_for_user(user, pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    emails = case.submissions.exclude(raw_message="").order_by("-created_at", "-id")
    raw = request.GET.get("s", "")
    submission = emails.filter(pk=int(raw)).first() if raw.isdigit() else emails.first()
    if submission is None:
        return render(request, "submissions/nothing_sent.html", {"case": case})
    response = FileResponse(
        submission.raw_message.open("rb"),
        as_attachment=True,
        filename=f"case-{case.pk}-{submission.kind}-{submission.pk}.eml",
        content_type="message/rfc822",
    )
    return response


# --- the seller account's sending settings --------------------------------------------------


@login_required
def account_sending(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    if request.method == "POST":
        account = get_account_for_user(user, pk, edit=True)
    else:
        account = get_account_for_user(user, pk)
        if request.method not in READ_METHODS:
            return HttpResponseNotAllowed([*READ_METHODS, "POST"])
    smtp = SmtpSettings.objects.filter(account=account).first()
    initial = (
        {"host": smtp.host, "port": smtp.port, "security": smtp.security, "username": smtp.username}
        if smtp
        else {"username": account.registered_email}
    )
    form = SmtpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_smtp_settings(
                account,
                host=data["host"],
                port=data["port"],
                security=data["security"],
                username=data["username"],
                password=data["password"] or None,
                actor=user,
            )
        except InputError as exc:
            form.add_error(None, messages_text.refusal(exc))
        else:
            messages.success(request, messages_text.sending_saved())
            return redirect("submissions:account_sending", pk=account.pk)
    return render(
        request,
        "submissions/sending.html",
        {
            "account": account,
            "form": form,
            "smtp": smtp,
            "can_edit": panels.edits_account(user, account),
        },
    )


@login_required
@require_POST
def account_sending_test(request: HttpRequest, pk: int) -> HttpResponse:
    """Connect, secure, sign in and leave: says in words what is wrong, sends nothing."""
    account = get_account_for_user(current_user(request), pk, edit=True)
    try:
        sending.check(services.mail_server(account))
    except sending.SendError as exc:
        messages.error(request, messages_text.send_error(exc.code))
    else:
        messages.success(request, messages_text.sending_works())
    return redirect("submissions:account_sending", pk=account.pk)


@login_required
@require_POST
def account_sending_delete(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_account_for_user(current_user(request), pk, edit=True)
    SmtpSettings.objects.filter(account=account).delete()
    messages.success(request, messages_text.sending_deleted())
    return redirect("cases:account", pk=account.pk)


@login_required
def follow_up_settings(request: HttpRequest) -> HttpResponse:
    """The waits of each company or team the user edits."""
    user: User = current_user(request)
    editable = organisations_for(user, edit=True).order_by("name")
    form = PolicyForm(request.POST or None, organisations=editable)
    if request.method == "POST" and form.is_valid():
        follow_ups.save_policy(
            form.cleaned_data["organisation"],
            first_hours=form.cleaned_data["first_hours"],
            reminder_days=form.cleaned_data["reminder_days"],
        )
        messages.success(request, messages_text.wait_saved())
        return redirect("submissions:follow_up_settings")
    rows = []
    for organisation in organisations_for(user).order_by("name"):
        rule = follow_ups.organisation_rule(organisation)
        rows.append(
            {
                "organisation": organisation,
                "hours": int(rule.first_wait.total_seconds() // 3600),
                "days": rule.reminder_wait.days,
            }
        )
    return render(
        request,
        "submissions/follow_up_settings.html",
        {"form": form, "rows": rows, "can_edit": editable.exists()},
    )
