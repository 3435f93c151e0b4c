"""Uploading the seller's exports on a case: stored on record, analysed, shown on the page."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from reinstate.analysis.charts import LANGS
from reinstate.analysis.knowledge import complaints
from reinstate.demo import DemoManifest
from reinstate_web.analysis import runner, services
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.cases.models import Case, CaseEvent
from tests.web.analysis_helpers import demo_exports, upload


@pytest.fixture(autouse=True)
def _no_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drawing charts takes about a second per language: only the tests about charts do."""
    monkeypatch.setattr(runner, "CHART_LANGS", ())


@pytest.fixture
def english_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "CHART_LANGS", ("en",))


@pytest.fixture
def every_chart_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "CHART_LANGS", LANGS)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoManifest]:
    folder = tmp_path_factory.mktemp("exports")
    return folder, demo_exports(folder)


def export(exports: tuple[Path, DemoManifest], kind: str) -> Path:
    folder, manifest = exports
    return folder / manifest.files[kind]


def every_export(exports: tuple[Path, DemoManifest]) -> list[Path]:
    folder, manifest = exports
    return [folder / name for name in manifest.files.values()]


def test_it_keeps_several_exports_uploaded_at_once_and_analyses_them(
    case: Case, owner_client: Client, exports: tuple[Path, DemoManifest]
) -> None:
    paths = [export(exports, k) for k in ("all_orders", "fba_returns", "feedback")]
    response = upload(owner_client, case, *paths)

    assert response.status_code == 200
    stored = {f.original_name: f for f in DataFile.objects.filter(case=case)}
    assert set(stored) == {p.name for p in paths}
    for path in paths:
        data_file = stored[path.name]
        assert data_file.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert data_file.size == path.stat().st_size
        on_disk = Path(data_file.file.path)
        assert on_disk.read_bytes() == path.read_bytes()
        assert on_disk.parent == Path(settings.MEDIA_ROOT) / "cases" / str(case.pk) / "data"
    assert stored[paths[0].name].kind == "all_orders"
    assert stored[paths[1].name].kind == "fba_returns"
    assert stored[paths[2].name].kind == "feedback"

    run = AnalysisRun.objects.get(case=case)
    assert run.status == AnalysisRun.Status.DONE
    assert set(run.files.all()) == set(stored.values())
    assert run.started_at is not None
    assert run.finished_at is not None
    sources = {s["path"]: s for s in run.report["sources"]}
    assert sources[paths[0].name]["rows_read"] > 0
    assert sources[paths[0].name]["data_file"] == stored[paths[0].name].pk
    assert not any(str(settings.MEDIA_ROOT) in s["path"] for s in run.report["sources"])
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {CaseEvent.Kind.DATA, CaseEvent.Kind.ANALYSIS} <= kinds


def test_it_shows_the_findings_metrics_and_charts_on_the_case_page(
    english_charts: None, case: Case, owner_client: Client, exports: tuple[Path, DemoManifest]
) -> None:
    upload(owner_client, case, *every_export(exports))
    _folder, manifest = exports
    planted = manifest.problem("complaints_inauthentic")
    run = AnalysisRun.objects.get(case=case)
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()

    family = complaints().families["inauthentic"].name["en"]
    assert f"Customer complaints: {family}" in page
    assert planted.asins[0] in page
    quote = run.finding("complaints_inauthentic")["evidence"][0]["text"]
    assert quote.replace("'", "&#x27;") in page
    assert "Order Defect Rate" in page
    en_charts = [c for c in run.charts if c.startswith("en/")]
    assert en_charts
    chart_url = reverse(
        "analysis:chart",
        kwargs={
            "case_pk": case.pk,
            "run_id": run.pk,
            "lang": "en",
            "name": en_charts[0].split("/", 1)[1],
        },
    )
    assert f'src="{chart_url}"' in page
    assert "/media/" not in page


def test_it_shows_the_units_each_asin_sold_for_the_invoices_in_step_3(
    case: Case, owner_client: Client, exports: tuple[Path, DemoManifest]
) -> None:
    upload(owner_client, case, export(exports, "all_orders"))
    run = AnalysisRun.objects.get(case=case)
    by_asin = run.finding("units_sold_365d")["facts"]["units_sold_365d_by_asin"]
    top_asin, top_units = max(by_asin.items(), key=lambda kv: kv[1])
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    step3 = page[page.index('id="analysis-evidence-heading"') :]

    assert top_asin in step3
    assert f'<td data-label="Units sold">{top_units:,}</td>' in step3


def test_it_refuses_a_file_over_the_limit_while_streaming_and_stores_nothing(
    case: Case, owner_client: Client, settings: object, tmp_path: Path
) -> None:
    settings.REPORT_MAX_BYTES = 4096  # type: ignore[attr-defined]
    big = tmp_path / "All Orders big.txt"
    big.write_bytes(b"order-id\tsku\tasin\n" + b"111-1234567-1234567\tSKU-1\tB0C1234567\n" * 500)

    response = upload(owner_client, case, big)

    assert response.status_code == 200
    assert (
        "All Orders big.txt is larger than 1 MB and was not uploaded." in response.content.decode()
    )
    assert not DataFile.objects.filter(case=case).exists()
    assert not AnalysisRun.objects.filter(case=case).exists()
    assert not (Path(settings.MEDIA_ROOT) / "cases" / str(case.pk) / "data").exists()  # type: ignore[attr-defined]


