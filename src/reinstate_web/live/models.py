"""A seller account's connection to Amazon's Selling Partner API, and every fetch made through
it. Secrets are stored encrypted (``crypto.py``); a fetch and its snapshots are kept for the
record (Amazon keeps no history of these reports, so the dated snapshots are the history)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reinstate.live import Credentials
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.cases.models import MARKETPLACES, Case, SellerAccount
from reinstate_web.live import crypto


class SellingPartnerConnection(models.Model):
    """The app credentials that let Reinstate fetch this seller account's reports."""

    # Re-encrypted by ``reencrypt_credentials`` (every model that names its secret fields so).
    ENCRYPTED_FIELDS = (
        "lwa_app_id_encrypted",
        "lwa_client_secret_encrypted",
        "refresh_token_encrypted",
    )

    account = models.OneToOneField(
        SellerAccount, on_delete=models.CASCADE, related_name="selling_partner_connection"
    )
    marketplace = models.CharField(_("marketplace"), max_length=4, choices=MARKETPLACES)
    # Fernet tokens (encrypted and authenticated), never the values themselves.
    lwa_app_id_encrypted = models.TextField()
    lwa_client_secret_encrypted = models.TextField()
    refresh_token_encrypted = models.TextField()
    # The app id's last four characters, so a team can tell which app is connected.
    app_id_hint = models.CharField(max_length=8, blank=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    connected_at = models.DateTimeField(_("connected"), auto_now_add=True)

    class Meta:
        verbose_name = _("Selling Partner API connection")
        verbose_name_plural = _("Selling Partner API connections")

    def __str__(self) -> str:
        return f"{self.account} ({self.marketplace})"

    def set_credentials(self, credentials: Credentials) -> None:
        self.lwa_app_id_encrypted = crypto.encrypt(credentials.lwa_app_id)
        self.lwa_client_secret_encrypted = crypto.encrypt(credentials.lwa_client_secret)
        self.refresh_token_encrypted = crypto.encrypt(credentials.refresh_token)
        self.app_id_hint = credentials.lwa_app_id[-4:]

    def credentials(self) -> Credentials:
        """Decrypted for one fetch; raises ``crypto.SecretUnreadable`` when the key changed."""
        return Credentials(
            lwa_app_id=crypto.decrypt(self.lwa_app_id_encrypted),
            lwa_client_secret=crypto.decrypt(self.lwa_client_secret_encrypted),
            refresh_token=crypto.decrypt(self.refresh_token_encrypted),
        )


class LiveFetch(models.Model):
    """One "Fetch from Amazon now": the reports asked for on behalf of a case."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Fetching from Amazon")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="live_fetches")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    marketplace = models.CharField(_("marketplace"), max_length=4)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Why the whole fetch failed: a code (shown translated) and the detail in English (logs).
    error_code = models.CharField(max_length=30, blank=True)
    error = models.CharField(max_length=300, blank=True)
    analysis_run = models.ForeignKey(
        AnalysisRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("fetch from Amazon")
        verbose_name_plural = _("fetches from Amazon")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.case_id} fetch {self.pk} {self.status}"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class LiveSnapshot(models.Model):
    """One report of a fetch: the dated file it was kept as, or why there is none."""

    class Outcome(models.TextChoices):
        STORED = "stored", _("Saved")
        SAME = "same", _("Same as an earlier snapshot")
        NO_DATA = "no_data", _("No data")
        FAILED = "failed", _("Failed")

    fetch = models.ForeignKey(LiveFetch, on_delete=models.CASCADE, related_name="snapshots")
    report_type = models.CharField(_("report"), max_length=80)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    error_code = models.CharField(max_length=30, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # The file on the case (kept with the seller's uploads, analysed with them).
    data_file = models.ForeignKey(
        DataFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_snapshots",
    )
    report_id = models.CharField(max_length=60, blank=True)
    data_start = models.DateTimeField(_("from"), null=True, blank=True)
    data_end = models.DateTimeField(_("to"), null=True, blank=True)
    fetched_at = models.DateTimeField(_("fetched"), null=True, blank=True)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    charset = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        ordering = ("fetch", "id")

    def __str__(self) -> str:
        return f"{self.report_type} {self.outcome}"
