"""Connect a seller account's mailbox (password, or sign-in with Google or Microsoft), check it
now, stop watching it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reinstate.mailbox import MailboxError
from reinstate_web.cases.access import get_account_for_user
from reinstate_web.cases.models import SellerAccount
from reinstate_web.mailbox import labels, oauth, panels, services, tasks
from reinstate_web.mailbox.forms import MailboxForm
from reinstate_web.requests import READ_METHODS, current_user

# The OAuth2 services a seller may sign in with (the buttons' values).
OAUTH_SERVICES = ("google", "microsoft")


def _page(request: HttpRequest, account: SellerAccount, form: MailboxForm) -> HttpResponse:
    context = panels.account_context(account, current_user(request))
    return render(
        request,
        "mailbox/connection.html",
        {
            **context,
            "account": account,
            "form": form,
            "password_help": [(code, str(text)) for code, text in labels.PASSWORD_HELP.items()],
        },
    )


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@login_required
def connection(request: HttpRequest, pk: int) -> HttpResponse:
    """The account's mailbox: its state for every member, the form for those who edit."""
    user = current_user(request)
    if request.method != "POST":
        account = get_account_for_user(user, pk)
        if request.method not in READ_METHODS:
            return HttpResponseNotAllowed([*READ_METHODS, "POST"])
        form = MailboxForm(account=account, connection=services.connection_for(account))
        return _page(request, account, form)
    account = get_account_for_user(user, pk, edit=True)
    form = MailboxForm(request.POST, account=account)
    action = request.POST.get("action", "password")
    if not form.is_valid():
        return _page(request, account, form)
    mailbox = form.mailbox()
    if action in OAUTH_SERVICES:
        pending = oauth.Pending(
            account_id=account.pk,
            service=action,
            provider=mailbox.provider,
            host=mailbox.host,
            port=mailbox.port,
            use_ssl=mailbox.use_ssl,
            username=mailbox.username,
            folder=mailbox.folder,
            redirect_uri=request.build_absolute_uri(reverse("mailbox:oauth_callback")),
        )
        try:
            return redirect(oauth.start(request.session, pending))
        except MailboxError as exc:
            form.add_error(None, labels.error_message(exc.code, mailbox.provider))
            return _page(request, account, form)
    password = str(form.cleaned_data.get("password") or "")
    if not password:
        form.add_error("password", _("Type the password, app password or authorisation code."))
        return _page(request, account, form)
    try:
        services.connect_with_password(
            account, mailbox, password, actor=user, site_url=_site_url(request)
        )
    except MailboxError as exc:
        form.add_error(None, labels.error_message(exc.code, mailbox.provider))
        return _page(request, account, form)
    messages.success(
        request,
        _("Connected. Reinstate now checks this mailbox every few minutes for Amazon's answers."),
    )
    return redirect("cases:account", pk=account.pk)


@login_required
def oauth_callback(request: HttpRequest) -> HttpResponse:
    """Where Google or Microsoft send the seller back after the sign-in."""
    user = current_user(request)
    pending = oauth.take_pending(request.session, request.GET.get("state", ""))
    if pending is None:
        messages.error(request, _("That sign-in link is no longer valid. Start again."))
        return redirect("cases:accounts")
    account = get_account_for_user(user, pending.account_id, edit=True)
    code = request.GET.get("code", "")
    if not code:
        messages.error(request, _("The sign-in was cancelled or refused. Nothing was changed."))
        return redirect("mailbox:account_mailbox", pk=account.pk)
    mailbox = services.MailboxSettings(
        pending.provider,
        pending.host,
        pending.port,
        pending.use_ssl,
        pending.username,
        pending.folder,
    )
    try:
        tokens = oauth.exchange(pending, code)
        services.connect_with_oauth(
            account, mailbox, pending.service, tokens, actor=user, site_url=_site_url(request)
        )
    except MailboxError as exc:
        messages.error(request, labels.error_message(exc.code, pending.provider))
        return redirect("mailbox:account_mailbox", pk=account.pk)
    messages.success(
        request,
        _("Connected. Reinstate now checks this mailbox every few minutes for Amazon's answers."),
    )
    return redirect("cases:account", pk=account.pk)


@login_required
@require_POST
def disconnect(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_account_for_user(current_user(request), pk, edit=True)
    if services.disconnect(account):
        messages.success(
            request,
            _(
                "The mailbox is no longer watched and its password is deleted. Messages "
                "already added stay on their cases."
            ),
        )
    return redirect("cases:account", pk=account.pk)


@login_required
@require_POST
def check_now(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_account_for_user(current_user(request), pk, edit=True)
    connection = services.connection_for(account)
    if connection is not None:
        tasks.poll_mailbox(connection.pk)
        messages.info(
            request, _("The mailbox is being checked; new answers appear on their cases.")
        )
    return redirect("mailbox:account_mailbox", pk=account.pk)
