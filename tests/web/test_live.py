"""Live data on the web: connect a seller account, fetch its reports from a local server that
plays Amazon, keep dated snapshots as files on the case, analyse them, say what went wrong."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.db import connection as db
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reinstate.live import Credentials
from reinstate_web.accounts.models import User
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.cases.models import Case, CaseEvent, SellerAccount
from reinstate_web.live import labels, services, tasks
from reinstate_web.live.models import LiveFetch, LiveSnapshot, SellingPartnerConnection
from tests.core.live.amazon_mock import (
    APP_ID,
    CLIENT_SECRET,
    FBA_RETURNS,
    FEEDBACK,
    MFN_RETURNS,
    PERFORMANCE,
    PERFORMANCE_REPORT,
    REFRESH_TOKEN,
    AmazonMock,
)
from tests.web.conftest import client_for

GOOD = Credentials(APP_ID, CLIENT_SECRET, REFRESH_TOKEN)
SNAPSHOT_NAME = re.compile(r"^amazon_US_(GET_[A-Z0-9_]+)_(\d{4}-\d{2}-\d{2}T\d{6}Z)\.(json|txt)$")


@pytest.fixture
def connected(account: SellerAccount, owner: User, amazon: AmazonMock) -> SellingPartnerConnection:
    return services.connect(account, GOOD, "US", actor=owner)


def _form(**changes: str) -> dict[str, str]:
    data = {
        "marketplace": "US",
        "lwa_app_id": APP_ID,
        "lwa_client_secret": CLIENT_SECRET,
        "refresh_token": REFRESH_TOKEN,
    }
    data.update(changes)
    return data


def _fetch(client: Client, case: Case) -> LiveFetch:
    response = client.post(reverse("live:fetch", kwargs={"pk": case.pk}))
    assert response.status_code == 302
    fetch = LiveFetch.objects.filter(case=case).first()
    assert fetch is not None
    return fetch


# -- connecting ------------------------------------------------------------------------------
def test_it_connects_after_checking_the_credentials_with_amazon(
    account: SellerAccount, owner_client: Client, amazon: AmazonMock
) -> None:
    url = reverse("live:account_connection", kwargs={"pk": account.pk})
    response = owner_client.post(url, _form(marketplace="UK"))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:account", kwargs={"pk": account.pk})
    saved = SellingPartnerConnection.objects.get(account=account)
    assert saved.marketplace == "UK"
    assert saved.credentials() == GOOD
    assert [name for name, _ in amazon.log] == ["token"]  # checked, nothing else asked


def test_it_stores_the_credentials_encrypted(connected: SellingPartnerConnection) -> None:
    with db.cursor() as cursor:
        cursor.execute("SELECT * FROM live_sellingpartnerconnection")
        raw = " ".join(str(value) for value in cursor.fetchone())
    assert REFRESH_TOKEN not in raw
    assert CLIENT_SECRET not in raw
    assert APP_ID not in raw
    assert "Atzr|" not in raw
    assert connected.refresh_token_encrypted.startswith("gAAAAA")  # a Fernet token


def test_it_refuses_wrong_credentials_in_one_line_and_keeps_nothing(
    account: SellerAccount, owner_client: Client, amazon: AmazonMock
) -> None:
    url = reverse("live:account_connection", kwargs={"pk": account.pk})
    response = owner_client.post(url, _form(refresh_token="Atzr|IwEBIRevokedTokenTypedByHand"))
    page = response.content.decode()
    assert response.status_code == 200
    assert labels.error_message("credentials").split(".")[0] in page
    assert "Atzr|IwEBIRevokedTokenTypedByHand" not in page  # never rendered back
    assert CLIENT_SECRET not in page
    assert APP_ID in page  # the identifier is not a secret: kept for the user to correct
    assert not SellingPartnerConnection.objects.exists()


def test_it_never_shows_the_secrets_back(
    connected: SellingPartnerConnection, account: SellerAccount, owner_client: Client
) -> None:
    for url in (
        reverse("live:account_connection", kwargs={"pk": account.pk}),
        reverse("cases:account", kwargs={"pk": account.pk}),
    ):
        page = owner_client.get(url).content.decode()
        assert CLIENT_SECRET not in page
        assert REFRESH_TOKEN not in page
        assert APP_ID not in page
        assert f"…{APP_ID[-4:]}" in page  # which app is connected


def test_it_disconnects_and_deletes_the_credentials(
    connected: SellingPartnerConnection, account: SellerAccount, case: Case, owner_client: Client
) -> None:
    response = owner_client.post(reverse("live:account_disconnect", kwargs={"pk": account.pk}))
    assert response.status_code == 302
    assert not SellingPartnerConnection.objects.exists()
    response = owner_client.post(reverse("live:fetch", kwargs={"pk": case.pk}), follow=True)
    assert labels.error_message("not_connected") in response.content.decode()
    assert not LiveFetch.objects.exists()


def test_it_contacts_nobody_until_someone_connects(
    case: Case, owner_client: Client, amazon: AmazonMock
) -> None:
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "Connect to Amazon" in page
    assert "Fetch from Amazon now" not in page
    owner_client.post(reverse("live:fetch", kwargs={"pk": case.pk}))
    assert amazon.log == []
    assert not LiveFetch.objects.exists()


def test_it_lets_a_viewer_look_but_not_connect_or_fetch(
    connected: SellingPartnerConnection, account: SellerAccount, case: Case, viewer: User
) -> None:
    client = client_for(viewer)
    url = reverse("live:account_connection", kwargs={"pk": account.pk})
    page = client.get(url).content.decode()
    assert 'name="refresh_token"' not in page
    assert client.post(url, _form()).status_code == 403
    assert client.post(reverse("live:fetch", kwargs={"pk": case.pk})).status_code == 403
    assert (
        client.post(reverse("live:account_disconnect", kwargs={"pk": account.pk})).status_code
        == 403
    )
    case_page = client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "Fetch from Amazon now" not in case_page
    assert SellingPartnerConnection.objects.exists()


def test_it_gives_an_outsider_404_on_every_live_page(
    connected: SellingPartnerConnection,
    account: SellerAccount,
    case: Case,
    outsider_client: Client,
    amazon: AmazonMock,
) -> None:
    urls = [
        reverse("live:account_connection", kwargs={"pk": account.pk}),
        reverse("live:account_disconnect", kwargs={"pk": account.pk}),
        reverse("live:fetch", kwargs={"pk": case.pk}),
        reverse("live:status", kwargs={"pk": case.pk}),
    ]
    for url in urls:
        assert outsider_client.post(url, _form()).status_code == 404, url
        assert outsider_client.get(url).status_code in (404, 405), url
    assert SellingPartnerConnection.objects.exists()
    assert not LiveFetch.objects.exists()
    assert [name for name, _ in amazon.log] == []


# -- fetching --------------------------------------------------------------------------------
def test_it_keeps_dated_snapshots_on_the_case_and_analyses_them(
    connected: SellingPartnerConnection, case: Case, owner_client: Client, amazon: AmazonMock
) -> None:
    before = timezone.now().replace(microsecond=0)
    fetch = _fetch(owner_client, case)
    assert fetch.status == LiveFetch.Status.DONE, fetch.error
    snapshots = list(fetch.snapshots.select_related("data_file"))
    assert [s.report_type for s in snapshots] == [PERFORMANCE, FEEDBACK, MFN_RETURNS, FBA_RETURNS]
    kinds = {}
    for snapshot in snapshots:
        assert snapshot.outcome == LiveSnapshot.Outcome.STORED
        data_file = snapshot.data_file
        assert data_file is not None
        assert data_file.case_id == case.pk
        # Kept byte for byte, under a name that says what and when.
        assert Path(data_file.file.path).read_bytes() == amazon.documents[snapshot.report_type]
        match = SNAPSHOT_NAME.match(data_file.original_name)
        assert match, data_file.original_name
        assert match.group(1) == snapshot.report_type
        assert snapshot.fetched_at is not None
        assert snapshot.fetched_at >= before
        assert match.group(2) == snapshot.fetched_at.strftime("%Y-%m-%dT%H%M%SZ")
        kinds[snapshot.report_type] = data_file.kind
    assert kinds == {
        PERFORMANCE: "performance_report",
        FEEDBACK: "feedback",
        MFN_RETURNS: "mfn_returns",
        FBA_RETURNS: "fba_returns",
    }
    feedback = snapshots[1]
    assert feedback.data_start is not None
    assert feedback.data_end is not None
    assert (feedback.data_end - feedback.data_start).days == 60
    # The same analysis as uploaded exports, with Amazon's own figures.
    run = fetch.analysis_run
    assert run is not None
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.DONE, run.error
    assert set(run.files.all()) == {s.data_file for s in snapshots}
    mfn = PERFORMANCE_REPORT["performanceMetrics"][0]["orderDefectRate"]["mfn"]
    odr = next(
        m
        for m in run.report["metrics"]
        if m["code"] == "order_defect_rate" and m.get("fulfillment") == "mfn"
    )
    # Computed from Amazon's counts, which agree with the rate Amazon rounded.
    assert odr["value"] == pytest.approx(mfn["orderWithDefects"]["count"] / mfn["orderCount"])
    assert odr["value"] == pytest.approx(mfn["rate"], abs=5e-4)
    assert odr["numerator"] == mfn["orderWithDefects"]["count"]
    assert odr["denominator"] == mfn["orderCount"]
    assert odr["status"] == "bad"
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DATA).exists()


def test_it_shows_the_snapshots_on_the_case_page(
    connected: SellingPartnerConnection, case: Case, owner_client: Client
) -> None:
    fetch = _fetch(owner_client, case)
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "Fetch from Amazon now" in page
    for snapshot in fetch.snapshots.all():
        assert str(labels.report_name(snapshot.report_type)) in page
        download = reverse(
            "analysis:download", kwargs={"case_pk": case.pk, "file_id": snapshot.data_file_id}
        )
        assert download in page
        assert owner_client.get(download).status_code == 200


def test_it_keeps_unchanged_reports_once_and_changed_ones_again(
    connected: SellingPartnerConnection, case: Case, owner_client: Client, amazon: AmazonMock
) -> None:
    first = _fetch(owner_client, case)
    files = DataFile.objects.count()
    second = tasks.start_fetch(case, actor=None)
    assert second is not None
    assert second.pk != first.pk
    outcomes = {s.report_type: s for s in second.snapshots.all()}
    assert {s.outcome for s in outcomes.values()} == {LiveSnapshot.Outcome.SAME}
    assert DataFile.objects.count() == files
    assert second.analysis_run is None  # nothing new to analyse
    earlier = first.snapshots.get(report_type=FEEDBACK).data_file_id
    assert outcomes[FEEDBACK].data_file_id == earlier
    # Amazon's snapshot moved on: only that report is kept again, as a new dated file.
    amazon.documents[PERFORMANCE] = amazon.documents[PERFORMANCE].replace(b"412", b"415")
    third = tasks.start_fetch(case, actor=None)
    assert third is not None
    stored = [s for s in third.snapshots.all() if s.outcome == LiveSnapshot.Outcome.STORED]
    assert [s.report_type for s in stored] == [PERFORMANCE]
    assert DataFile.objects.count() == files + 1
    assert third.analysis_run is not None


def test_it_tells_each_report_apart_when_only_some_come_back(
    connected: SellingPartnerConnection, case: Case, owner_client: Client, amazon: AmazonMock
) -> None:
    amazon.statuses = {FEEDBACK: ["IN_QUEUE", "CANCELLED"], FBA_RETURNS: ["IN_QUEUE", "FATAL"]}
    amazon.fatal_details = {FBA_RETURNS: "Seller is not enrolled in Fulfillment by Amazon."}
    fetch = _fetch(owner_client, case)
    assert fetch.status == LiveFetch.Status.DONE
    outcomes = {s.report_type: s.outcome for s in fetch.snapshots.all()}
    assert outcomes == {
        PERFORMANCE: "stored",
        FEEDBACK: "no_data",
        MFN_RETURNS: "stored",
        FBA_RETURNS: "failed",
    }
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert labels.error_message("no_data") in page
    assert labels.error_message("report_failed") in page
    assert "Seller is not enrolled in Fulfillment by Amazon." in page


@pytest.mark.parametrize(
    ("script", "code"),
    [
        ({"throttle": {"createReport": 100}}, "throttled"),
        ({"fail": {"createReport": 100}}, "unavailable"),
        ({"outage": {"token": 100}}, "unavailable"),
        ({"deny": True}, "forbidden"),
    ],
    ids=["throttled", "amazon-failing", "amazon-down", "app-not-authorised"],
)
def test_it_says_in_one_line_why_a_fetch_failed(
    connected: SellingPartnerConnection,
    case: Case,
    owner_client: Client,
    amazon: AmazonMock,
    script: dict[str, object],
    code: str,
) -> None:
    for name, value in script.items():
        setattr(amazon, name, value)
    fetch = _fetch(owner_client, case)
    assert fetch.status == LiveFetch.Status.FAILED
    assert fetch.error_code == code
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert labels.error_message(code) in page
    assert "Traceback" not in page
    assert not DataFile.objects.filter(case=case).exists()


def test_it_says_the_credentials_were_refused(
    account: SellerAccount, case: Case, owner: User, owner_client: Client, amazon: AmazonMock
) -> None:
    # Valid when connected, revoked since (the seller removed the app's authorisation).
    services.connect(account, Credentials(APP_ID, CLIENT_SECRET, "Atzr|revoked"), "US", actor=owner)
    fetch = _fetch(owner_client, case)
    assert fetch.error_code == "credentials"
    assert amazon.calls("createReport") == 0
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert labels.error_message("credentials") in page


def test_it_asks_to_connect_again_when_the_key_changed(
    connected: SellingPartnerConnection, case: Case, owner_client: Client, settings: object
) -> None:
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # type: ignore[attr-defined]
    fetch = _fetch(owner_client, case)
    assert fetch.status == LiveFetch.Status.FAILED
    assert fetch.error_code == "unreadable"


def test_it_reads_secrets_stored_under_an_older_key(
    account: SellerAccount, owner: User, settings: object
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [old]  # type: ignore[attr-defined]
    services.connect(account, GOOD, "US", actor=owner)
    settings.ENCRYPTION_KEYS = [new, old]  # type: ignore[attr-defined]
    assert SellingPartnerConnection.objects.get().credentials() == GOOD


def test_it_starts_no_second_fetch_while_one_is_under_way(
    connected: SellingPartnerConnection, case: Case, owner_client: Client, amazon: AmazonMock
) -> None:
    waiting = LiveFetch.objects.create(case=case, marketplace="US")
    assert tasks.start_fetch(case, actor=None) == waiting
    assert LiveFetch.objects.count() == 1
    assert amazon.log == []
    status = owner_client.get(reverse("live:status", kwargs={"pk": case.pk}))
    assert "HX-Refresh" not in status
    assert 'hx-trigger="every 3s"' in status.content.decode()
    waiting.status = LiveFetch.Status.DONE
    waiting.save()
    status = owner_client.get(reverse("live:status", kwargs={"pk": case.pk}))
    assert status["HX-Refresh"] == "true"  # finished: the page shows the new files


def test_it_answers_htmx_with_the_panel(
    connected: SellingPartnerConnection, case: Case, owner_client: Client
) -> None:
    response = owner_client.post(
        reverse("live:fetch", kwargs={"pk": case.pk}), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'id="live-panel"' in response.content.decode()
    assert response["HX-Refresh"] == "true"


def test_it_refuses_an_encryption_key_it_cannot_use(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("REINSTATE_")}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "reinstate_web.settings",
            "REINSTATE_DATA_DIR": str(tmp_path),
            "REINSTATE_DEBUG": "true",
            "REINSTATE_ENCRYPTION_KEY": "not-a-fernet-key",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "REINSTATE_ENCRYPTION_KEY" in result.stderr
