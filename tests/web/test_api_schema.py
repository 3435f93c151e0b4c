"""Schema-driven tests: schemathesis generates requests from the served OpenAPI description
and calls the Django WSGI application in-process. No answer may be a server error or break the
description. Path arguments point at real objects half the time, so the endpoints' own code
runs, not only the 404 of a made-up id."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from reinstate_web.accounts.models import Organisation, User
from reinstate_web.api.tokens import SCOPES
from reinstate_web.cases.models import SellerAccount
from reinstate_web.cases.services import open_case
from reinstate_web.drafting.services import compose_draft
from reinstate_web.mailbox.models import MailboxConnection
from reinstate_web.notices.services import add_notice
from reinstate_web.teams.handover import escalate_to_team
from tests.mail.smtp_sink import free_port
from tests.web.api_helpers import token_for
from tests.web.object_factories import NOTICE, document_id, grant_id

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
# What the brief asks of the API: no server error, no answer outside the description. (Whether
# a schema-valid request may be refused belongs to the domain: a made-up cursor, an unreadable
# notice, a status the case cannot reach are refused with their own codes.)
CLOSED = free_port()  # bound once and released: connecting to it is refused
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def real_objects(owner: User, account: SellerAccount) -> dict[str, Any]:
    real = open_case(account, title="Schema test", actor=owner)
    notice = add_notice(real, NOTICE, "notice.eml", actor=owner)
    draft = compose_draft(real, owner, lang="en")
    # Something in the read-only lists, so their answers are checked against the schema too.
    document_id(real, owner)
    team = Organisation.objects.create(name="Schema Team", kind=Organisation.Kind.AGENCY)
    offered = escalate_to_team(real, team, actor=owner)
    MailboxConnection.objects.create(
        account=account, provider="other", host="127.0.0.1", port=CLOSED, username="seller"
    )
    return {
        "case_id": real.pk,
        "notice_id": notice.pk,
        "number": draft.number,
        "handover_id": offered.pk,
        # The owner's organisation as a team, and a case another seller offers it.
        "team_id": account.organisation_id,
        "grant_id": grant_id(real, owner),
        "account_id": account.pk,
        # Every scope, so the export and the deletions run their own code too.
        "token": token_for(owner, SCOPES),
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_generated_request_within_its_schema(
    case: schemathesis.Case[Any], real_objects: dict[str, Any]
) -> None:
    cache.clear()  # no rate limit inside one run
    for name in case.path_parameters or {}:
        if name in real_objects and hash(str(case.path_parameters)) % 2 == 0:
            case.path_parameters[name] = real_objects[name]
    if case.method == "PUT" and case.path.endswith("/mailbox") and isinstance(case.body, dict):
        # No network in the tests: a generated mailbox is on this machine, at a port nobody
        # listens on, so its connection test fails at once with its code.
        case.body.update(provider="other", host="127.0.0.1", port=CLOSED, use_ssl=False)
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {real_objects['token']}"}, checks=CHECKS
    )
    assert response.status_code < 500
