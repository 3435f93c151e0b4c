"""A fresh local Amazon for every test, and a connection pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reinstate.live import Connection, Credentials, PollPolicy, RetryPolicy
from tests.core.live.amazon_mock import APP_ID, CLIENT_SECRET, REFRESH_TOKEN, AmazonMock

# Tiny pauses: the flow is the same, the suite stays fast.
FAST_POLL = PollPolicy(first_wait=0.001, factor=2.0, max_wait=0.01, deadline=10.0)
FAST_RETRY = RetryPolicy(attempts=3, first_wait=0.001, factor=2.0, max_wait=0.01)


@pytest.fixture
def amazon() -> Iterator[AmazonMock]:
    mock = AmazonMock().start()
    yield mock
    mock.stop()


def connect(
    amazon: AmazonMock,
    *,
    app_id: str = APP_ID,
    secret: str = CLIENT_SECRET,
    refresh_token: str = REFRESH_TOKEN,
    **options: object,
) -> Connection:
    return Connection(
        Credentials(app_id, secret, refresh_token),
        "US",
        endpoint=amazon.url,
        token_url=amazon.token_url,
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
def connection(amazon: AmazonMock) -> Connection:
    return connect(amazon)
