"""Seller data stays out of caches (Cache-Control: private, no-store), browsers keep to HTTPS
once it is on (HSTS), and production settings pass ``manage.py check --deploy``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.test import Client, RequestFactory
from django.urls import reverse

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.security import NO_STORE, PrivateCacheMiddleware

ROOT = Path(__file__).resolve().parents[2]


def _through_middleware(user: object, response: HttpResponseBase) -> HttpResponseBase:
    request = RequestFactory().get("/cases/1/")
    request.user = user  # type: ignore[assignment]

    def view(_request: HttpRequest) -> HttpResponseBase:
        return response

    return PrivateCacheMiddleware(view)(request)


def test_it_replaces_a_looser_cache_header_for_a_signed_in_user(owner: User) -> None:
    chart = FileResponse(iter([b"\x89PNG"]), content_type="image/png")
    chart["Cache-Control"] = "private, max-age=86400"
    chart["Expires"] = "Thu, 01 Jan 2099 00:00:00 GMT"
    response = _through_middleware(owner, chart)
    assert response["Cache-Control"] == NO_STORE
    assert not response.has_header("Expires")


def test_it_keeps_an_anonymous_response_s_own_caching_and_fills_a_missing_one() -> None:
    public = HttpResponse("ok")
    public["Cache-Control"] = "public, max-age=60"
    assert _through_middleware(AnonymousUser(), public)["Cache-Control"] == "public, max-age=60"
    assert _through_middleware(AnonymousUser(), HttpResponse("ok"))["Cache-Control"] == NO_STORE


def test_it_marks_pages_and_downloads_of_a_case_private_and_not_to_be_stored(
    owner_client: Client, case: Case
) -> None:
    urls = [
        reverse("cases:dashboard"),
        reverse("cases:detail", kwargs={"pk": case.pk}),
        reverse("accounts:profile"),
        reverse("accounts:team"),
    ]
    for url in urls:
        assert owner_client.get(url)["Cache-Control"] == NO_STORE, url


def test_it_marks_the_sign_in_page_not_to_be_stored(client: Client, db: None) -> None:
    directives = client.get(reverse("accounts:login"))["Cache-Control"].split(", ")
    assert {"private", "no-store"} <= set(directives)  # Django's never_cache says more


# --- Settings as production sees them (a fresh process per environment) ------------------------


def _run(code: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("REINSTATE_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, *code],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _production(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "REINSTATE_DATA_DIR": str(tmp_path / "var"),
        "REINSTATE_SECRET_KEY": "prod-" + "Zq8!kW3#" * 6,
        "REINSTATE_ALLOWED_HOSTS": "reinstate.example.com",
        **extra,
    }


HEADERS = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'reinstate_web.settings'; "
    "django.setup(); from django.test import Client; "
    "r = Client().get('/login/', secure=True, headers={'host': 'reinstate.example.com'}); "
    "print(r.status_code); print(r.get('Strict-Transport-Security', 'none'))"
)


def test_it_sends_hsts_over_https(tmp_path: Path) -> None:
    result = _run(["-c", HEADERS], _production(tmp_path, REINSTATE_HTTPS="true"), tmp_path)
    status, hsts = result.stdout.split("\n")[:2]
    assert status == "200", result.stderr
    assert hsts == "max-age=31536000; includeSubDomains"


def test_it_sends_no_hsts_without_https(tmp_path: Path) -> None:
    result = _run(["-c", HEADERS], _production(tmp_path), tmp_path)
    assert result.stdout.split("\n")[:2] == ["200", "none"], result.stderr


def test_it_preloads_only_when_asked(tmp_path: Path) -> None:
    env = _production(tmp_path, REINSTATE_HTTPS="true", REINSTATE_HSTS_PRELOAD="true")
    result = _run(["-c", HEADERS], env, tmp_path)
    assert result.stdout.split("\n")[1] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.slow
def test_it_passes_the_deployment_check_in_production_settings(tmp_path: Path) -> None:
    env = _production(tmp_path, REINSTATE_HTTPS="true")
    check = ["-m", "reinstate_web", "check", "--deploy", "--fail-level", "WARNING"]
    result = _run(check, env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # Without HTTPS the same check names what production still needs.
    plain = _run(check, _production(tmp_path), tmp_path)
    assert plain.returncode != 0
    assert "security.W004" in plain.stderr + plain.stdout
