from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "reinstate_web.notices"
    label = "notices"
    verbose_name = _("Notices and replies")
