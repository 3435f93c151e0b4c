"""Sign-in and sign-up are throttled per account and per client address (django-axes): wrong
passwords through the real sign-in form pause that account and that address, the pause ends by
itself after the cool-off, and sign-up floods and probes are paused the same way."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from reinstate_web.accounts import throttle
from reinstate_web.accounts.models import Organisation, User
from tests.web.conftest import make_user

RIGHT = "correct horse battery staple"
STRONG = "tea-kettle-harbour-42"
HOME = "198.51.100.7"
ELSEWHERE = "203.0.113.9"


def _limit() -> int:
    return int(settings.AXES_FAILURE_LIMIT)


def _cool_off() -> timedelta:
    value = settings.AXES_COOLOFF_TIME
    assert isinstance(value, timedelta)
    return value


def _sign_in(email: str, password: str, address: str = HOME, **headers: str) -> Client:
    client = Client(REMOTE_ADDR=address, headers=headers)
    client.response = client.post(  # type: ignore[attr-defined]
        reverse("accounts:login"), {"username": email, "password": password}
    )
    return client


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _status(client: Client) -> int:
    return int(client.response.status_code)  # type: ignore[attr-defined]


def _text(client: Client) -> str:
    return str(client.response.content.decode())  # type: ignore[attr-defined]


Later = Callable[[float], None]


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> Later:
    """Moves axes' clock on: ``later(minutes)`` makes every attempt after it happen that many
    minutes from now (axes stamps and judges each attempt with this clock)."""

    def move(minutes: float) -> None:
        moment = timezone.now() + timedelta(minutes=minutes)

        def now() -> datetime:
            return moment

        monkeypatch.setattr("axes.handlers.proxy.now", now)
        monkeypatch.setattr("reinstate_web.accounts.throttle.timezone.now", now)

    return move


def test_it_pauses_an_account_after_the_limit_of_wrong_passwords(owner: User) -> None:
    statuses = [_status(_sign_in(owner.email, f"wrong {n}")) for n in range(_limit())]
    # Every try before the limit says the password does not match; the last one pauses.
    assert statuses[:-1] == [200] * (_limit() - 1)
    assert statuses[-1] == throttle.LOCKED_STATUS
    paused = _sign_in(owner.email, RIGHT)
    assert _status(paused) == throttle.LOCKED_STATUS
    assert not _signed_in(paused)
    text = _text(paused)
    assert "Too many attempts" in text
    minutes = int(_cool_off().total_seconds() // 60)
    assert f"try again in {minutes} minutes" in text
    # The page keeps what was typed, never the password.
    assert f'value="{owner.email}"' in text
    assert RIGHT not in text


def test_the_right_password_works_after_the_cool_off(owner: User, later: Later) -> None:
    for n in range(_limit()):
        _sign_in(owner.email, f"wrong {n}")
    later(_cool_off().total_seconds() / 60 - 1)
    still = _sign_in(owner.email, RIGHT)
    assert _status(still) == throttle.LOCKED_STATUS
    assert "try again in 1 minute." in _text(still)
    later(_cool_off().total_seconds() / 60 + 1)
    back = _sign_in(owner.email, RIGHT)
    assert _status(back) == 302
    assert _signed_in(back)


def test_tries_while_paused_do_not_make_the_pause_longer(owner: User, later: Later) -> None:
    for n in range(_limit()):
        _sign_in(owner.email, f"wrong {n}")
    half = _cool_off().total_seconds() / 120
    later(half)
    assert _status(_sign_in(owner.email, "still guessing")) == throttle.LOCKED_STATUS
    later(_cool_off().total_seconds() / 60 + 1)
    assert _signed_in(_sign_in(owner.email, RIGHT))


def test_the_paused_account_stays_paused_from_another_address(owner: User) -> None:
    for n in range(_limit()):
        _sign_in(owner.email, f"wrong {n}")
    elsewhere = _sign_in(owner.email, RIGHT, address=ELSEWHERE)
    assert _status(elsewhere) == throttle.LOCKED_STATUS
    assert not _signed_in(elsewhere)


def test_the_paused_address_stops_other_accounts_too(
    organisation: Organisation, owner: User
) -> None:
    """Spraying one wrong password over many accounts from one address pauses the address."""
    for n in range(_limit()):
        make_user(f"staff{n}@example.com", organisation, "viewer")
        _sign_in(f"staff{n}@example.com", "Summer2026!")
    same_address = _sign_in(owner.email, RIGHT)
    assert _status(same_address) == throttle.LOCKED_STATUS
    assert not _signed_in(same_address)
    # The owner's account itself saw no wrong password: from elsewhere it signs in.
    assert _signed_in(_sign_in(owner.email, RIGHT, address=ELSEWHERE))


def test_an_account_is_one_count_whatever_the_capitals(owner: User) -> None:
    for n in range(_limit()):
        variant = owner.email.upper() if n % 2 else owner.email
        _sign_in(variant, f"wrong {n}", address=f"192.0.2.{n + 1}")
    assert _status(_sign_in(owner.email, RIGHT, address=ELSEWHERE)) == throttle.LOCKED_STATUS


def test_it_counts_wrong_passwords_for_addresses_without_an_account(db: None) -> None:
    """Unknown accounts are paused alike, so the pause tells nothing about who has an account."""
    statuses = [_status(_sign_in("nobody@example.com", f"x{n}")) for n in range(_limit())]
    assert statuses[-1] == throttle.LOCKED_STATUS


def test_the_pause_is_said_in_the_users_language(owner: User) -> None:
    for n in range(_limit()):
        _sign_in(owner.email, f"wrong {n}")
    paused = _sign_in(owner.email, RIGHT, **{"accept-language": "zh-hans"})
    text = _text(paused)
    assert 'lang="zh-hans"' in text
    minutes = int(_cool_off().total_seconds() // 60)
    with translation.override("zh-hans"):
        expected = throttle.message(minutes)
    assert expected in text


def _sign_up(email: str, address: str = HOME) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.response = client.post(  # type: ignore[attr-defined]
        reverse("accounts:signup"),
        {
            "name": "Flood",
            "email": email,
            "password": STRONG,
            "organisation": "Flood Ltd",
            "kind": "seller",
        },
    )
    return client


def test_one_address_creates_a_limited_number_of_accounts(db: None, later: Later) -> None:
    made = [_status(_sign_up(f"bot{n}@example.com")) for n in range(_limit())]
    assert made == [302] * _limit()
    refused = _sign_up("one-more@example.com")
    assert _status(refused) == throttle.LOCKED_STATUS
    assert "Too many attempts" in _text(refused)
    assert 'value="one-more@example.com"' in _text(refused)
    assert not User.objects.filter(email="one-more@example.com").exists()
    # Another address is not affected, and the first one may sign up again after the cool-off.
    assert _status(_sign_up("colleague@example.com", address=ELSEWHERE)) == 302
    later(_cool_off().total_seconds() / 60 + 1)
    assert _status(_sign_up("next-week@example.com")) == 302


def test_probing_sign_up_for_an_existing_account_is_paused(owner: User) -> None:
    statuses = [_status(_sign_up(owner.email, address=f"192.0.2.{n + 1}")) for n in range(_limit())]
    assert statuses[:-1] == [200] * (_limit() - 1)
    assert statuses[-1] == throttle.LOCKED_STATUS
    # It counted against the account: its sign-in is paused as after wrong passwords.
    assert _status(_sign_in(owner.email, RIGHT, address=ELSEWHERE)) == throttle.LOCKED_STATUS


def test_a_paused_address_cannot_sign_up_either(owner: User) -> None:
    for n in range(_limit()):
        _sign_in(owner.email, f"wrong {n}")
    refused = _sign_up("fresh@example.com")
    assert _status(refused) == throttle.LOCKED_STATUS
    assert not User.objects.filter(email="fresh@example.com").exists()


def test_it_reads_the_client_address_behind_the_configured_proxies(
    settings: object,
) -> None:
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    settings.AXES_IPWARE_PROXY_COUNT = 0  # type: ignore[attr-defined]
    assert throttle.client_address(request) == "10.0.0.2"  # the header is a claim: ignored
    settings.AXES_IPWARE_PROXY_COUNT = 1  # type: ignore[attr-defined]
    assert throttle.client_address(request) == "198.51.100.7"  # what our proxy saw
    settings.AXES_IPWARE_PROXY_COUNT = 2  # type: ignore[attr-defined]
    assert throttle.client_address(request) == "6.6.6.6"
    forged = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    settings.AXES_IPWARE_PROXY_COUNT = 1  # type: ignore[attr-defined]
    assert throttle.client_address(forged) == "10.0.0.2"


def test_the_documented_settings_are_the_ones_in_force() -> None:
    example = (settings.BASE_DIR.parents[1] / ".env.example").read_text(encoding="utf-8")
    limit = re.search(r"^REINSTATE_LOGIN_FAILURE_LIMIT=(\d+)", example, flags=re.M)
    minutes = re.search(r"^REINSTATE_LOGIN_COOLOFF_MINUTES=(\d+)", example, flags=re.M)
    assert limit is not None
    assert minutes is not None
    assert int(limit.group(1)) == _limit()
    assert timedelta(minutes=int(minutes.group(1))) == _cool_off()
