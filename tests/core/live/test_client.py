"""The SP-API reports client against a local server that plays Amazon's report flow."""

from __future__ import annotations

import gzip
import json
import socket
from datetime import UTC, datetime, timedelta

import pytest

from reinstate.errors import InputError, ServiceError, TemporaryServiceError
from reinstate.live import (
    Connection,
    Credentials,
    FetchedReport,
    PollPolicy,
    ReportRequest,
    ReportsClient,
    RetryPolicy,
    fetch_reports,
    marketplace,
    snapshot_name,
    standard_requests,
)
from tests.core.live.amazon_mock import (
    CLIENT_SECRET,
    FBA_RETURNS,
    FEEDBACK,
    MFN_RETURNS,
    PERFORMANCE,
    REFRESH_TOKEN,
    US,
    AmazonMock,
)
from tests.core.live.conftest import FAST_POLL, FAST_RETRY, connect

NOW = datetime(2026, 3, 6, 2, 0, tzinfo=UTC)


def _fetch(connection: Connection, requests: list[ReportRequest], **kw: object) -> list:  # type: ignore[type-arg]
    with ReportsClient(connection, retry=FAST_RETRY) as client:
        return fetch_reports(client, requests, poll=kw.pop("poll", FAST_POLL), **kw)  # type: ignore[arg-type]


def test_it_fetches_each_report_through_queue_progress_and_done(
    amazon: AmazonMock, connection: Connection
) -> None:
    outcomes = _fetch(connection, standard_requests(NOW))
    assert [o.request.report_type for o in outcomes] == [
        PERFORMANCE,
        FEEDBACK,
        MFN_RETURNS,
        FBA_RETURNS,
    ]
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    for outcome in outcomes:
        report = outcome.report
        # Byte for byte what Amazon stored, whether it travelled compressed or not.
        assert report.content == amazon.documents[report.report_type]
        assert report.compressed == (report.report_type in amazon.gzip_types)
        assert report.marketplace == "US"
        assert report.marketplace_id == US
        assert report.report_id in amazon.reports
        assert amazon.reports[report.report_id].polls >= 3  # queued, in progress, done
    assert (outcomes[2].report.charset or "").lower() == "cp1252"
    assert outcomes[0].report.charset is None


def test_it_asks_for_the_window_of_the_flat_files_but_not_of_the_snapshot(
    amazon: AmazonMock, connection: Connection
) -> None:
    outcomes = _fetch(connection, standard_requests(NOW, days=30))
    bodies = {body["reportType"]: body for body in amazon.created}
    assert "dataStartTime" not in bodies[PERFORMANCE]
    assert bodies[FEEDBACK]["marketplaceIds"] == [US]
    start = datetime.fromisoformat(bodies[FEEDBACK]["dataStartTime"])
    end = datetime.fromisoformat(bodies[FEEDBACK]["dataEndTime"])
    assert end - start == timedelta(days=30)
    assert end == NOW
    feedback = outcomes[1].report
    assert (feedback.data_start, feedback.data_end) == (start, end)
    assert outcomes[0].report.data_start is None


def test_it_gets_one_access_token_for_the_whole_fetch(
    amazon: AmazonMock, connection: Connection
) -> None:
    _fetch(connection, standard_requests(NOW))
    assert amazon.tokens_issued == 1
    assert amazon.calls("getReport") >= 12


@pytest.mark.parametrize(
    ("field", "value"),
    [("refresh_token", "Atzr|revoked-token"), ("secret", "amzn1.oa2-cs.v1.wrong")],
)
def test_it_refuses_wrong_credentials_before_asking_for_any_report(
    amazon: AmazonMock, field: str, value: str
) -> None:
    connection = connect(amazon, **{field: value})
    with pytest.raises(ServiceError) as caught:
        _fetch(connection, standard_requests(NOW))
    assert caught.value.code == "credentials"
    assert not caught.value.temporary
    assert amazon.calls("createReport") == 0
    assert value not in str(caught.value)


def test_it_checks_credentials_with_login_with_amazon_alone(
    amazon: AmazonMock, connection: Connection
) -> None:
    with ReportsClient(connection, retry=FAST_RETRY) as client:
        client.check_credentials()
    assert amazon.tokens_issued == 1
    assert [name for name, _ in amazon.log] == ["token"]
    with (
        ReportsClient(connect(amazon, refresh_token="Atzr|x"), retry=FAST_RETRY) as client,
        pytest.raises(ServiceError, match="invalid_grant"),
    ):
        client.check_credentials()


