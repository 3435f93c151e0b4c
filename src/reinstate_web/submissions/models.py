"""Step 5 and the wait after it: what went to Amazon (frozen, with its SHA-256), how the seller's
own mailbox sends, and the follow-up rule's settings and offers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reinstate.codes import SubmissionChannel, SubmissionKind, SubmissionMethod, SubmissionState
from reinstate_web.accounts.models import Organisation
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.drafting.models import Draft
from reinstate_web.live import crypto
from reinstate_web.submissions.labels import CHANNEL_NAMES, KIND_NAMES, STATE_NAMES


class SmtpSettings(models.Model):
    """How the seller account's registered mailbox sends mail (SMTP), the password encrypted as
    the Selling Partner credentials are (``live/crypto.py``; rotated by
    ``reencrypt_credentials``, which re-encrypts every field named in ``ENCRYPTED_FIELDS``)."""

    ENCRYPTED_FIELDS = ("password_encrypted",)

    class Security(models.TextChoices):
        STARTTLS = "starttls", _("STARTTLS (usually port 587)")
        SSL = "ssl", _("SSL/TLS from the start (usually port 465)")
        # Only for a relay on this machine (127.0.0.1): the form refuses it for any other host.
        NONE = "none", _("None (a mail relay on this machine only)")

    account = models.OneToOneField(
        SellerAccount, on_delete=models.CASCADE, related_name="smtp_settings"
    )
    host = models.CharField(_("SMTP server"), max_length=255)
    port = models.PositiveIntegerField(_("port"), default=465)
    security = models.CharField(
        _("encryption"), max_length=10, choices=Security.choices, default=Security.SSL
    )
    username = models.CharField(_("user name"), max_length=255)
    password_encrypted = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("sending settings")
        verbose_name_plural = _("sending settings")

    def __str__(self) -> str:
        return f"{self.account} via {self.host}:{self.port}"

    def set_password(self, value: str) -> None:
        self.password_encrypted = crypto.encrypt(value)

    def password(self) -> str:
        """Decrypted for one connection; raises ``crypto.SecretUnreadable`` when the key
        changed."""
        return crypto.decrypt(self.password_encrypted)


class FollowUpPolicy(models.Model):
    """An organisation's waits: before the one receipt check, and between later reminders."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="follow_up_policy"
    )
    first_wait_hours = models.PositiveIntegerField(_("hours before the receipt check"))
    reminder_wait_days = models.PositiveIntegerField(_("days between later reminders"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("follow-up rule")
        verbose_name_plural = _("follow-up rules")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.first_wait_hours} h, {self.reminder_wait_days} d"


class CaseFollowUp(models.Model):
    """One case's own waits (empty: the organisation's)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="follow_up_wait")
    first_wait_hours = models.PositiveIntegerField(null=True, blank=True)
    reminder_wait_days = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"case {self.case_id}: {self.first_wait_hours} h, {self.reminder_wait_days} d"


def copy_path(instance: Submission, filename: str) -> str:
    return f"cases/{instance.case_id}/submissions/{instance.folder}/{filename}"


class Submission(models.Model):
    """One appeal or follow-up as it went to Amazon. Never edited after it went out: the text,
    the boxes and the files are frozen with their SHA-256; an e-mail keeps the exact bytes sent.

    An e-mail is recorded (``queued``, with its Message-ID and bytes) before the first attempt;
    the sending job moves it on (``sending`` → ``transmitting`` → ``sent``), so a job stopped at
    any point is found again and neither lost nor sent twice (services.resume_sends).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="submissions")
    kind = models.CharField(_("kind"), max_length=16, choices=list(KIND_NAMES.items()))
    channel = models.CharField(_("channel"), max_length=24, choices=list(CHANNEL_NAMES.items()))
    method = models.CharField(max_length=8, choices=[(m.value, m.value) for m in SubmissionMethod])
    state = models.CharField(_("state"), max_length=14, choices=list(STATE_NAMES.items()))
    # A follow-up points at the appeal it follows up.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )
    draft = models.ForeignKey(
        Draft, on_delete=models.SET_NULL, null=True, blank=True, related_name="submissions"
    )
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    text = models.TextField(_("text"))
    sections: models.JSONField[dict[str, str]] = models.JSONField(default=dict, blank=True)
    # [{name, content_type, size, sha256, path}]
    attachments: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    folder = models.CharField(max_length=32)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When it went out (the seller's "I have submitted it", or the mail server's acceptance).
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
    )
    # E-mail only: the envelope, the thread, the exact bytes, and the sending job's progress.
    mail_from = models.CharField(max_length=254, blank=True)
    mail_to = models.CharField(max_length=1000, blank=True)
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    in_reply_to = models.CharField(max_length=255, blank=True)
    references = models.TextField(blank=True)
    raw_message = models.FileField(upload_to=copy_path, max_length=300, blank=True)
    raw_sha256 = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    error_code = models.CharField(max_length=30, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # The case page's address when it was recorded, for the e-mails that tell the seller.
    case_url = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ("-created_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("message_id",),
                condition=~Q(message_id=""),
                name="submissions_one_message_id",
            ),
        )

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.channel} {self.state}"

    @property
    def state_enum(self) -> SubmissionState:
        return SubmissionState(self.state)

    @property
    def kind_enum(self) -> SubmissionKind:
        return SubmissionKind(self.kind)

    @property
    def channel_enum(self) -> SubmissionChannel:
        return SubmissionChannel(self.channel)

    @property
    def by_email(self) -> bool:
        return self.method == SubmissionMethod.EMAIL.value

    @property
    def recipients(self) -> list[str]:
        return [a for a in self.mail_to.split(",") if a]


class FollowUpOffer(models.Model):
    """The moment a follow-up became appropriate and the seller was told (once per step)."""

    appeal = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="offers")
    sequence = models.PositiveSmallIntegerField()  # 0: the receipt check; 1, 2...: reminders
    kind = models.CharField(max_length=16, choices=list(KIND_NAMES.items()))
    due_at = models.DateTimeField()
    offered_at = models.DateTimeField()
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("appeal", "sequence")
        constraints = (
            models.UniqueConstraint(fields=("appeal", "sequence"), name="submissions_offer_once"),
        )

    def __str__(self) -> str:
        return f"offer {self.appeal_id}#{self.sequence}"
