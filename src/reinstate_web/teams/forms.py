from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reinstate_web.accounts.models import Organisation
from reinstate_web.teams.models import MESSAGE_MAX, NOTE_MAX


class EscalateForm(forms.Form):
    """The seller hands the case over: to a team they already work with, or by e-mail."""

    team = forms.ModelChoiceField(
        label=_("A team you already work with"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— choose —"),
    )
    email = forms.EmailField(
        label=_("Or invite a team by e-mail"),
        required=False,
        help_text=_("The address of the team's contact. Only that address can accept."),
    )
    message = forms.CharField(
        label=_("Message to the team"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "I let this team see the whole case (notices, diagnosis, findings, drafts, "
            "evidence, submissions, Amazon's answers, the timeline) until I revoke access."
        ),
        required=True,
    )

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ModelChoiceField)
        team_field.queryset = teams if teams is not None else Organisation.objects.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("team")) == bool(data.get("email")):
            raise forms.ValidationError(
                _("Choose one team you already work with, or give one e-mail address.")
            )
        return data


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class AcceptForm(forms.Form):
    """The person who opened an e-mailed hand-over link accepts for one of their teams."""

    team = forms.ModelChoiceField(
        label=_("Accept for"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ModelChoiceField)
        team_field.queryset = teams if teams is not None else Organisation.objects.none()


class BundleUploadForm(forms.Form):
    bundle = forms.FileField(label=_("Case bundle (.zip)"))
