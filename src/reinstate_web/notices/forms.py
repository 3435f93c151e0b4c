from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class NoticeInputForm(forms.Form):
    """Amazon's message, pasted or as a file (.eml, .html, .txt)."""

    notice_text = forms.CharField(
        label=_("Paste Amazon's message"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "placeholder": _("Paste the whole email or notice here, in any language."),
            }
        ),
    )
    notice_file = forms.FileField(
        label=_("…or upload it"),
        required=False,
        help_text=format_lazy(
            _("An .eml file saved from your mailbox, or .html / .txt. Up to {mb} MB."),
            mb=settings.NOTICE_MAX_BYTES // (1024 * 1024),
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".eml,.html,.htm,.txt,.msg,message/rfc822,text/*"}
        ),
    )

    notice_required = True

    def clean_notice_text(self) -> str:
        text: str = self.cleaned_data.get("notice_text", "")
        size = len(text.encode("utf-8"))
        if size > settings.NOTICE_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "This text is %(size)s MB; Reinstate reads a message of up to %(mb)s MB. "
                    "Paste only Amazon's message (your text is kept below)."
                )
                % {
                    "size": f"{size / (1024 * 1024):.1f}",
                    "mb": settings.NOTICE_MAX_BYTES // (1024 * 1024),
                }
            )
        return text

    def clean_notice_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("notice_file")
        if upload is not None and (upload.size or 0) > settings.NOTICE_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "This file is %(size)s MB; Reinstate reads a message of up to %(mb)s MB. "
                    "Save only Amazon's message and try again."
                )
                % {
                    "size": f"{(upload.size or 0) / (1024 * 1024):.1f}",
                    "mb": settings.NOTICE_MAX_BYTES // (1024 * 1024),
                }
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            self.notice_required
            and not data.get("notice_text", "").strip()
            and not data.get("notice_file")
        ):
            raise forms.ValidationError(_("Paste Amazon's message or upload the file."))
        return data

    def notice_bytes(self) -> tuple[bytes, str | None] | None:
        """The message as bytes and its file name, or None when nothing was given."""
        upload: UploadedFile | None = self.cleaned_data.get("notice_file")
        if upload is not None:
            return b"".join(upload.chunks()), upload.name
        text = self.cleaned_data.get("notice_text", "").strip()
        if text:
            return text.encode("utf-8"), None
        return None
