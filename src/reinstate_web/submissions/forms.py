"""Forms of step 5 and the wait: recording a submission, sending one by e-mail, the waits, and
the seller account's sending settings (the password is never rendered back)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from reinstate.codes import SubmissionChannel
from reinstate.submit.follow_up import FIRST_HOURS_RANGE, REMINDER_DAYS_RANGE
from reinstate_web.accounts.models import Organisation
from reinstate_web.submissions.labels import CHANNEL_NAMES
from reinstate_web.submissions.models import SmtpSettings
from reinstate_web.submissions.services import Upload

MAX_FILES = 20
MAX_FILE_BYTES = 50 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each must be at most 50 MB."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.gif"})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        if len(cleaned) > MAX_FILES:
            raise forms.ValidationError(_("Attach at most %(n)d files.") % {"n": MAX_FILES})
        for upload in cleaned:
            if upload.size is not None and upload.size > MAX_FILE_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than 50 MB.") % {"name": upload.name}
                )
        return cleaned


def uploads(files: list[UploadedFile]) -> list[Upload]:
    return [Upload(str(f.name or "document"), f.read()) for f in files]


def _channel_choices(*channels: SubmissionChannel) -> list[tuple[str, Any]]:
    return [(c.value, CHANNEL_NAMES[c.value]) for c in channels]


class RecordForm(forms.Form):
    """ "I have submitted it": the version of the letter the seller pasted, and the files."""

    channel = forms.ChoiceField(choices=_channel_choices(*SubmissionChannel))
    n = forms.IntegerField(min_value=1)
    documents = MultipleFileField(label=_("The documents you uploaded (optional, to keep a copy)"))


class EmailForm(forms.Form):
    channel = forms.ChoiceField(
        choices=_channel_choices(SubmissionChannel.REPLY_TO_NOTICE, SubmissionChannel.EMAIL)
    )
    n = forms.IntegerField(min_value=1)
    to = forms.EmailField(label=_("To (Amazon's address)"), max_length=254)
    documents = MultipleFileField(label=_("Documents to attach (PDF, JPG, PNG or GIF)"))


class FollowUpForm(forms.Form):
    how = forms.ChoiceField(choices=[("record", "record"), ("email", "email")])


class ResolveForm(forms.Form):
    s = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("was_sent", "was_sent"), ("send_again", "send_again")])


def _hours_field(label: Any, required: bool) -> forms.IntegerField:
    low, high = FIRST_HOURS_RANGE
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        help_text=_("Between %(low)d and %(high)d hours.") % {"low": low, "high": high},
    )


def _days_field(label: Any, required: bool) -> forms.IntegerField:
    low, high = REMINDER_DAYS_RANGE
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        help_text=_("Between %(low)d and %(high)d days.") % {"low": low, "high": high},
    )


class CaseWaitForm(forms.Form):
    first_hours = _hours_field(_("Hours before the receipt check, for this case"), False)
    reminder_days = _days_field(_("Days before any later reminder, for this case"), False)


class PolicyForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Company or team")
    )
    first_hours = _hours_field(_("Hours before the receipt check"), True)
    reminder_days = _days_field(_("Days before any later reminder"), True)

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        if organisations is not None:
            field.queryset = organisations


_SECRET = forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"})


class SmtpForm(forms.Form):
    host = forms.CharField(
        label=_("SMTP server"),
        max_length=255,
        help_text=_("For example smtp.qq.com, smtp.163.com, smtp.gmail.com, smtp.office365.com."),
    )
    port = forms.IntegerField(label=_("Port"), min_value=1, max_value=65535, initial=465)
    security = forms.ChoiceField(
        label=_("Encryption"), choices=SmtpSettings.Security.choices, initial="ssl"
    )
    username = forms.CharField(
        label=_("User name"),
        max_length=255,
        help_text=_("Usually the registered e-mail address itself."),
    )
    password = forms.CharField(
        label=_("Password or app password"),
        max_length=500,
        required=False,
        widget=_SECRET,
        help_text=_(
            "QQ Mail and 163 give an authorisation code, Gmail and Outlook an app password: use "
            "it instead of the login password. Leave empty to keep the stored one."
        ),
    )

    def clean_host(self) -> str:
        host = str(self.cleaned_data["host"]).strip().lower()
        if not host or any(c.isspace() for c in host) or "/" in host or "@" in host:
            raise forms.ValidationError(_("Enter the server's name only, e.g. smtp.qq.com."))
        return host

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip()
