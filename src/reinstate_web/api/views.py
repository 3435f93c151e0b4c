"""The account page where a person makes and revokes their API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reinstate_web.api import tokens
from reinstate_web.api.models import ApiToken
from reinstate_web.requests import current_user


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=ApiToken.Scope.choices,
        initial=list(tokens.DEFAULT_SCOPES),
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.IntegerField(
        label=gettext_lazy("Days until it expires"),
        min_value=1,
        max_value=tokens.MAX_DAYS,
        initial=90,
    )


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _row, secret = tokens.create_token(
            user,
            form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            days=form.cleaned_data["days"],
        )
        form = TokenForm()
    rows = ApiToken.objects.filter(user=user)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": rows, "secret": secret},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if tokens.revoke_token(current_user(request), token_id):
        messages.success(request, _("The token is revoked: it no longer opens the API."))
    return redirect("api_tokens:list")
