from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "reinstate_web.submissions"
    label = "submissions"
    verbose_name = _("Submissions and follow-ups")
