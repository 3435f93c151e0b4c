"""A seller account's mailbox connection, how far the watcher has looked in it, and the ledger
of the messages it took (reinstate.mailbox.ledger describes the rules)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.live import crypto
from reinstate_web.notices.models import Notice


class MailboxConnection(models.Model):
    """How Reinstate signs in to the seller's mailbox (secrets encrypted as the Selling Partner
    credentials are: ``live/crypto.py``) and how the watcher is doing."""

    # Re-encrypted with the newest key by ``reencrypt_credentials`` (docs/security.md).
    ENCRYPTED_FIELDS = (
        "password_encrypted",
        "oauth_refresh_token_encrypted",
        "oauth_access_token_encrypted",
    )

    class Provider(models.TextChoices):
        QQ = "qq", _("QQ Mail")
        NETEASE = "netease163", _("NetEase 163 Mail")
        OUTLOOK = "outlook", _("Outlook / Hotmail")
        GMAIL = "gmail", _("Gmail")
        OTHER = "other", _("Another mail server (IMAP)")

    class Auth(models.TextChoices):
        PASSWORD = "password", _("Password, app password or authorisation code")
        OAUTH = "oauth", _("Sign-in with Google or Microsoft (OAuth2)")

    account = models.OneToOneField(
        SellerAccount, on_delete=models.CASCADE, related_name="mailbox_connection"
    )
    provider = models.CharField(_("provider"), max_length=12, choices=Provider.choices)
    host = models.CharField(_("IMAP server"), max_length=255)
    port = models.PositiveIntegerField(_("port"), default=993)
    use_ssl = models.BooleanField(_("SSL/TLS"), default=True)
    username = models.CharField(_("user name"), max_length=255)
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    auth = models.CharField(max_length=10, choices=Auth.choices, default=Auth.PASSWORD)
    # Fernet tokens (encrypted and authenticated), never the values themselves.
    password_encrypted = models.TextField(blank=True)
    oauth_service = models.CharField(max_length=20, blank=True)  # "google" or "microsoft"
    oauth_refresh_token_encrypted = models.TextField(blank=True)
    oauth_access_token_encrypted = models.TextField(blank=True)
    oauth_expires_at = models.DateTimeField(null=True, blank=True)
    enabled = models.BooleanField(_("watched"), default=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    connected_at = models.DateTimeField(_("connected"), auto_now_add=True)
    # The site's address when it was connected: links in the e-mails the watcher sends.
    site_url = models.CharField(max_length=300, blank=True)
    # The watcher's health, shown on the dashboard and the case (a stopped watcher is seen).
    last_poll_started_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error_code = models.CharField(max_length=30, blank=True)
    last_error = models.CharField(max_length=300, blank=True)  # the detail, in English (logs)
    failures = models.PositiveIntegerField(default=0)  # polls failed in a row
    # One poll at a time: whoever sets the lease (an atomic UPDATE) polls until it ends.
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("mailbox connection")
        verbose_name_plural = _("mailbox connections")

    def __str__(self) -> str:
        return f"{self.username} ({self.host})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A secret this connection does not use is stored as an encrypted empty string, so that
        # every field is a token ``reencrypt_credentials`` can rotate (and none reads as lost).
        for name in self.ENCRYPTED_FIELDS:
            if not getattr(self, name):
                setattr(self, name, crypto.encrypt(""))
        super().save(*args, **kwargs)

    def set_password(self, value: str) -> None:
        self.password_encrypted = crypto.encrypt(value)

    def password(self) -> str:
        """Decrypted for one sign-in; raises ``crypto.SecretUnreadable`` when the key changed."""
        return crypto.decrypt(self.password_encrypted)

    @property
    def failing(self) -> bool:
        """The last poll failed (and none succeeded since)."""
        return self.last_error_at is not None and (
            self.last_success_at is None or self.last_error_at > self.last_success_at
        )


class MailboxFolderMark(models.Model):
    """How far the watcher has looked: every UID up to ``last_uid`` under ``uidvalidity``."""

    connection = models.ForeignKey(
        MailboxConnection, on_delete=models.CASCADE, related_name="marks"
    )
    folder = models.CharField(max_length=200)
    uidvalidity = models.BigIntegerField()
    last_uid = models.BigIntegerField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("connection", "folder"), name="mailbox_one_mark"),
        )

    def __str__(self) -> str:
        return f"{self.connection_id} {self.folder} {self.uidvalidity}:{self.last_uid}"


class MailboxMessage(models.Model):
    """The ledger: one message the watcher took, written before anything else happens."""

    class State(models.TextChoices):
        PENDING = "pending", _("Being read")
        DONE = "done", _("Taken")
        DUPLICATE = "duplicate", _("Already taken")
        STALE = "stale", _("Found again under a new number")

    connection = models.ForeignKey(
        MailboxConnection, on_delete=models.CASCADE, related_name="messages"
    )
    folder = models.CharField(max_length=200)
    uidvalidity = models.BigIntegerField()
    uid = models.BigIntegerField()
    # The second key: the Message-ID, or a digest for a message without one.
    message_key = models.CharField(max_length=300)
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    sender = models.CharField(_("sender"), max_length=500, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    size = models.BigIntegerField(default=0)
    reason = models.CharField(max_length=10)  # "amazon" or "thread"
    thread_ids = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    recorded_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What became of it: the case and the notice it was added as, the rule that chose the
    # case, Amazon's answer and the status the case moved to ("" when it did not move).
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="mailbox_messages"
    )
    notice = models.ForeignKey(
        Notice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, blank=True)
    reply_outcome = models.CharField(max_length=20, blank=True)
    match_rule = models.CharField(max_length=20, blank=True)
    opened_case = models.BooleanField(default=False)
    moved_to = models.CharField(max_length=24, blank=True)
    problem_code = models.CharField(max_length=20, blank=True)
    problem = models.CharField(max_length=500, blank=True)
    # The people are told by e-mail after the delivery commits (at least once).
    notify = models.BooleanField(default=False)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message from the mailbox")
        verbose_name_plural = _("messages from the mailbox")
        ordering = ("-recorded_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("connection", "folder", "uidvalidity", "uid"), name="mailbox_one_uid"
            ),
        )
        indexes = (models.Index(fields=("connection", "message_key"), name="mailbox_by_key"),)

    def __str__(self) -> str:
        return f"{self.connection_id} {self.folder} {self.uidvalidity}:{self.uid} {self.state}"
