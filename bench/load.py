"""Load on a real server: requests per second and p50 / p95 of the dashboard, the case page and
the main API reads and writes, at 10,000 cases over 200 sellers, on SQLite and on PostgreSQL.

For each database: a fresh data folder, the schema by the real migrations, the cases made with
``bulk_create`` by ``bench/dashboard.py``'s builder (one professional team, 200 sellers, half
of them handing their cases to the team; notices, deadlines, timeline), then
``python -m reinstate_web serve`` (gunicorn, ``--web-workers`` processes, no job worker) on a
free loopback port. Clients sign in through the real form (pages) or carry API tokens (one
drawn per request from a pool of 400, each under the API's per-token rate limit), and
``--concurrency`` threads request each endpoint for ``--seconds`` (the whole run is bounded: about
``2 x 5 x seconds`` plus the two builds).

PostgreSQL runs when ``--postgres URL`` names an empty database, or else when Debian's
postgresql is installed (a throw-away server on loopback, tests/backends/servers.py);
``--no-postgres`` skips it.

Run: ``.venv/bin/python bench/load.py [--cases 10000 --sellers 200 --seconds 8 --concurrency 2]``
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

PASSWORD = "bench password for the load run 0123"  # noqa: S105 - a throw-away bench user
SECRET = "bench-load-secret-key-0123456789-abcdefghijklmnop"  # noqa: S105 - throw-away


# --- The data (in a child process: each database gets a Django of its own) --------------------


def fill(out: Path, cases: int, sellers: int, tokens: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "reinstate_web.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from dashboard import _fill  # bench/dashboard.py: the same team, sellers and cases

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    made = _fill(cases, sellers, seed=17)
    from reinstate_web.api.tokens import create_token
    from reinstate_web.cases.models import Case, SellerAccount

    _real_notices()
    specialist = made["specialist"]
    specialist.set_password(PASSWORD)
    specialist.save()
    team = made["team"]
    own_accounts = list(
        SellerAccount.objects.filter(organisation=team).values_list("pk", flat=True)
    )
    case_ids = list(Case.objects.values_list("pk", flat=True))
    result = {
        "email": specialist.email,
        "tokens": [create_token(specialist, f"load {n}", days=None)[1] for n in range(tokens)],
        "accounts": own_accounts,
        "cases": case_ids,
        "fill_seconds": round(time.perf_counter() - started, 1),
    }
    out.write_text(json.dumps(result))


def _real_notices() -> None:
    """Every bench notice as a real one: the diagnosis of a real notice read once (with this
    knowledge base's version, as the app stores it) and its original bytes on disk."""
    from django.conf import settings
    from tests.web.object_factories import NOTICE

    from reinstate_web.cases.models import Case
    from reinstate_web.notices.models import Notice
    from reinstate_web.notices.services import add_notice

    first = Case.objects.order_by("pk").first()
    assert first is not None
    model = add_notice(first, NOTICE, "notice.eml", actor=None)
    Notice.objects.exclude(pk=model.pk).update(
        diagnosis=model.diagnosis,
        text=model.text,
        language=model.language,
        category=model.category,
        scope=model.scope,
        source_format=model.source_format,
        filename="notice.eml",
    )
    root = Path(settings.MEDIA_ROOT)
    for name in Notice.objects.exclude(pk=model.pk).values_list("original", flat=True):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(NOTICE)


# --- The server ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(data: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REINSTATE_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        REINSTATE_DATA_DIR=str(data),
        REINSTATE_SECRET_KEY=SECRET,
        REINSTATE_DEBUG="false",
        REINSTATE_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        REINSTATE_LOG_LEVEL="WARNING",
    )
    if database_url:
        env["REINSTATE_DATABASE_URL"] = database_url
    return env


@contextlib.contextmanager
def server(env: dict[str, str], web_workers: int, log: Path) -> Iterator[str]:
    import httpx

    port = _free_port()
    log_file = log.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reinstate_web",
            "serve",
            "--port",
            str(port),
            "--no-worker",
            "--web-workers",
            str(web_workers),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log_file,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped: {log.read_text()[-2000:]}")
            try:
                httpx.get(url + "/login/", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise RuntimeError("the server did not start")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log_file.close()


# --- The load --------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    seconds: float = 0.0
    times: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        ordered = sorted(self.times)

        def pct(p: float) -> float:
            if not ordered:
                return float("nan")
            return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]

        return {
            "endpoint": self.name,
            "requests": len(self.times),
            "rps": round(len(self.times) / self.seconds, 1) if self.seconds else 0,
            "p50_ms": round(pct(0.50), 1),
            "p95_ms": round(pct(0.95), 1),
            "max_ms": round(ordered[-1], 1) if ordered else float("nan"),
            "mean_ms": round(statistics.fmean(ordered), 1) if ordered else float("nan"),
            "errors": self.errors,
        }


def _signed_in(url: str, email: str) -> Any:
    import re

    import httpx

    client = httpx.Client(base_url=url, timeout=60, follow_redirects=False)
    page = client.get("/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, "no CSRF token on the sign-in page"
    response = client.post(
        "/login/",
        data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": url + "/login/"},
    )
    assert response.status_code == 302, f"sign-in failed ({response.status_code})"
    return client


Request = Callable[[Any, random.Random], Any]


def _hammer(
    name: str, clients: list[Any], request: Request, seconds: float, warmup: int = 3
) -> Result:
    result = Result(name)
    lock = threading.Lock()
    for _ in range(warmup):
        request(clients[0], random.Random(0))
    stop_at = time.perf_counter() + seconds

    def work(client: Any, seed: int) -> None:
        rng = random.Random(seed)
        times, errors, statuses = [], 0, {}
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            try:
                response = request(client, rng)
                status = response.status_code
            except Exception:  # noqa: BLE001 - a failed request is counted, the run goes on
                status = 0
            elapsed = (time.perf_counter() - start) * 1000
            statuses[status] = statuses.get(status, 0) + 1
            if 200 <= status < 300:
                times.append(elapsed)
            else:
                errors += 1
        with lock:
            result.times.extend(times)
            result.errors += errors
            for status, count in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + count

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(client, n)) for n, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    result.seconds = time.perf_counter() - started
    return result


