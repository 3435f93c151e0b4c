from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "reinstate_web.analysis"
    label = "analysis"
    verbose_name = _("Seller data and findings")
