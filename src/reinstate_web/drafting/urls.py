from __future__ import annotations

app_name = "drafting"

urlpatterns: list[object] = []
