from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from reinstate_web.accounts.models import Membership, Organisation, User


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ("name", "language")


class SignUpForm(forms.Form):
    """A new person and the company or appeal team they work for (they become its owner)."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits, not a common password."),
    )
    organisation = forms.CharField(
        label=_("Your company or team"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. Shenzhen Brightway Trading Co., Ltd.")}
        ),
    )
    kind = forms.ChoiceField(
        label=_("You are"),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        initial=Organisation.Kind.SELLER,
    )

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("There is already a user with this email address."))
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            candidate = User(email=data.get("email", ""), name=data.get("name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class AddMemberForm(forms.Form):
    """An owner adds a colleague: an existing user joins; a new one gets the password given."""

    email = forms.EmailField(label=_("Email address"))
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    password = forms.CharField(
        label=_("First password (new users only)"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Give it to your colleague yourself; they can keep using it."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email = str(data.get("email") or "").strip().lower()
        if not email:
            return data
        data["email"] = email
        existing = User.objects.filter(email=email).first()
        if (
            existing
            and Membership.objects.filter(user=existing, organisation=self.organisation).exists()
        ):
            self.add_error("email", _("This person is already a member."))
        elif existing is None:
            password = data.get("password") or ""
            if not password:
                self.add_error("password", _("A new user needs a first password."))
            else:
                try:
                    password_validation.validate_password(password, User(email=email))
                except forms.ValidationError as error:
                    self.add_error("password", error)
        return data