def test_it_keeps_the_small_files_when_one_is_over_the_limit(
    case: Case,
    owner_client: Client,
    settings: object,
    tmp_path: Path,
    exports: tuple[Path, DemoManifest],
) -> None:
    feedback = export(exports, "feedback")
    settings.REPORT_MAX_BYTES = feedback.stat().st_size + 10  # type: ignore[attr-defined]
    big = tmp_path / "huge.txt"
    big.write_bytes(b"x" * (feedback.stat().st_size + 5000))

    content = upload(owner_client, case, big, feedback).content.decode()

    assert "huge.txt is larger than" in content
    assert list(DataFile.objects.filter(case=case).values_list("original_name", flat=True)) == [
        feedback.name
    ]


def test_it_names_an_unreadable_file_and_still_analyses_the_others(
    case: Case, owner_client: Client, tmp_path: Path, exports: tuple[Path, DemoManifest]
) -> None:
    garbage = tmp_path / "holiday photo.txt"
    garbage.write_bytes(bytes(range(256)) * 40)
    orders = export(exports, "all_orders")

    content = upload(owner_client, case, garbage, orders).content.decode()

    assert "holiday photo.txt: not a Seller Central export Reinstate recognises" in content
    kept = DataFile.objects.get(case=case, original_name="holiday photo.txt")
    assert kept.kind == "unknown"
    assert kept.problem
    run = AnalysisRun.objects.get(case=case)
    assert run.status == AnalysisRun.Status.DONE
    assert [f.original_name for f in run.files.all()] == [orders.name]
    assert "Traceback" not in content


def test_it_asks_for_a_file_when_none_is_chosen(case: Case, owner_client: Client) -> None:
    response = owner_client.post(
        reverse("analysis:upload", kwargs={"pk": case.pk}), {}, headers={"HX-Request": "true"}
    )
    assert "Choose one or more exports to upload." in response.content.decode()
    assert not AnalysisRun.objects.exists()


def test_it_keeps_every_run_and_does_not_store_the_same_file_twice(
    case: Case, owner_client: Client, exports: tuple[Path, DemoManifest]
) -> None:
    orders = export(exports, "all_orders")
    upload(owner_client, case, orders)
    content = upload(owner_client, case, orders, export(exports, "feedback")).content.decode()

    assert f"{orders.name}: the same file was already uploaded" in content
    assert DataFile.objects.filter(case=case).count() == 2
    runs = list(AnalysisRun.objects.filter(case=case).order_by("id"))
    assert len(runs) == 2
    assert runs[0].files.count() == 1
    assert runs[1].files.count() == 2
    assert runs[0].report != {}
    assert runs[0].status == runs[1].status == "done"


def test_it_redirects_to_the_case_with_messages_without_javascript(
    case: Case, owner_client: Client, exports: tuple[Path, DemoManifest]
) -> None:
    response = upload(owner_client, case, export(exports, "feedback"), htmx=False)
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("cases:detail", kwargs={"pk": case.pk}) + "#step-1"
    )
    page = owner_client.get(response["Location"]).content.decode()
    assert "Files uploaded." in page


