from __future__ import annotations

from django.urls import include, path

from reinstate_web.api import views
from reinstate_web.api.api import api

token_pages = [
    path("", views.token_list, name="list"),
    path("<id:token_id>/revoke/", views.token_revoke, name="revoke"),
]

urlpatterns = [
    path("api/", api.urls),
    path("me/tokens/", include((token_pages, "api_tokens"))),
]
