"""The HTTP API: django-ninja over the same services and tenant rules as the pages.

OpenAPI 3 at ``/api/openapi.json``, browsable docs at ``/api/docs`` (Swagger UI served from
our own static files, no inline script: it passes the site's Content-Security-Policy).
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from reinstate_web.api import (
    analysis_api,
    casefile_api,
    cases_api,
    drafts_api,
    errors,
    evidence_api,
    followups_api,
    handovers_api,
    mailbox_api,
    notices_api,
    retention_api,
    submissions_api,
)
from reinstate_web.api.auth import TokenAuth

api = NinjaAPI(
    title="Reinstate API",
    version="1",
    description=(
        "Cases, Amazon's notices and their diagnosis, the seller's exports and findings, appeal "
        "letters and their checks, evidence documents, submissions to Amazon and the follow-up "
        "on them, hand-overs to teams, a seller account's mailbox connection, a seller's data "
        "exported or deleted; read-only: the mailbox watcher's messages. Authenticate with "
        "`Authorization: Bearer <token>` (make a token on your account page). "
        'Errors: `{"error": {"code", "message"}}`.'
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
# Writes whose operations sit on the router of their list (django-ninja serves one path from
# one router): imported for those operations.
WRITES = (evidence_api, submissions_api, handovers_api, retention_api)
for router in (
    cases_api.router,
    notices_api.router,
    analysis_api.router,
    drafts_api.router,
    casefile_api.router,
    handovers_api.router,
    mailbox_api.router,
    retention_api.router,
    followups_api.router,
):
    api.add_router("", router)