def run_load(url: str, data: dict[str, Any], concurrency: int, seconds: float) -> list[Result]:
    import httpx

    pages = [_signed_in(url, data["email"]) for _ in range(concurrency)]
    api = [httpx.Client(base_url=url, timeout=60) for _ in range(concurrency)]
    tokens: list[str] = data["tokens"]

    def bearer(rng: random.Random) -> dict[str, str]:
        # Many API clients, each well under its per-token rate limit (240 a minute).
        return {"Authorization": f"Bearer {rng.choice(tokens)}"}

    cases: list[int] = data["cases"]
    accounts: list[int] = data["accounts"]

    def dashboard(client: Any, rng: random.Random) -> Any:
        return client.get("/")

    def case_page(client: Any, rng: random.Random) -> Any:
        return client.get(f"/cases/{rng.choice(cases)}/")

    def api_list(client: Any, rng: random.Random) -> Any:
        return client.get("/api/cases?limit=50", headers=bearer(rng))

    def api_case(client: Any, rng: random.Random) -> Any:
        return client.get(f"/api/cases/{rng.choice(cases)}", headers=bearer(rng))

    def api_open(client: Any, rng: random.Random) -> Any:
        return client.post(
            "/api/cases",
            json={"account_id": rng.choice(accounts), "title": f"Load {rng.random():.6f}"},
            headers=bearer(rng),
        )

    plan: list[tuple[str, list[Any], Request]] = [
        ("dashboard (page)", pages, dashboard),
        ("case page", pages, case_page),
        ("GET /api/cases", api, api_list),
        ("GET /api/cases/{id}", api, api_case),
        ("POST /api/cases", api, api_open),
    ]
    try:
        return [_hammer(name, clients, request, seconds) for name, clients, request in plan]
    finally:
        for client in pages + api:
            client.close()


# --- One database, then the report ----------------------------------------------------------


def one_database(label: str, database_url: str, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="reinstate-bench-load-") as folder:
        data_dir = Path(folder) / "data"
        env = _env(data_dir, database_url)
        out = Path(folder) / "fill.json"
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--fill",
                str(out),
                "--cases",
                str(args.cases),
                "--sellers",
                str(args.sellers),
                "--concurrency",
                str(args.concurrency),
            ],
            env=env,
            cwd=ROOT,
            check=True,
            timeout=1800,
        )
        data = json.loads(out.read_text())
        print(
            f"{label}: {args.cases:,} cases over {args.sellers} sellers built in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
        log = Path(folder) / "server.log"
        with server(env, args.web_workers, log) as url:
            results = run_load(url, data, args.concurrency, args.seconds)
        if any(r.errors for r in results):
            print(f"{label}: the server's log ends with:\n{log.read_text()[-3000:]}", flush=True)
    rows = [r.row() for r in results]
    for result, row in zip(results, rows, strict=True):
        odd = {s: c for s, c in result.statuses.items() if not 200 <= s < 300}
        if odd:
            row["failed_statuses"] = odd
    return {"database": label, "rows": rows}


@contextlib.contextmanager
def postgres_url(args: argparse.Namespace) -> Iterator[str | None]:
    if args.no_postgres:
        yield None
        return
    if args.postgres:
        yield args.postgres
        return
    from tests.backends.servers import postgres_available, running_postgres

    if not postgres_available():
        print("PostgreSQL: not installed here (Debian's postgresql); skipped.", flush=True)
        yield None
        return
    with running_postgres() as database:
        yield database.url


def print_table(runs: list[dict[str, Any]]) -> None:
    names = [row["endpoint"] for row in runs[0]["rows"]]
    header = f"{'endpoint':<22}" + "".join(
        f" | {run['database'] + ': rps  p50  p95 ms (err)':>38}" for run in runs
    )
    print(header)
    print("-" * len(header))
    for index, name in enumerate(names):
        cells = []
        for run in runs:
            row = run["rows"][index]
            cells.append(
                f" | {row['rps']:>14.1f} {row['p50_ms']:>6.1f} {row['p95_ms']:>6.1f}"
                f" ({row['errors']}){'':>5}"
            )
        print(f"{name:<22}" + "".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--sellers", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=8.0, help="Per endpoint and database.")
    parser.add_argument("--concurrency", type=int, default=2, help="Client threads.")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes.")
    parser.add_argument("--postgres", default="", help="An empty PostgreSQL database's URL.")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    parser.add_argument("--fill", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill:
        fill(args.fill, args.cases, args.sellers, tokens=400)
        return 0
    runs = [one_database("SQLite", "", args)]
    with postgres_url(args) as url:
        if url:
            runs.append(one_database("PostgreSQL", url, args))
    print(
        f"\n{args.cases:,} cases, {args.sellers} sellers; {args.concurrency} client threads, "
        f"{args.web_workers} gunicorn workers, {args.seconds:g} s per endpoint; "
        f"{os.cpu_count()} CPU cores shared by server and clients"
    )
    print_table(runs)
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
