"""One dovecot for the whole test session (the real-server tests share one xdist group, so
they run in one worker: ``make test`` runs pytest with ``--dist loadgroup``). Each test gets
its own IMAP user, so tests never see each other's mail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.mail.dovecot import Dovecot, available, running_dovecot
from tests.mail.oauth_server import OAuthProvider, running_oauth_provider

# The web tests' three users, seller account and case (the watcher tests use them too).
from tests.web.conftest import (  # noqa: F401
    _media_root,
    account,
    case,
    member,
    organisation,
    outsider,
    owner,
    owner_client,
    viewer,
)


@pytest.fixture(scope="session")
def oauth_provider() -> Iterator[OAuthProvider]:
    """The local OAuth2 provider that plays Google and Microsoft (dovecot asks it too)."""
    with running_oauth_provider() as provider:
        yield provider


@pytest.fixture(scope="session")
def dovecot(oauth_provider: OAuthProvider) -> Iterator[Dovecot]:
    if not available():
        pytest.skip("dovecot is not installed (make test installs dovecot-imapd)")
    with running_dovecot(oauth_provider.introspection_url) as server:
        yield server


@pytest.fixture
def imap_user(dovecot: Dovecot) -> str:
    return dovecot.add_user()
