from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "reinstate_web.teams"
    label = "teams"
    verbose_name = _("Hand-over to professional teams")
