from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reinstate_web.accounts.models import User
from reinstate_web.cases.access import organisations_for
from reinstate_web.cases.models import MARKETPLACES, SellerAccount
from reinstate_web.notices.forms import NoticeInputForm


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


class NewCaseForm(NoticeInputForm):
    account = forms.ModelChoiceField(
        label=_("Seller account"), queryset=SellerAccount.objects.none(), empty_label=None
    )
    title = forms.CharField(
        label=_("A short name for this case (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Account deactivated, May 2026")}),
    )
    field_order = ("account", "notice_text", "notice_file", "title")

    def clean(self) -> dict[str, Any]:
        # A case can start without the notice (added later) as long as it has a name.
        self.notice_required = not (self.data.get("title") or "").strip()
        return super().clean()

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = SellerAccount.objects.filter(
            organisation__in=organisations_for(user, edit=True)
        )
