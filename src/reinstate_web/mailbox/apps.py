from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailboxConfig(AppConfig):
    name = "reinstate_web.mailbox"
    label = "mailbox"
    verbose_name = _("Mailbox watching")
