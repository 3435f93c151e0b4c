from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reinstate_web.accounts.models import User
from reinstate_web.cases.access import organisations_for
from reinstate_web.cases.models import MARKETPLACES, SellerAccount


class SellerAccountForm(forms.ModelForm[SellerAccount]):
    marketplaces = forms.MultipleChoiceField(
        label=_("Marketplaces"),
        choices=MARKETPLACES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = SellerAccount
        fields = (
            "organisation",
            "store_name",
            "merchant_token",
            "marketplaces",
            "registered_email",
        )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations_for(user, edit=True)
        field.empty_label = None


class NewCaseForm(forms.Form):
    account = forms.ModelChoiceField(
        label=_("Seller account"), queryset=SellerAccount.objects.none(), empty_label=None
    )
    title = forms.CharField(
        label=_("A short name for this case"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Account deactivated, May 2026")}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = SellerAccount.objects.filter(
            organisation__in=organisations_for(user, edit=True)
        )