def test_it_records_a_failed_run_with_one_clear_line(
    case: Case,
    owner_client: Client,
    exports: tuple[Path, DemoManifest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reinstate.errors import InputError

    def broken(paths: list[Path], **_: object) -> None:
        raise InputError(f"{paths[0]}: line 3 has\nno order-id column")

    monkeypatch.setattr(runner, "analyze", broken)
    content = upload(owner_client, case, export(exports, "all_orders")).content.decode()

    run = AnalysisRun.objects.get(case=case)
    assert run.status == AnalysisRun.Status.FAILED
    assert run.error == "All Orders Report.txt: line 3 has no order-id column"
    assert "The last analysis could not finish." in content
    assert run.error in content


def test_it_hides_an_unexpected_error_behind_one_line(
    case: Case,
    owner_client: Client,
    exports: tuple[Path, DemoManifest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def crash(paths: list[Path], **_: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(runner, "analyze", crash)
    content = upload(owner_client, case, export(exports, "all_orders")).content.decode()

    run = AnalysisRun.objects.get(case=case)
    assert run.status == AnalysisRun.Status.FAILED
    assert run.error == runner.GENERIC_ERROR
    assert "division" not in content
    assert "Traceback" not in content


def test_it_polls_while_a_run_waits_and_shows_the_panel_when_it_is_done(
    case: Case, owner_client: Client, owner: object
) -> None:
    run = AnalysisRun.objects.create(case=case, started_by=owner)
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    status_url = reverse("analysis:status", kwargs={"pk": case.pk})
    assert f'hx-get="{status_url}"' in page
    assert 'hx-trigger="every 2s"' in page

    waiting = owner_client.get(status_url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in waiting.content.decode()
    assert "HX-Retarget" not in waiting

    run.status = AnalysisRun.Status.FAILED
    run.error = "no usable rows"
    run.save()
    finished = owner_client.get(status_url, headers={"HX-Request": "true"})
    assert finished["HX-Retarget"] == "#analysis-panel"
    body = finished.content.decode()
    assert 'id="analysis-panel"' in body
    assert "no usable rows" in body
    assert 'hx-trigger="every 2s"' not in body


def test_latest_report_gives_the_last_finished_run_as_json_lists(
    case: Case, owner_client: Client, exports: tuple[Path, DemoManifest]
) -> None:
    assert services.latest_report(case) is None
    upload(owner_client, case, export(exports, "all_orders"), export(exports, "feedback"))
    run = AnalysisRun.objects.get(case=case)
    AnalysisRun.objects.create(case=case, status=AnalysisRun.Status.FAILED, error="later failure")

    report = services.latest_report(case)

    assert report is not None
    assert report.metrics == run.report["metrics"]
    assert report.findings == run.report["findings"]
    assert {m["code"] for m in report.metrics} >= {"order_defect_rate"}
    assert all(isinstance(f, dict) for f in report.findings)


def test_it_shows_metric_names_in_simplified_chinese(
    every_chart_language: None, case: Case, owner_client: Client, exports: tuple[Path, DemoManifest]
) -> None:
    upload(owner_client, case, export(exports, "all_orders"))
    page = owner_client.get(
        reverse("cases:detail", kwargs={"pk": case.pk}), headers={"Accept-Language": "zh-hans"}
    ).content.decode()
    assert "订单缺陷率（ODR）" in page
    assert "/charts/zh-hans/" in page


def test_it_refuses_uploads_from_a_viewer(
    case: Case, viewer: object, exports: tuple[Path, DemoManifest]
) -> None:
    from tests.web.conftest import client_for

    response = upload(client_for(viewer), case, export(exports, "feedback"))  # type: ignore[arg-type]
    assert response.status_code == 403
    assert not DataFile.objects.exists()


def test_the_demo_case_has_analysed_exports_with_charts(
    every_chart_language: None, case: Case, owner: object
) -> None:
    from reinstate_web.analysis import demo

    demo.attach(case, owner)  # type: ignore[arg-type]

    kinds = set(DataFile.objects.filter(case=case).values_list("kind", flat=True))
    assert {"all_orders", "feedback", "fba_returns", "voc", "listings"} <= kinds
    run = AnalysisRun.objects.get(case=case)
    assert run.status == AnalysisRun.Status.DONE
    assert any(f["code"] == "complaints_inauthentic" for f in run.report["findings"])
    assert {c.split("/")[0] for c in run.charts} == {"en", "zh-hans", "zh-hant"}
    for chart in run.charts:
        assert (Path(settings.MEDIA_ROOT) / run.folder() / chart).stat().st_size > 1000


def test_a_running_analysis_shows_its_phase_file_and_percentage(
    english_charts: None,
    case: Case,
    owner_client: Client,
    exports: tuple[Path, DemoManifest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the status block shows at each step of a real run, read from the page itself at the
    moment the runner records the step (no spinner without words)."""
    status_url = reverse("analysis:status", kwargs={"pk": case.pk})
    seen: list[tuple[str, int, str]] = []
    record = runner._Progress._write

    def page_at_each_step(self: runner._Progress, phase: str, name: str, percent: int) -> None:
        record(self, phase, name, percent)
        body = owner_client.get(status_url, headers={"HX-Request": "true"}).content.decode()
        seen.append((phase, percent, body))

    monkeypatch.setattr(runner._Progress, "_write", page_at_each_step)
    paths = [export(exports, k) for k in ("all_orders", "fba_returns", "feedback")]
    upload(owner_client, case, *paths)

    assert AnalysisRun.objects.get(case=case).status == AnalysisRun.Status.DONE
    phases = [phase for phase, _percent, _body in seen]
    assert phases[0] == "reading"
    assert [p for i, p in enumerate(phases) if i == 0 or phases[i - 1] != p] == [
        "reading",
        "metrics",
        "complaints",
        "ranking",
        "charts",
    ]
    percents = [percent for _phase, percent, _body in seen]
    assert percents == sorted(percents)
    assert percents[-1] < 100
    reading = [body for phase, _percent, body in seen if phase == "reading"]
    assert len(reading) == len(paths)
    assert all(any(p.name in body for p in paths) for body in reading)
    for _phase, percent, body in seen:
        assert f'value="{percent}"' in body
        assert f"{percent}%" in body
    assert "Drawing the charts" in seen[-1][2]
    assert AnalysisRun.objects.get(case=case).percent == 100


def test_a_running_analysis_speaks_the_readers_language(
    case: Case, owner_client: Client, owner: object
) -> None:
    AnalysisRun.objects.create(
        case=case, started_by=owner, status=AnalysisRun.Status.RUNNING, phase="metrics", percent=72
    )
    status_url = reverse("analysis:status", kwargs={"pk": case.pk})
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    body = owner_client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "72%" in body
    assert "Calculating the account metrics" not in body
