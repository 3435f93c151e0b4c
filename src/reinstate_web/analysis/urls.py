from __future__ import annotations

app_name = "analysis"

urlpatterns: list[object] = []
