"""Amazon's messages on a case: the notice, later notices and replies, each kept with its
original bytes and the diagnosis made when it arrived."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reinstate_web.cases.models import Case


def original_path(instance: Notice, filename: str) -> str:
    return f"cases/{instance.case_id}/notices/{filename}"


class Notice(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice")
        REPLY = "reply", _("Reply to an appeal")

    class State(models.TextChoices):
        READY = "ready", _("Read")
        PENDING = "pending", _("Being read")
        FAILED = "failed", _("Could not be read")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    original = models.FileField(_("original"), upload_to=original_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    source_format = models.CharField(max_length=10)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    sender = models.CharField(_("sender"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Amazon's Message-ID ("<id@host>") of an e-mailed message: an answer goes in its thread
    # (In-Reply-To, References), and the mailbox watcher finds replies to it; "" for a paste.
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8, blank=True)
    category = models.CharField(_("category"), max_length=40, blank=True)
    scope = models.CharField(_("scope"), max_length=10, blank=True)
    reply_outcome = models.CharField(_("reply outcome"), max_length=20, blank=True)
    text = models.TextField(_("text"))
    diagnosis: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    # The configured language model's choice among the candidates of an unsure diagnosis
    # (category, reason, model, asked_at), shown as machine opinion; empty unless asked.
    second_opinion: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)
    # A large message is stored at once and read on the job queue: pending until then; failed
    # with ``problem`` (one line for the seller) when it could not be read.
    state = models.CharField(max_length=10, choices=State.choices, default=State.READY)
    problem = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ("-added_at", "-id")

    def __str__(self) -> str:
        return self.subject or f"{self.kind} {self.added_at:%Y-%m-%d}"
