from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DraftingConfig(AppConfig):
    name = "reinstate_web.drafting"
    label = "drafting"
    verbose_name = _("Appeal drafts and letter checks")