def test_it_stops_when_amazon_refuses_the_app_access(amazon: AmazonMock) -> None:
    amazon.deny = True
    with pytest.raises(ServiceError) as caught:
        _fetch(connect(amazon), standard_requests(NOW))
    assert caught.value.code == "forbidden"
    assert "Unauthorized" in str(caught.value)


def test_it_waits_and_tries_again_when_throttled(amazon: AmazonMock) -> None:
    amazon.throttle = {"createReport": 2, "getReport": 1}
    waits: list[float] = []
    retry = RetryPolicy(attempts=3, first_wait=0.002, factor=3.0, max_wait=1.0)

    def sleep(seconds: float) -> None:
        waits.append(seconds)

    with ReportsClient(connect(amazon), retry=retry, sleep=sleep) as client:
        outcomes = fetch_reports(client, [ReportRequest(PERFORMANCE)], poll=FAST_POLL, sleep=sleep)
    assert outcomes[0].report is not None
    assert amazon.calls("createReport") == 3
    assert waits[:2] == [0.002, 0.006]  # the retry pauses grow; poll pauses follow


def test_it_gives_up_on_throttling_with_a_temporary_error(amazon: AmazonMock) -> None:
    amazon.throttle = {"createReport": 100}
    outcomes = _fetch(connect(amazon), [ReportRequest(PERFORMANCE), ReportRequest(FEEDBACK)])
    for outcome in outcomes:
        assert isinstance(outcome.error, TemporaryServiceError)
        assert outcome.error.code == "throttled"
        assert outcome.report is None
    assert amazon.calls("createReport") == 2 * FAST_RETRY.attempts


def test_it_tells_amazon_down_apart_from_throttling(amazon: AmazonMock) -> None:
    amazon.fail = {"getReport": 100}
    outcomes = _fetch(connect(amazon), [ReportRequest(PERFORMANCE)])
    assert isinstance(outcomes[0].error, TemporaryServiceError)
    assert outcomes[0].error.code == "unavailable"


def test_it_recovers_from_one_failed_download(amazon: AmazonMock, connection: Connection) -> None:
    amazon.fail = {"download": 1}
    outcomes = _fetch(connection, [ReportRequest(FBA_RETURNS)])
    assert outcomes[0].report.content == amazon.documents[FBA_RETURNS]
    assert amazon.calls("download") == 2


def test_it_reports_a_fatal_report_with_amazons_reason_and_keeps_the_others(
    amazon: AmazonMock, connection: Connection
) -> None:
    amazon.statuses = {FBA_RETURNS: ["IN_QUEUE", "IN_PROGRESS", "FATAL"]}
    amazon.fatal_details = {FBA_RETURNS: "The seller is not registered for FBA."}
    outcomes = _fetch(connection, standard_requests(NOW))
    fba = outcomes[3]
    assert fba.report is None
    assert fba.error.code == "report_failed"
    assert "not registered for FBA" in str(fba.error)
    assert all(o.report is not None for o in outcomes[:3])


def test_it_reads_a_cancelled_report_as_no_data(amazon: AmazonMock, connection: Connection) -> None:
    amazon.statuses = {FEEDBACK: ["IN_QUEUE", "CANCELLED"]}
    outcomes = _fetch(connection, [ReportRequest(FEEDBACK)])
    assert outcomes[0].error.code == "no_data"
    assert not outcomes[0].error.temporary


def test_it_gives_up_on_a_report_amazon_never_finishes(
    amazon: AmazonMock, connection: Connection
) -> None:
    amazon.statuses = {FEEDBACK: ["IN_QUEUE", "IN_PROGRESS"], PERFORMANCE: ["DONE"]}
    policy = PollPolicy(first_wait=0.001, factor=1.0, max_wait=0.001, deadline=0.05)
    outcomes = _fetch(
        connection, [ReportRequest(FEEDBACK), ReportRequest(PERFORMANCE)], poll=policy
    )
    assert outcomes[0].error.code == "timeout"
    assert outcomes[0].error.temporary
    assert outcomes[1].report is not None


