from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "reinstate_web.accounts"
    label = "accounts"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from reinstate_web import converters

        # Before any URLconf is read: every app's URLs name ids with <id:...>.
        converters.register()
