"""Hostile and careless input against the real server (issue 13): one request never hurts
another tenant, nothing becomes a server error, and what the user typed is kept."""

from __future__ import annotations

import re
import threading
import time

import httpx
import pytest

from tests.web.real_server import TENANTS, Server, csrf_of, post_form, real_server, signed_in

pytestmark = [pytest.mark.realserver, pytest.mark.xdist_group("real_server")]
__all__ = ["real_server"]

NOTICE = (
    "Your Amazon seller account has been deactivated because we received complaints about the "
    "authenticity of items you listed. ASIN: B0C1234567\n"
)


def _account_id(client: httpx.Client, server: Server, store: str) -> str:
    post_form(client, server, "/accounts/new/", {"store_name": store, "organisation": _org(client)})
    page = client.get("/cases/new/").text
    match = re.search(r'<option value="(\d+)"[^>]*>\s*' + re.escape(store), page)
    assert match, "the seller account is not offered"
    return match.group(1)


def _org(client: httpx.Client) -> str:
    page = client.get("/accounts/new/").text
    match = re.search(r'name="organisation"[^>]*>\s*<option value="(\d+)"', page)
    assert match
    return match.group(1)


def test_a_4_mb_single_line_paste_is_answered_without_a_server_error(real_server: Server) -> None:
    client = signed_in(real_server, TENANTS[0])
    account = _account_id(client, real_server, "Paste Store")
    paste = NOTICE + ("a1b2-" * 800_000)
    started = time.monotonic()
    response = post_form(
        client, real_server, "/cases/new/", {"account": account, "notice_text": paste}
    )
    assert response.status_code in (200, 400)
    assert time.monotonic() - started < 60  # it hung a worker for 300 s before
    assert "Traceback" not in response.text


def _other_tenant_signs_in_and_saves(server: Server, store: str) -> tuple[float, float]:
    """Seconds the second tenant takes to sign in, then to save a new seller account."""
    started = time.monotonic()
    other = signed_in(server, TENANTS[1])
    signed = time.monotonic()
    saved = post_form(
        other, server, "/accounts/new/", {"store_name": store, "organisation": _org(other)}
    )
    done = time.monotonic()
    assert saved.status_code == 200
    assert store in other.get("/accounts/").text
    return signed - started, done - signed


def test_one_tenants_slowest_request_does_not_hold_up_another(real_server: Server) -> None:
    # The same steps on the idle server: signing in costs a deliberately slow password hash
    # (Argon2, about 0.5 s on a small machine), which a loaded test machine slows further.
    idle_sign_in, idle_save = _other_tenant_signs_in_and_saves(real_server, "Idle Store")

    slow_client = signed_in(real_server, TENANTS[0])
    account = _account_id(slow_client, real_server, "Slow Store")
    # The slowest legal request: a notice paste just under the 10 MB limit.
    paste = NOTICE + ("Funds will not be transferred. " * 300_000)[: 9 * 1024 * 1024]
    token = csrf_of(slow_client.get("/cases/new/").text)
    finished: list[int] = []

    def post_slowly() -> None:
        response = slow_client.post(
            "/cases/new/",
            data={"account": account, "notice_text": paste, "csrfmiddlewaretoken": token},
            headers={"Referer": real_server.url + "/cases/new/"},
        )
        finished.append(response.status_code)

    worker = threading.Thread(target=post_slowly)
    worker.start()
    time.sleep(0.3)  # the paste is on its way; then it is read by the job worker
    sign_in, save = _other_tenant_signs_in_and_saves(real_server, "Quick Store")
    worker.join(timeout=180)
    assert finished == [200], "the slow request failed"
    # Before, the other tenant waited for the whole diagnosis of 9 MB (20 s, then a 500). Now
    # each step takes under a second, or no more than twice its time on the idle server.
    assert sign_in < max(1.0, 2 * idle_sign_in), (
        f"sign-in {sign_in:.2f} s (idle {idle_sign_in:.2f})"
    )
    assert save < max(1.0, 2 * idle_save), f"saving {save:.2f} s (idle {idle_save:.2f} s)"


def test_a_large_notice_is_read_by_the_job_worker_and_shown_when_ready(
    real_server: Server,
) -> None:
    client = signed_in(real_server, TENANTS[0])
    account = _account_id(client, real_server, "Thread Store")
    paste = NOTICE + ("> quoted earlier message in the thread\n" * 60_000)  # 2.3 MB
    response = post_form(
        client, real_server, "/cases/new/", {"account": account, "notice_text": paste}
    )
    assert response.status_code == 200
    assert "Reading Amazon" in response.text  # stored at once, read in the background
    panel = re.search(r'hx-get="(/cases/\d+/notices/)"', response.text)
    assert panel, "the messages panel does not refresh itself"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        page = client.get(panel.group(1)).text
        if "Reading Amazon" not in page:
            break
        time.sleep(1)
    assert "B0C1234567" in page


def test_a_paste_far_over_the_limit_gets_a_readable_page(real_server: Server) -> None:
    client = signed_in(real_server, TENANTS[0])
    account = _account_id(client, real_server, "Huge Store")
    response = post_form(
        client,
        real_server,
        "/cases/new/",
        {"account": account, "notice_text": "a " * 12_000_000},
    )
    assert response.status_code == 400
    assert "could not take this request" in response.text


def test_a_paste_just_over_the_limit_is_refused_by_the_form_and_kept(real_server: Server) -> None:
    client = signed_in(real_server, TENANTS[0])
    account = _account_id(client, real_server, "Over Store")
    marker = "KEEP-THIS-TEXT"
    paste = marker + " " + "b " * (11 * 1024 * 1024 // 2)
    response = post_form(
        client, real_server, "/cases/new/", {"account": account, "notice_text": paste}
    )
    assert response.status_code == 200
    assert "Reinstate reads a message of up to 10 MB" in response.text
    assert marker in response.text


def test_hostile_html_in_a_notice_never_runs(real_server: Server) -> None:
    client = signed_in(real_server, TENANTS[0])
    account = _account_id(client, real_server, "Html Store")
    paste = "<html><body><script>alert(1)</script><p>" + NOTICE + "</p></body></html>"
    response = post_form(
        client, real_server, "/cases/new/", {"account": account, "notice_text": paste}
    )
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
