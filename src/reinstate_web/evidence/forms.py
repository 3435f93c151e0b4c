"""The upload form (one document, what it proves, the ASINs it covers) and the form for the
account's legal name and address."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from reinstate.codes import Document
from reinstate.notices.labels import label
from reinstate_web.analysis.forms import megabytes
from reinstate_web.evidence.models import SellerIdentity

ACCEPT = (
    ".pdf,.jpg,.jpeg,.png,.gif,.tif,.tiff,application/pdf,image/jpeg,image/png,image/gif,image/tiff"
)
UPLOADABLE = [d.value for d in Document if d.value not in ("plan_of_action", "video_interview")]


class EvidenceUploadForm(forms.Form):
    # Not required by the field: a file dropped for its size never reaches the form, and
    # clean_document says so instead of "This field is required".
    document = forms.FileField(
        label=_("Document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    proves = forms.ChoiceField(label=_("What it proves"))
    asins = forms.MultipleChoiceField(
        label=_("ASINs it covers"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        max_bytes: int,
        asins: list[str],
        lang: str,
        refused: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.refused = refused or []
        proves = self.fields["proves"]
        covered = self.fields["asins"]
        assert isinstance(proves, forms.ChoiceField)
        assert isinstance(covered, forms.MultipleChoiceField)
        proves.choices = [(c, label("document", c, lang)) for c in UPLOADABLE]
        covered.choices = [(a, a) for a in asins]
        self.fields["document"].help_text = _(
            "PDF, JPG, PNG, GIF or TIFF: the supplier's original file or a full-page scan. Up "
            "to %(mb)s MB."
        ) % {"mb": megabytes(max_bytes)}

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if not document:
            if self.refused:
                raise forms.ValidationError(
                    _("%(name)s is larger than %(mb)s MB and was not uploaded.")
                    % {"name": self.refused[0] or _("The file"), "mb": megabytes(self.max_bytes)}
                )
            raise forms.ValidationError(_("Choose a document to upload."))
        return document


class IdentityForm(forms.ModelForm[SellerIdentity]):
    class Meta:
        model = SellerIdentity
        fields = ("legal_name", "other_names", "address", "other_addresses")
        widgets: ClassVar[dict[str, Any]] = {
            "other_names": forms.Textarea(attrs={"rows": 2}),
            "other_addresses": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts: ClassVar[dict[str, Any]] = {
            "legal_name": _("Exactly as in Seller Central → Settings → Account Info."),
            "other_names": _("One a line: e.g. the Chinese name on Chinese invoices."),
            "other_addresses": _("One a line: e.g. the address in Chinese."),
        }
