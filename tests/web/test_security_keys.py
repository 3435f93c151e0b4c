"""The Selling Partner API credentials can be encrypted with a key kept apart from the secret key,
and keys (that one or the secret key) can be rotated with ``reencrypt_credentials``."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from reinstate.live import Credentials
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import SellerAccount
from reinstate_web.live import crypto, services
from reinstate_web.live.models import SellingPartnerConnection

GOOD = Credentials("amzn1.application-oa2-client.0123abcd", "amzn1.oa2-cs.v1.s3cr3t", "Atzr|IwEB1")
FIELDS = ("lwa_app_id_encrypted", "lwa_client_secret_encrypted", "refresh_token_encrypted")


def _key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def connection(account: SellerAccount, owner: User) -> SellingPartnerConnection:
    return services.connect(account, GOOD, "US", actor=owner)


def _reencrypt(*args: str) -> str:
    out = StringIO()
    call_command("reencrypt_credentials", *args, stdout=out)
    return out.getvalue()


def _stored() -> SellingPartnerConnection:
    return SellingPartnerConnection.objects.get()


def test_it_moves_secrets_from_the_secret_key_to_a_key_of_their_own(
    connection: SellingPartnerConnection, settings: object
) -> None:
    before = [getattr(connection, name) for name in FIELDS]
    settings.ENCRYPTION_KEYS = [_key()]  # type: ignore[attr-defined]
    # The web app reads with the new key only: until the command runs, nothing opens ...
    with pytest.raises(crypto.SecretUnreadable):
        _stored().credentials()
    assert "1 connection(s) re-encrypted" in _reencrypt()
    # ... and after it, the new key opens them and the secret key no longer does.
    assert _stored().credentials() == GOOD
    assert [getattr(_stored(), name) for name in FIELDS] != before
    settings.ENCRYPTION_KEYS = []  # type: ignore[attr-defined]
    with pytest.raises(crypto.SecretUnreadable):
        _stored().credentials()


def test_it_rotates_to_the_newest_key_so_the_old_one_can_go(
    account: SellerAccount, owner: User, settings: object
) -> None:
    old, new = _key(), _key()
    settings.ENCRYPTION_KEYS = [old]  # type: ignore[attr-defined]
    services.connect(account, GOOD, "US", actor=owner)
    settings.ENCRYPTION_KEYS = [new, old]  # type: ignore[attr-defined]
    assert _stored().credentials() == GOOD  # old keys still decrypt while rotating
    assert "1 connection(s) re-encrypted" in _reencrypt()
    settings.ENCRYPTION_KEYS = [new]  # type: ignore[attr-defined]
    assert _stored().credentials() == GOOD
    assert "0 connection(s) re-encrypted with the newest key; 1 already used it" in _reencrypt()


def test_it_checks_without_changing_anything(
    connection: SellingPartnerConnection, settings: object
) -> None:
    settings.ENCRYPTION_KEYS = [_key()]  # type: ignore[attr-defined]
    before = [getattr(_stored(), name) for name in FIELDS]
    with pytest.raises(SystemExit) as stopped:
        _reencrypt("--check")
    assert stopped.value.code == 1
    assert [getattr(_stored(), name) for name in FIELDS] == before
    _reencrypt()
    assert "0 connection(s) would be re-encrypted" in _reencrypt("--check")


def test_it_counts_and_leaves_secrets_no_key_opens(
    connection: SellingPartnerConnection, settings: object
) -> None:
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40  # type: ignore[attr-defined]
    before = [getattr(_stored(), name) for name in FIELDS]
    output = _reencrypt()
    assert "1 unreadable" in output
    assert "derived from the secret key" in output  # tells the operator to set a key
    assert [getattr(_stored(), name) for name in FIELDS] == before


def test_it_keeps_credentials_readable_through_a_secret_key_change(
    connection: SellingPartnerConnection, settings: object
) -> None:
    old_secret = settings.SECRET_KEY  # type: ignore[attr-defined]
    settings.SECRET_KEY = "the-new-secret-key-" + "y" * 40  # type: ignore[attr-defined]
    settings.SECRET_KEY_FALLBACKS = [old_secret]  # type: ignore[attr-defined]
    assert _stored().credentials() == GOOD
    assert "1 connection(s) re-encrypted" in _reencrypt()
    settings.SECRET_KEY_FALLBACKS = []  # type: ignore[attr-defined]
    assert _stored().credentials() == GOOD


def test_it_encrypts_with_its_own_key_without_the_secret_key(settings: object) -> None:
    settings.ENCRYPTION_KEYS = [_key()]  # type: ignore[attr-defined]
    token = crypto.encrypt("Atzr|IwEB1")
    assert crypto.uses_own_key()
    settings.SECRET_KEY = "a-leaked-and-replaced-secret-key-" + "z" * 30  # type: ignore[attr-defined]
    assert crypto.decrypt(token) == "Atzr|IwEB1"  # the secret key plays no part
