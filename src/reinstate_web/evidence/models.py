"""The evidence locker: each document a seller hands in for a case, kept exactly as uploaded
(with its SHA-256), what it is meant to prove and which ASINs it covers, and what reading it
found. The checks themselves are not stored: they run again whenever the page is shown, so a
new notice, new order data or a corrected account name take effect at once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reinstate.codes import Document
from reinstate_web.cases.models import Case, SellerAccount


def document_path(instance: EvidenceDocument, filename: str) -> str:
    return f"cases/{instance.case_id}/evidence/{instance.sha256[:16]}/{filename}"


class SellerIdentity(models.Model):
    """The seller account's legal name and address exactly as in Seller Central: invoices,
    bills and licences are held against them."""

    account = models.OneToOneField(SellerAccount, on_delete=models.CASCADE, related_name="identity")
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    other_names = models.TextField(_("other forms of the name"), blank=True)
    address = models.CharField(_("registered address"), max_length=300, blank=True)
    other_addresses = models.TextField(_("other forms of the address"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("seller identity")
        verbose_name_plural = _("seller identities")

    def __str__(self) -> str:
        return self.legal_name or str(self.account)

    def names(self) -> list[str]:
        return [n for n in [self.legal_name, *self.other_names.splitlines()] if n.strip()]

    def addresses(self) -> list[str]:
        return [a for a in [self.address, *self.other_addresses.splitlines()] if a.strip()]


class EvidenceDocument(models.Model):
    """One document in a case's locker. Never replaced: a corrected invoice is a new row."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be read")
        READING = "reading", _("Reading")
        DONE = "done", _("Read")
        FAILED = "failed", _("Could not be read")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.BigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, db_index=True)
    proves = models.CharField(
        _("what it proves"), max_length=40, choices=[(d.value, d.value) for d in Document]
    )
    asins: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # ``reinstate.evidence.Reading.to_json()``.
    reading: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)
    # Page images shown on the document's page, "page-<n>.png" under ``folder()``.
    previews: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.original_name

    @property
    def active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.READING)

    def folder(self) -> str:
        """The document's own folder under MEDIA_ROOT (page images)."""
        return f"cases/{self.case_id}/evidence/{self.sha256[:16]}/pages-{self.pk}"
