"""The API connects a seller account's mailbox against a real dovecot, as the account's mailbox
page does: the connection test first, the password kept encrypted and never answered, a check
that polls, and disconnecting."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import SellerAccount
from reinstate_web.mailbox.models import MailboxConnection
from tests.mail.dovecot import PASSWORD, Dovecot
from tests.web.api_helpers import api_client

pytestmark = [pytest.mark.realserver, pytest.mark.xdist_group("dovecot"), pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _fresh_rate_window() -> None:
    cache.clear()


def _connect(
    client: Client, account: SellerAccount, dovecot: Dovecot, user: str, **body: object
) -> Any:
    return client.put(
        f"/api/accounts/{account.pk}/mailbox",
        {
            "provider": "other",
            "username": user,
            "password": PASSWORD,
            "host": dovecot.host,
            "port": dovecot.port,
            "use_ssl": False,
            **body,
        },
        content_type="application/json",
    )


def test_the_api_connects_checks_and_disconnects_a_mailbox(
    dovecot: Dovecot, imap_user: str, account: SellerAccount, owner: User, owner_client: Client
) -> None:
    client = api_client(owner)
    response = _connect(client, account, dovecot, imap_user)
    assert response.status_code == 200, response.content
    body = response.json()
    assert PASSWORD not in response.content.decode()
    assert "password" not in body
    connection = MailboxConnection.objects.get(account=account)
    assert connection.password() == PASSWORD
    assert (body["host"], body["port"], body["username"], body["auth"]) == (
        dovecot.host,
        dovecot.port,
        imap_user,
        "password",
    )
    # The account's mailbox page shows it connected.
    page = owner_client.get(f"/accounts/{account.pk}/mailbox/").content.decode()
    assert imap_user in page
    assert PASSWORD not in page
    read = client.get(f"/api/accounts/{account.pk}/mailbox").json()
    assert read == body
    checked = client.post(f"/api/accounts/{account.pk}/mailbox/check")
    assert checked.status_code == 202
    # The test settings run jobs at once: the poll ran against dovecot.
    assert checked.json()["last_success_at"] is not None
    assert checked.json()["last_error_code"] == ""
    assert client.delete(f"/api/accounts/{account.pk}/mailbox").status_code == 204
    assert not MailboxConnection.objects.filter(account=account).exists()
    gone = client.get(f"/api/accounts/{account.pk}/mailbox")
    assert gone.status_code == 404
    assert gone.json()["error"]["code"] == "not_connected"


def test_a_wrong_password_keeps_nothing(
    dovecot: Dovecot, imap_user: str, account: SellerAccount, owner: User
) -> None:
    response = _connect(api_client(owner), account, dovecot, imap_user, password="not it")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "wrong_password"
    assert "not it" not in response.content.decode()
    assert not MailboxConnection.objects.filter(account=account).exists()
