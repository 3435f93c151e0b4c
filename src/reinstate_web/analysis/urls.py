from __future__ import annotations

from django.urls import path

from reinstate_web.analysis import views

app_name = "analysis"

# Pages of one case take ``pk``; pages of an object inside a case take ``case_pk`` plus the
# object's id (tests/web/test_analysis_access.py checks those for outsiders).
urlpatterns = [
    path("cases/<int:pk>/data/upload/", views.upload, name="upload"),
    path("cases/<int:pk>/data/analyse/", views.analyse, name="analyse"),
    path("cases/<int:pk>/data/status/", views.status, name="status"),
    path(
        "cases/<int:case_pk>/data/runs/<int:run_id>/charts/<str:lang>/<str:name>",
        views.chart,
        name="chart",
    ),
    path("cases/<int:case_pk>/data/files/<int:file_id>/", views.download, name="download"),
]
