"""Seller data pages are for the case's team only: outsiders get 404 everywhere, charts and
files are never public media URLs."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from reinstate_web.accounts.models import User
from reinstate_web.analysis import runner
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.cases import services as case_services
from reinstate_web.cases.models import Case, SellerAccount
from tests.web.analysis_helpers import demo_exports, upload


@pytest.fixture(scope="module")
def orders_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    return demo_exports(folder).path("all_orders")


@pytest.fixture
def analysed(
    case: Case, owner_client: Client, orders_export: Path, monkeypatch: pytest.MonkeyPatch
) -> AnalysisRun:
    monkeypatch.setattr(runner, "CHART_LANGS", ("en",))
    upload(owner_client, case, orders_export)
    return AnalysisRun.objects.get(case=case)


def chart_url(case_pk: int, run: AnalysisRun, name: str | None = None) -> str:
    lang, _sep, first = run.charts[0].partition("/")
    return reverse(
        "analysis:chart",
        kwargs={"case_pk": case_pk, "run_id": run.pk, "lang": lang, "name": name or first},
    )


def file_url(case_pk: int, data_file: DataFile) -> str:
    return reverse("analysis:download", kwargs={"case_pk": case_pk, "file_id": data_file.pk})


def test_it_serves_a_chart_to_a_team_member(analysed: AnalysisRun, member_client: Client) -> None:
    response = member_client.get(chart_url(analysed.case_id, analysed))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]


def test_it_gives_an_outsider_404_for_charts_and_files(
    analysed: AnalysisRun, outsider_client: Client
) -> None:
    data_file = DataFile.objects.get(case=analysed.case)
    assert outsider_client.get(chart_url(analysed.case_id, analysed)).status_code == 404
    assert outsider_client.get(file_url(analysed.case_id, data_file)).status_code == 404


def test_it_gives_an_outsider_404_on_their_own_case_with_our_run_and_file(
    analysed: AnalysisRun, outsider: User, outsider_client: Client
) -> None:
    """Ids are checked against the case in the URL, not only against the user."""
    account = SellerAccount.objects.get(store_name="Other Store")
    theirs = case_services.open_case(account, title="Their own case", actor=outsider)
    data_file = DataFile.objects.get(case=analysed.case)
    assert outsider_client.get(chart_url(theirs.pk, analysed)).status_code == 404
    assert outsider_client.get(file_url(theirs.pk, data_file)).status_code == 404


@pytest.mark.parametrize("name", ["upload", "analyse", "status"])
def test_it_gives_an_outsider_404_on_the_case_actions(
    name: str, case: Case, outsider_client: Client, orders_export: Path
) -> None:
    url = reverse(f"analysis:{name}", kwargs={"pk": case.pk})
    assert outsider_client.post(url).status_code in (404, 405)
    assert outsider_client.get(url).status_code in (404, 405)
    with orders_export.open("rb") as handle:
        assert outsider_client.post(url, {"exports": handle}).status_code in (404, 405)
    assert not DataFile.objects.exists()
    assert not AnalysisRun.objects.exists()


def test_it_serves_only_the_charts_a_run_recorded(
    analysed: AnalysisRun, member_client: Client
) -> None:
    assert member_client.get(chart_url(analysed.case_id, analysed, "secret.png")).status_code == 404
    traversal = chart_url(analysed.case_id, analysed).replace(
        analysed.charts[0].split("/")[1], "..%2F..%2Fdata%2FAll%20Orders%20Report.txt"
    )
    assert member_client.get(traversal).status_code == 404


def test_it_gives_the_team_the_export_exactly_as_uploaded(
    analysed: AnalysisRun, member_client: Client, orders_export: Path
) -> None:
    data_file = DataFile.objects.get(case=analysed.case)
    response = member_client.get(file_url(analysed.case_id, data_file))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == orders_export.read_bytes()  # type: ignore[attr-defined]
    assert "attachment" in response["Content-Disposition"]


def test_it_sends_anonymous_visitors_to_sign_in(analysed: AnalysisRun) -> None:
    response = Client().get(chart_url(analysed.case_id, analysed))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