def test_it_refuses_a_gzip_document_cut_short(amazon: AmazonMock, connection: Connection) -> None:
    amazon.broken_gzip = {PERFORMANCE}
    outcomes = _fetch(connection, [ReportRequest(PERFORMANCE)])
    assert outcomes[0].error.code == "bad_response"


def test_it_refuses_a_document_larger_than_its_limit(amazon: AmazonMock) -> None:
    limit = len(amazon.documents[FEEDBACK]) - 1
    outcomes = _fetch(connect(amazon, max_document_bytes=limit), [ReportRequest(FEEDBACK)])
    assert outcomes[0].error.code == "too_large"
    big = json.dumps({"x": "a" * 5000}).encode()
    amazon.documents[PERFORMANCE] = big
    assert len(gzip.compress(big)) < 200 < len(big)
    outcomes = _fetch(connect(amazon, max_document_bytes=1000), [ReportRequest(PERFORMANCE)])
    assert outcomes[0].error.code == "too_large"  # measured after decompression


def test_it_reports_amazon_unreachable_as_temporary() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    connection = Connection(
        Credentials("amzn1.application-oa2-client.x", CLIENT_SECRET, REFRESH_TOKEN),
        "US",
        endpoint=f"http://127.0.0.1:{port}",
        token_url=f"http://127.0.0.1:{port}/auth/o2/token",
        timeout=2.0,
    )
    outcomes = _fetch(connection, [ReportRequest(PERFORMANCE)])
    assert isinstance(outcomes[0].error, TemporaryServiceError)
    assert outcomes[0].error.code == "unavailable"


def test_it_retries_an_outage_page_that_is_not_json(amazon: AmazonMock) -> None:
    amazon.outage = {"createReport": 1}
    outcomes = _fetch(connect(amazon), [ReportRequest(PERFORMANCE)])
    assert outcomes[0].report is not None
    amazon.outage = {"getReport": 100}
    outcomes = _fetch(connect(amazon), [ReportRequest(PERFORMANCE)])
    assert outcomes[0].error.code == "unavailable"


def test_it_uses_only_the_credentials_and_marketplace_given(
    amazon: AmazonMock, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LWA_APP_ID", "amzn1.application-oa2-client.from-the-environment")
    monkeypatch.setenv("LWA_CLIENT_SECRET", "wrong")
    monkeypatch.setenv("SP_API_REFRESH_TOKEN", "Atzr|wrong")
    monkeypatch.setenv("SP_API_DEFAULT_MARKETPLACE", "DE")
    outcomes = _fetch(connection, [ReportRequest(PERFORMANCE)])
    assert outcomes[0].report is not None
    assert amazon.created[0]["marketplaceIds"] == [US]


def test_it_never_shows_the_secrets() -> None:
    connection = Connection(
        Credentials("amzn1.application-oa2-client.ab12", "s3cr3t", "Atzr|t0k"), "UK"
    )
    shown = repr(connection)
    assert "s3cr3t" not in shown
    assert "Atzr|t0k" not in shown
    assert "ab12" in shown
    assert connection.endpoint_url == "https://sellingpartnerapi-eu.amazon.com"


def test_it_knows_marketplaces_by_country_code() -> None:
    assert marketplace("uk").marketplace_id == marketplace("GB").marketplace_id
    assert marketplace("JP").region == "fe"
    with pytest.raises(InputError):
        marketplace("XX")


def test_it_names_each_snapshot_by_marketplace_report_and_date() -> None:
    def report(report_type: str, at: datetime) -> FetchedReport:
        return FetchedReport(report_type, "DE", "A1PA6795UKMFR9", "1", "d", None, None, at, b"")

    first = datetime(2026, 3, 6, 2, 15, 9, tzinfo=UTC)
    name = snapshot_name(report(FEEDBACK, first))
    assert name == "amazon_DE_GET_SELLER_FEEDBACK_DATA_2026-03-06T021509Z.txt"
    assert snapshot_name(report(PERFORMANCE, first)).endswith("_2026-03-06T021509Z.json")
    later = snapshot_name(report(FEEDBACK, first + timedelta(seconds=1)))
    assert later != name
    assert sorted([later, name]) == [name, later]
    # Stamped in UTC whatever the zone of the time given.
    beijing = first.astimezone(datetime.now().astimezone().tzinfo)
    assert snapshot_name(report(FEEDBACK, beijing)) == name
