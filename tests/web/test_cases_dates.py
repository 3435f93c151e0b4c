"""Dates are written with the month's name in every language ("7 December 2026",
"2026年12月7日"), deadlines, timeline times and the analysis's ISO dates alike: "12/07/2026"
reads as July to half the readers."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from reinstate_web.analysis.presenters import present_finding, units_for_invoices
from reinstate_web.cases import dates
from reinstate_web.cases.models import Case, Deadline

pytestmark = pytest.mark.django_db

NUMERIC_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "7 December 2026"), ("zh-hans", "2026年12月7日"), ("zh-hant", "2026年12月7日")],
)
def test_it_writes_a_date_with_the_months_name(language: str, expected: str) -> None:
    with translation.override(language):
        assert dates.long_date(date(2026, 12, 7)) == expected
        assert dates.long_date("2026-12-07") == expected
        moment = timezone.make_aware(datetime(2026, 12, 7, 9, 30))
        assert dates.long_datetime(moment).startswith(expected)
        assert dates.long_datetime(moment).endswith("09:30")


def test_it_keeps_a_text_that_is_not_a_date() -> None:
    assert dates.long_date("soon") == "soon"
    assert dates.long_date(None) == ""


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_it_shows_no_numeric_date_on_the_case_page_or_the_list(
    case: Case, owner_client: Client, language: str
) -> None:
    deadline = Deadline.objects.get(case=case)
    deadline.due_at = timezone.make_aware(datetime(2026, 12, 7, 23, 59))
    deadline.save()
    headers = {"accept-language": language}
    detail = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk}), headers=headers)
    listing = owner_client.get(reverse("cases:dashboard"), headers=headers)
    for html in (detail.content.decode(), listing.content.decode()):
        assert not NUMERIC_DATE.search(html), NUMERIC_DATE.search(html)
        if language == "en":
            assert "7 December 2026" in html
        else:
            assert "2026年12月7日" in html
    # The timeline's times too: the case was opened today, written with the month's name.
    timeline = detail.content.decode().split('id="case-timeline"', 1)[1]
    times = re.findall(r"<time [^>]*>([^<]+)</time>", timeline)
    assert times
    for text in times:
        if language == "en":
            assert re.fullmatch(rf"\d{{1,2}} ({MONTHS}) \d{{4}}, \d\d:\d\d", text), text
        else:
            assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", text), text


def test_it_writes_the_analysis_dates_with_the_months_name() -> None:
    finding = {
        "code": "late_shipments",
        "category": "performance_late_shipment",
        "facts": {"window_start": "2026-11-05", "window_end": "2026-12-04"},
        "evidence": [{"text": "Late", "source": "feedback", "date": "2026-12-01"}],
    }
    with translation.override("zh-hans"):
        shown = present_finding(finding, "zh-hans")
    assert (shown["window_start"], shown["window_end"]) == ("2026年11月5日", "2026年12月4日")
    assert shown["quotes"][0]["date"] == "2026年12月1日"
    report = {
        "findings": [
            {
                "code": "units_sold_365d",
                "facts": {
                    "units_sold_365d_by_asin": {"B0C7Q2ZK4M": 12},
                    "window_start": "2025-12-05",
                    "window_end": "2026-12-04",
                    "data_start": "2026-08-10",
                },
            }
        ]
    }
    with translation.override("en"):
        units = units_for_invoices(report)
    assert units is not None
    assert (units["window_start"], units["data_start"]) == ("5 December 2025", "10 August 2026")
