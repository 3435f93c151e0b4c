"""Connect a seller account: marketplace and the three values from Seller Central. The secret
fields are never rendered back (not even after an error): the user types them again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reinstate.live import Credentials
from reinstate_web.cases.models import MARKETPLACES, SellerAccount

_SECRET = forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})


def _no_spaces(value: str) -> str:
    value = value.strip()
    if any(ch.isspace() for ch in value):
        raise forms.ValidationError(_("Paste the value without spaces or line breaks."))
    return value


class ConnectionForm(forms.Form):
    marketplace = forms.ChoiceField(label=_("Marketplace"), choices=MARKETPLACES)
    lwa_app_id = forms.CharField(
        label=_("LWA client identifier"),
        max_length=200,
        help_text=_("Looks like amzn1.application-oa2-client.…"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    lwa_client_secret = forms.CharField(
        label=_("LWA client secret"), max_length=500, widget=_SECRET
    )
    refresh_token = forms.CharField(
        label=_("Refresh token"),
        max_length=2000,
        help_text=_("Shown once when the seller authorises the app; it starts with Atzr|"),
        widget=_SECRET,
    )

    def __init__(self, *args: Any, account: SellerAccount | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        marketplaces = list(account.marketplaces) if account is not None else []
        if marketplaces and not self.is_bound:
            self.initial.setdefault("marketplace", marketplaces[0])

    def clean_lwa_app_id(self) -> str:
        return _no_spaces(self.cleaned_data["lwa_app_id"])

    def clean_lwa_client_secret(self) -> str:
        return _no_spaces(self.cleaned_data["lwa_client_secret"])

    def clean_refresh_token(self) -> str:
        return _no_spaces(self.cleaned_data["refresh_token"])

    def credentials(self) -> Credentials:
        data = self.cleaned_data
        return Credentials(data["lwa_app_id"], data["lwa_client_secret"], data["refresh_token"])
