"""The upload form: several exports at once (Django's documented multiple-file pattern)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

ACCEPT = ".txt,.tsv,.csv,.xlsx,.xls,.json,.gz,text/plain,text/csv,text/tab-separated-values"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single_file_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_file_clean(d, initial) for d in data if d]
        return [single_file_clean(data, initial)] if data else []


def megabytes(size: int) -> int:
    return max(1, size // (1024 * 1024))


class DataUploadForm(forms.Form):
    exports = MultipleFileField(label=_("Seller Central exports"), required=False)

    def __init__(
        self, *args: Any, max_bytes: int, refused: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.refused = refused or []
        self.fields["exports"].help_text = _(
            "Several files at once: .txt, .csv, .xlsx or .json, as Seller Central gives them. "
            "Up to %(mb)s MB per file."
        ) % {"mb": megabytes(max_bytes)}

    def refused_messages(self) -> list[str]:
        """One line per file dropped by the upload handler for being too large."""
        return [
            _("%(name)s is larger than %(mb)s MB and was not uploaded.")
            % {"name": name or _("A file"), "mb": megabytes(self.max_bytes)}
            for name in self.refused
        ]

    def clean_exports(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("exports") or []
        if not files:
            # Files above the limit never reach the form: the upload handler dropped them.
            raise forms.ValidationError(
                self.refused_messages() or [_("Choose one or more exports to upload.")]
            )
        return files
