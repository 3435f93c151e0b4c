from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("reinstate_web.cases.urls")),
    path("", include("reinstate_web.accounts.urls")),
    path("", include("reinstate_web.notices.urls")),
    path("", include("reinstate_web.analysis.urls")),
    path("", include("reinstate_web.drafting.urls")),
    path("", include("reinstate_web.live.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
