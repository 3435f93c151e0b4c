from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class DraftingConfig(AppConfig):
    name = "reinstate_web.drafting"
    label = "drafting"
    verbose_name = _("Appeal drafts and letter checks")

    def ready(self) -> None:
        # The rejection loop: an answer of Amazon's that asks for more or says no, however it is
        # stored, opens a round with a revised draft (drafting/rounds.py).
        from reinstate_web.drafting import rounds
        from reinstate_web.notices.models import Notice

        post_save.connect(rounds.answer_saved, sender=Notice, dispatch_uid="drafting_rounds")
