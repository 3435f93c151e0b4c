"""What the notices app adds to the case page: each message explained, and the form to add one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from reinstate_web.accounts.models import User
from reinstate_web.cases.memo import case_notices
from reinstate_web.cases.models import Case
from reinstate_web.drafting import machine
from reinstate_web.notices.forms import NoticeInputForm
from reinstate_web.notices.models import Notice
from reinstate_web.notices.presenters import category_choices, category_name, present


def context(request: HttpRequest, case: Case, user: User) -> dict[str, Any]:
    notices = case_notices(case)
    ready = [n for n in notices if n.state == Notice.State.READY]
    return {
        "notices_views": [present(n) for n in ready],
        "notices_pending": [n for n in notices if n.state == Notice.State.PENDING],
        "notices_failed": [n for n in notices if n.state == Notice.State.FAILED],
        "notices_form": NoticeInputForm(),
        "category_choices": category_choices(),
        "case_category_name": category_name(case) if case.category else "",
        "language_model_on": machine.enabled(),
    }
