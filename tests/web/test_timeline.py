"""The case timeline and the audit log say what happened ("Assigned to ...", "Appeal: Submitted
in Seller Central (Account Health appeal form)"), not "Note", in the reader's language."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from reinstate.codes import SubmissionChannel
from reinstate_web.accounts.models import User
from reinstate_web.cases import services
from reinstate_web.cases.models import Case, CaseEvent
from reinstate_web.submissions import records
from tests.web.conftest import client_for
from tests.web.submission_helpers import ready_letter, with_notice


def _timeline(case: Case, user: User, language: str = "en") -> str:
    url = reverse("cases:detail", kwargs={"pk": case.pk})
    page = client_for(user).get(url, headers={"accept-language": language})
    html = page.content.decode()
    start = html.index('id="case-timeline"')
    return html[start : html.index("</section>", start)]


def test_assigning_and_submitting_read_as_what_happened(
    case: Case, owner: User, member: User
) -> None:
    services.assign(case, member, actor=owner)
    with_notice(case, owner)
    draft = ready_letter(case, owner)
    records.record_submission(
        case,
        channel=SubmissionChannel.ACCOUNT_HEALTH_FORM,
        actor=owner,
        now=timezone.now() - timedelta(hours=1),
        draft=draft,
    )
    services.assign(case, None, actor=owner)

    english = _timeline(case, owner)
    assert f"Assigned to {member.email}" in english
    assert "Appeal: Submitted in Seller Central (Account Health appeal form)" in english
    assert "No longer assigned to anyone" in english
    assert "<span>Note</span>" not in english

    chinese = _timeline(case, owner, "zh-hans")
    assert f"已分配给 {member.email}" in chinese
    assert "申诉：已在卖家后台提交" in chinese
    assert "<span>备注</span>" not in chinese


def test_the_audit_log_says_what_a_deadline_and_an_answer_were(case: Case, owner: User) -> None:
    services.record(
        case,
        CaseEvent.Kind.NOTE,
        None,
        mailbox=1,
        mailbox_message=1,
        rule="thread",
        reply_outcome="more_info",
        moved_to="more_info_requested",
        reduced=False,
    )
    page = client_for(owner).get(reverse("teams:case_audit", kwargs={"pk": case.pk}))
    html = page.content.decode()
    assert "Amazon asks for more information" in html
    # The case fixture's deadline (set by a service) reads with its kind and date.
    deadline = case.deadlines.first()
    assert deadline is not None
    assert f"Deadline set: {deadline.get_kind_display()}" in html


def test_an_event_it_does_not_know_keeps_its_kind(case: Case, owner: User) -> None:
    services.record(case, CaseEvent.Kind.NOTE, None, note="from a job")
    assert "<span>Note</span>" in _timeline(case, owner)
