"""What several panels of the case page read is read once per page (cases.memo), and only
there: outside a page the same functions read the database each time."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reinstate_web.accounts.models import User
from reinstate_web.cases.memo import page_memo, per_page
from reinstate_web.cases.models import Case
from reinstate_web.submissions.pending import latest_appeal
from tests.web.object_factories import notice_id
from tests.web.submission_helpers import ready_letter, with_notice


def test_per_page_runs_once_per_arguments_inside_a_page_only() -> None:
    calls: list[int] = []

    @per_page
    def twice(n: int) -> int:
        calls.append(n)
        return n * 2

    assert (twice(1), twice(1)) == (2, 2)
    assert calls == [1, 1]
    with page_memo():
        assert (twice(1), twice(1), twice(2)) == (2, 2, 4)
    assert calls == [1, 1, 1, 2]
    twice(1)
    assert calls == [1, 1, 1, 2, 1]


def test_the_case_page_reads_the_latest_appeal_and_notice_once(
    case: Case, owner: User, owner_client: Client
) -> None:
    notice_id(case, owner)
    url = reverse("cases:detail", kwargs={"pk": case.pk})
    owner_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert owner_client.get(url).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    submissions = [s for s in sql if 'FROM "submissions_submission"' in s]
    notices = [s for s in sql if 'FROM "notices_notice"' in s]
    runs = [s for s in sql if 'FROM "analysis_analysisrun"' in s and "'done'" in s]
    # Six panels ask for the latest appeal and two list the submissions (one list: the latest
    # appeal is picked from it), four for the latest analysis; the notices panel, the title,
    # the diagnosis, the deadlines' language and step 5 pick from one list of the case's
    # messages (cases.memo.case_notices).
    assert len(submissions) == 1, submissions
    assert len(runs) <= 1, runs
    assert len(notices) == 1, notices


def test_the_case_page_asks_once_whether_amazon_answered_the_appeal(
    case: Case, owner: User, owner_client: Client
) -> None:
    from reinstate_web.submissions.demo import attach

    with_notice(case, owner)
    ready_letter(case, owner)
    attach(case, owner)  # the demo's appeal, recorded as submitted: the case waits
    url = reverse("cases:detail", kwargs={"pk": case.pk})
    owner_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert owner_client.get(url).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    replies = [s for s in sql if 'FROM "notices_notice"' in s and "'reply'" in s]
    statuses = [s for s in sql if 'FROM "cases_caseevent"' in s and "status" in s]
    waits = [s for s in sql if 'FROM "submissions_casefollowup"' in s]
    follow_ups = [s for s in sql if '"submissions_submission"."parent_id" =' in s]
    # The waiting, pending and suggestion panels ask the same three questions.
    # Any reply after the appeal, a deciding one: picked from the case's messages (one list).
    assert not replies, replies
    assert len(statuses) == 1, statuses
    assert len(waits) <= 2, waits  # the case's own waits; the wait panel's form
    # Step 5's summary and step 6's panel work out the follow-up at the same moment, once,
    # with the appeal's follow-ups picked from the case's submissions (one list).
    assert not follow_ups, follow_ups


def test_the_case_page_reads_the_letter_versions_and_the_evidence_once(
    case: Case, owner: User, owner_client: Client
) -> None:
    from tests.web.object_factories import document_id

    with_notice(case, owner)
    ready_letter(case, owner)
    document_id(case, owner)
    url = reverse("cases:detail", kwargs={"pk": case.pk})
    owner_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert owner_client.get(url).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    drafts = [s for s in sql if 'FROM "drafting_draft"' in s]
    documents = [s for s in sql if 'FROM "evidence_evidencedocument"' in s]
    # The latest version of all (step 5, the step bar, the checklist, the drafting panel's
    # latest) and the versions the user sees (history, the team's shared ones).
    assert len(drafts) == 2, drafts
    # The locker checked once for the evidence panel and the letter's list of files.
    assert len(documents) == 1, documents


def test_an_unsaved_case_is_not_remembered_and_does_not_fail() -> None:
    from reinstate_web.cases.titles import display_title

    with page_memo():
        assert display_title(Case(title="Typed by hand")) == "Typed by hand"


def test_outside_a_page_the_latest_appeal_is_read_each_time(case: Case) -> None:
    with CaptureQueriesContext(connection) as queries:
        latest_appeal(case)
        latest_appeal(case)
    assert len(queries.captured_queries) == 2
