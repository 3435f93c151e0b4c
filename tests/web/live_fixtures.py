"""The local server that plays Amazon, wired into the web app's settings (web and browser tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reinstate_web.live import runner
from tests.core.live.amazon_mock import AmazonMock
from tests.core.live.conftest import FAST_POLL, FAST_RETRY


@pytest.fixture
def amazon(settings: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[AmazonMock]:
    mock = AmazonMock().start()
    settings.SP_API_ENDPOINT = mock.url  # type: ignore[attr-defined]
    settings.SP_API_TOKEN_URL = mock.token_url  # type: ignore[attr-defined]
    monkeypatch.setattr(runner, "POLL", FAST_POLL)
    monkeypatch.setattr(runner, "RETRY", FAST_RETRY)
    yield mock
    mock.stop()
