from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Nothing here is shown to sellers (no admin pages, no translated words)."""

    name = "reinstate_web.ops"
    label = "ops"
