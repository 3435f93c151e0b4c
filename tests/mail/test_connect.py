"""Connecting a mailbox from the seller account page: the connection test says what is wrong
in the user's language; sign-in with Google or Microsoft (XOAUTH2) against a real dovecot and a
local OAuth2 provider; tokens refreshed and stored."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from reinstate.mailbox import Password, Server, Session
from reinstate.mailbox.errors import MailboxError
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import SellerAccount
from reinstate_web.live import crypto
from reinstate_web.mailbox import services
from reinstate_web.mailbox.labels import error_message
from reinstate_web.mailbox.models import MailboxConnection, MailboxMessage
from tests.mail import messages
from tests.mail.dovecot import PASSWORD, Dovecot, free_port
from tests.mail.oauth_server import OAuthProvider
from tests.mail.refusing_imap import REFUSALS, refusing_imap
from tests.web.conftest import client_for

pytestmark = [pytest.mark.realserver, pytest.mark.xdist_group("dovecot"), pytest.mark.django_db]


def _form(dovecot: Dovecot, user: str, **changes: Any) -> dict[str, Any]:
    form = {
        "provider": "other",
        "username": user,
        "password": PASSWORD,
        "host": dovecot.host,
        "port": dovecot.port,
        "folder": "INBOX",
        "action": "password",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def _url(account: SellerAccount) -> str:
    return reverse("mailbox:account_mailbox", kwargs={"pk": account.pk})


def test_the_owner_connects_a_mailbox(
    dovecot: Dovecot, imap_user: str, account: SellerAccount, owner_client: Client
) -> None:
    response = owner_client.post(_url(account), _form(dovecot, imap_user))

    assert response.status_code == 302
    connection = MailboxConnection.objects.get(account=account)
    assert (connection.host, connection.port, connection.use_ssl) == (
        dovecot.host,
        dovecot.port,
        False,
    )
    assert PASSWORD not in connection.password_encrypted
    assert connection.password() == PASSWORD
    page = owner_client.get(reverse("cases:account", kwargs={"pk": account.pk})).content.decode()
    assert imap_user in page


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"password": "wrong"}, "The mail server refused the user name or password"),
        ({"port": "closed"}, "Reinstate could not reach the mail server"),
        ({"use_ssl": "on"}, "The secure (SSL/TLS) connection to the mail server failed"),
        ({"folder": "Amazon mail"}, "This folder does not exist in the mailbox"),
        ({"host": "mail.example.com"}, "Without SSL the password would travel unencrypted"),
    ],
)
def test_a_failed_connection_test_says_what_is_wrong(
    dovecot: Dovecot,
    imap_user: str,
    account: SellerAccount,
    owner_client: Client,
    changes: dict[str, str],
    expected: str,
) -> None:
    if changes.get("port") == "closed":
        changes = {"port": str(free_port())}
    response = owner_client.post(_url(account), _form(dovecot, imap_user, **changes))

    assert response.status_code == 200
    page = response.content.decode()
    assert expected in page
    assert not MailboxConnection.objects.exists()
    assert PASSWORD not in page  # a password is never rendered back


def test_the_connection_test_speaks_chinese(
    dovecot: Dovecot, imap_user: str, account: SellerAccount, owner_client: Client
) -> None:
    owner_client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    page = owner_client.post(
        _url(account), _form(dovecot, imap_user, password="wrong")
    ).content.decode()
    assert "邮件服务器拒绝了用户名或密码" in page


@pytest.mark.parametrize(
    ("refusal", "code"),
    [
        ("qq_authorization_code", "app_password_needed"),
        ("gmail_app_password", "app_password_needed"),
        ("gmail_imap_off", "imap_disabled"),
        ("netease_unsafe", "unsafe_login"),
        ("outlook_basic_off", "wrong_password"),
    ],
)
def test_a_providers_refusal_is_understood(refusal: str, code: str) -> None:
    with refusing_imap(refusal) as server:
        session = Session(
            Server(server.host, server.port, ssl=False, timeout=5), "me", Password("x")
        )
        with pytest.raises(MailboxError) as caught:
            session.open()
    assert caught.value.code == code
    assert not caught.value.temporary
    assert REFUSALS[refusal] in caught.value.message


@pytest.mark.parametrize(
    ("provider", "code", "expected"),
    [
        ("qq", "app_password_needed", "授权码"),
        ("netease163", "imap_disabled", "POP3/SMTP/IMAP"),
        ("gmail", "app_password_needed", "myaccount.google.com/apppasswords"),
        ("outlook", "wrong_password", "Sign in with Microsoft"),
    ],
)
def test_each_provider_gets_its_own_steps(provider: str, code: str, expected: str) -> None:
    # In English, whatever language an earlier test of this worker left active.
    with translation.override("en"):
        assert expected in error_message(code, provider)


def test_a_refused_sign_in_is_explained_on_the_page(
    account: SellerAccount, owner_client: Client, dovecot: Dovecot
) -> None:
    with refusing_imap("qq_authorization_code") as server:
        page = owner_client.post(
            _url(account),
            _form(dovecot, "me@qq.com", host=server.host, port=server.port),
        ).content.decode()
    assert "needs an app password or authorisation code" in page


def test_a_viewer_cannot_connect_a_mailbox(
    dovecot: Dovecot, imap_user: str, account: SellerAccount, viewer: User
) -> None:
    response = client_for(viewer).post(_url(account), _form(dovecot, imap_user))
    assert response.status_code == 403
    assert not MailboxConnection.objects.exists()


def test_the_presets_fill_in_the_providers_server(account: SellerAccount) -> None:
    from reinstate_web.mailbox.forms import MailboxForm

    form = MailboxForm({"provider": "qq", "username": "seller@qq.com", "folder": "INBOX"})
    assert form.is_valid(), form.errors
    assert (form.mailbox().host, form.mailbox().port, form.mailbox().use_ssl) == (
        "imap.qq.com",
        993,
        True,
    )
    account.registered_email = "seller@163.com"
    assert MailboxForm(account=account).initial["provider"] == "netease163"


# --- sign-in with Google or Microsoft ------------------------------------------------------


@pytest.fixture
def google(settings: Any, oauth_provider: OAuthProvider) -> OAuthProvider:
    settings.MAILBOX_OAUTH_CLIENTS = {
        "google": ("test-client.apps.googleusercontent.com", "test-secret"),
        "microsoft": ("", ""),
    }
    settings.MAILBOX_OAUTH_AUTHORIZE_URL = oauth_provider.authorize_url
    settings.MAILBOX_OAUTH_TOKEN_URL = oauth_provider.token_url
    return oauth_provider


def _sign_in_with_google(
    client: Client, account: SellerAccount, dovecot: Dovecot, user: str, provider: OAuthProvider
) -> None:
    provider.user = user
    response = client.post(_url(account), _form(dovecot, user, password="", action="google"))
    assert response.status_code == 302
    assert response["Location"].startswith(provider.authorize_url)
    # The browser at the provider: it agrees and sends the browser back with a code.
    consent = httpx.get(response["Location"], follow_redirects=False, timeout=10)
    back = httpx.URL(consent.headers["Location"])
    callback = client.get(back.path, dict(back.params))
    assert callback.status_code == 302, callback.content


def test_sign_in_with_google_connects_with_xoauth2(
    dovecot: Dovecot,
    imap_user: str,
    account: SellerAccount,
    owner_client: Client,
    google: OAuthProvider,
) -> None:
    _sign_in_with_google(owner_client, account, dovecot, imap_user, google)

    connection = MailboxConnection.objects.get(account=account)
    assert connection.auth == MailboxConnection.Auth.OAUTH
    assert connection.password() == ""
    refresh = crypto.decrypt(connection.oauth_refresh_token_encrypted)
    assert google.refresh[refresh] == imap_user
    token_request = next(r for r in google.requests if r["path"] == "/token")
    assert token_request["code_verifier"]  # PKCE

    dovecot.append(imap_user, messages.notice())
    services.poll(connection.pk)
    assert MailboxMessage.objects.filter(connection=connection, state="done").count() == 1


def test_an_expired_access_token_is_refreshed_and_the_new_refresh_token_kept(
    dovecot: Dovecot,
    imap_user: str,
    account: SellerAccount,
    owner_client: Client,
    google: OAuthProvider,
) -> None:
    _sign_in_with_google(owner_client, account, dovecot, imap_user, google)
    connection = MailboxConnection.objects.get(account=account)
    first_refresh = crypto.decrypt(connection.oauth_refresh_token_encrypted)
    MailboxConnection.objects.filter(pk=connection.pk).update(
        oauth_expires_at=timezone.now() - timedelta(minutes=1)
    )

    services.poll(connection.pk)

    connection.refresh_from_db()
    assert not connection.failing, connection.last_error
    kept = crypto.decrypt(connection.oauth_refresh_token_encrypted)
    assert kept != first_refresh
    assert first_refresh not in google.refresh  # rotated: the old one no longer works
    assert google.refresh[kept] == imap_user
    assert connection.oauth_expires_at is not None
    assert connection.oauth_expires_at > timezone.now()


def test_a_withdrawn_sign_in_asks_the_seller_to_sign_in_again(
    dovecot: Dovecot,
    imap_user: str,
    account: SellerAccount,
    owner_client: Client,
    google: OAuthProvider,
) -> None:
    _sign_in_with_google(owner_client, account, dovecot, imap_user, google)
    connection = MailboxConnection.objects.get(account=account)
    google.revoke(crypto.decrypt(connection.oauth_refresh_token_encrypted))
    google.revoke(crypto.decrypt(connection.oauth_access_token_encrypted))

    services.poll(connection.pk)

    connection.refresh_from_db()
    assert connection.last_error_code == "oauth_refused"
    page = owner_client.get(reverse("cases:dashboard")).content.decode()
    assert "has expired or was withdrawn. Sign in again." in page


def test_a_forged_sign_in_callback_changes_nothing(
    account: SellerAccount, owner_client: Client, google: OAuthProvider
) -> None:
    response = owner_client.get(
        reverse("mailbox:oauth_callback"), {"code": "stolen", "state": "guessed"}
    )
    assert response.status_code == 302
    assert not MailboxConnection.objects.exists()
    assert not any(r["path"] == "/token" for r in google.requests if r.get("code") == "stolen")
