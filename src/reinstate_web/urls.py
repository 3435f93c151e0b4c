from __future__ import annotations

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", include("reinstate_web.cases.urls")),
    path("", include("reinstate_web.accounts.urls")),
    path("", include("reinstate_web.notices.urls")),
    path("", include("reinstate_web.analysis.urls")),
    path("", include("reinstate_web.drafting.urls")),
    path("", include("reinstate_web.evidence.urls")),
    path("", include("reinstate_web.live.urls")),
    path("", include("reinstate_web.teams.urls")),
    path("", include("reinstate_web.submissions.urls")),
    path("", include("reinstate_web.mailbox.urls")),
    path("", include("reinstate_web.api.urls")),
    path("", include("reinstate_web.ops.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on their own (PDF views, bookmarks): point them at ours.
    path("favicon.ico", RedirectView.as_view(url=static("reinstate/favicon-32.png"))),
]
