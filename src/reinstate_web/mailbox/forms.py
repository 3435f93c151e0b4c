"""Connect a mailbox: the provider (its IMAP server filled in), the address and the password or
authorisation code. The password is never rendered back, not even after an error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reinstate.mailbox.providers import provider, provider_for_address
from reinstate_web.cases.models import SellerAccount
from reinstate_web.mailbox.models import MailboxConnection
from reinstate_web.mailbox.services import LOOPBACK, MailboxSettings

Provider = MailboxConnection.Provider
ADVANCED = ("host", "port", "use_ssl", "folder")


class MailboxForm(forms.Form):
    provider = forms.ChoiceField(label=_("Mail provider"), choices=Provider.choices)
    username = forms.CharField(
        label=_("E-mail address"),
        max_length=255,
        help_text=_("The address Amazon writes to (the user name of the mailbox)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password, app password or authorisation code"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    host = forms.CharField(
        label=_("IMAP server"),
        max_length=255,
        required=False,
        help_text=_("Only for another mail server: the providers above have theirs filled in."),
    )
    port = forms.IntegerField(label=_("Port"), min_value=1, max_value=65535, required=False)
    use_ssl = forms.BooleanField(
        label=_("SSL/TLS (port 993)"),
        required=False,
        initial=True,
        help_text=_("Off only for a mail server on this machine (127.0.0.1)."),
    )
    folder = forms.CharField(
        label=_("Folder"),
        max_length=200,
        initial="INBOX",
        help_text=_("INBOX, or the folder your mail rules put Amazon's messages in."),
    )

    def __init__(
        self,
        *args: Any,
        account: SellerAccount | None = None,
        connection: MailboxConnection | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            return
        if connection is not None:
            self.initial.update(
                provider=connection.provider,
                username=connection.username,
                host=connection.host if connection.provider == Provider.OTHER else "",
                port=connection.port,
                use_ssl=connection.use_ssl,
                folder=connection.folder,
            )
        elif account is not None and account.registered_email:
            found = provider_for_address(account.registered_email)
            self.initial.update(
                username=account.registered_email,
                provider=found.code if found else Provider.OTHER,
            )

    @property
    def advanced_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ADVANCED]

    def clean_username(self) -> str:
        value = str(self.cleaned_data["username"]).strip()
        if not value or any(ch.isspace() for ch in value):
            raise forms.ValidationError(_("Type the address without spaces."))
        return value

    def clean_folder(self) -> str:
        return str(self.cleaned_data.get("folder") or "").strip() or "INBOX"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("provider")
        if chosen and chosen != Provider.OTHER:
            preset = provider(str(chosen))
            data["host"], data["port"], data["use_ssl"] = preset.host, preset.port, preset.ssl
            return data
        host = str(data.get("host") or "").strip().lower()
        if not host:
            self.add_error("host", _("Type the IMAP server's name, e.g. imap.example.com."))
            return data
        data["host"] = host
        use_ssl = bool(data.get("use_ssl"))
        data["port"] = data.get("port") or (993 if use_ssl else 143)
        if not use_ssl and host not in LOOPBACK:
            self.add_error(
                "use_ssl",
                _(
                    "Without SSL the password would travel unencrypted: turn SSL on (port "
                    "993). It can be off only for a mail server on this machine."
                ),
            )
        return data

    def mailbox(self) -> MailboxSettings:
        data = self.cleaned_data
        return MailboxSettings(
            provider=str(data["provider"]),
            host=str(data["host"]),
            port=int(data["port"]),
            use_ssl=bool(data["use_ssl"]),
            username=str(data["username"]),
            folder=str(data["folder"]),
        )
