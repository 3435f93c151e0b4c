"""The seller's exports and every analysis made of them. Both are kept for the record: an upload
is never replaced and a run is never recomputed in place (a new run is a new row)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reinstate_web.cases.models import Case

UNKNOWN_KIND = "unknown"


def data_path(instance: DataFile, filename: str) -> str:
    return f"cases/{instance.case_id}/data/{filename}"


class DataFile(models.Model):
    """One uploaded Seller Central export, with what it was recognised as."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="data_files")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to=data_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.BigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(_("report"), max_length=30, blank=True)
    encoding = models.CharField(_("encoding"), max_length=30, blank=True)
    # Why the file cannot be analysed (one line), empty when it can.
    problem = models.CharField(_("problem"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("seller data file")
        verbose_name_plural = _("seller data files")
        ordering = ("-uploaded_at", "-id")

    def __str__(self) -> str:
        return self.original_name

    @property
    def usable(self) -> bool:
        return bool(self.kind) and self.kind != UNKNOWN_KIND and not self.problem


class AnalysisRun(models.Model):
    """One analysis of the case's files: what went in, when, and the report that came out."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Analysing")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="analysis_runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    files = models.ManyToManyField(DataFile, related_name="runs", blank=True)
    # What the notice told the analysis: the windows end on this date, these ASINs and orders
    # are looked up in the data.
    notice_date = models.DateField(_("notice date"), null=True, blank=True)
    notice_asins: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    notice_order_ids: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    # ``AnalysisReport.to_json()``: sources, metrics, findings.
    report: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    # Where a running analysis is (``runner.PHASES``), the file it reads, and how far it is
    # (0-100, files weighted by their size), for the page to show instead of a spinner.
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    phase_file = models.CharField(_("file being read"), max_length=255, blank=True)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    # Chart files relative to the run's folder, "<lang>/<name>.png".
    charts: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")
        ordering = ("-created_at", "-id")
        get_latest_by = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.case_id} run {self.pk} {self.status}"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def finding(self, code: str) -> dict[str, Any] | None:
        """The first finding with this code in the report (JSON dict), or None."""
        found: dict[str, Any] | None = next(
            (f for f in self.report.get("findings", []) if f.get("code") == code), None
        )
        return found

    def folder(self) -> str:
        """The run's folder under MEDIA_ROOT (charts)."""
        return f"cases/{self.case_id}/analysis/run-{self.pk}"
