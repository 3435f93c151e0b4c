"""How much CPU one case page costs, in process, for the old code and the new one in turn.

``fill DIR``: a fresh data folder (SQLite, the real settings and migrations) with
``bench/dashboard.py``'s cases (``--cases`` over ``--sellers``; their notices made real as
``bench/load.py`` does) and the demo case of ``make run`` (``cases/demo.py``: notice, exports
and findings, evidence, a draft, a submission). Writes ``DIR/bench.json`` with the pages.

``measure DIR``: requests each page ``--repeat`` times through Django's test client (the full
middleware stack, DEBUG off, as the server runs) and prints one JSON line of CPU and wall times
in milliseconds. Run it with ``PYTHONPATH`` at another tree's ``src`` to measure that code.

The pages: the demo case, three bench cases and the team dashboard (``dashboard``) of their
specialist.

``snapshot DIR OUT``: the HTML of each page in English and Simplified Chinese, with what
changes from one request to the next (the CSRF token, the CSP nonce) blanked, into ``OUT``.

``compare DIR --old SRC [--new SRC]``: ``measure`` of ``SRC`` (e.g. ``git archive`` of the
commit before the change) and of this tree (or ``--new``), alternating ``--rounds`` times,
then p50 / p95 of each page's CPU time per request and the ratio new/old, with the load
average.

``profile DIR``: cProfile of ``--repeat`` requests of one page (``--page``), sorted by
cumulative and by own time.

Run: ``.venv/bin/python bench/case_page.py fill /tmp/cp && .venv/bin/python bench/case_page.py
compare /tmp/cp --old /tmp/old/src``
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-case-page-secret-key-0123456789-abcdefghijkl"  # noqa: S105 - throw-away


def _setup(folder: Path) -> None:
    os.environ.update(
        {
            "REINSTATE_DATA_DIR": str(folder),
            "REINSTATE_SECRET_KEY": SECRET,
            "REINSTATE_DEBUG": "false",
            "REINSTATE_ALLOWED_HOSTS": "testserver",
            "REINSTATE_LOG_LEVEL": "WARNING",
            "REINSTATE_JOBS_IMMEDIATE": "true",
            "DJANGO_SETTINGS_MODULE": "reinstate_web.settings",
        }
    )
    import django

    django.setup()


def fill(folder: Path, cases: int, sellers: int) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    folder.mkdir(parents=True, exist_ok=True)
    _setup(folder)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from dashboard import _fill
    from load import _real_notices

    made = _fill(cases, sellers, seed=17)
    _real_notices()
    from reinstate_web.cases.demo import load_demo
    from reinstate_web.cases.models import Case

    demo, _ = load_demo()
    specialist = made["specialist"]
    # Two cases of the team's own sellers and one handed over by a seller company; with more
    # timeline than the builder gives them (the page shows the latest 50 events).
    from reinstate_web.cases.access import cases_of

    reached = cases_of(made["team"]).exclude(pk=demo.pk).order_by("pk")
    picks = [reached[0], reached[1], reached.filter(account__organisation=made["team"]).last()]
    from reinstate_web.cases import services

    for case in picks[1:2]:
        for n in range(60):
            services.record(case, "note", specialist, text=f"Note {n}")
    pages = {"demo": demo.pk, **{f"bench{n}": c.pk for n, c in enumerate(picks) if c}}
    info = {
        "pages": pages,
        "users": {"demo": demo.account.organisation.memberships.first().user.email}
        | {name: specialist.email for name in pages if name != "demo"},
        "cases": Case.objects.count(),
    }
    (folder / "bench.json").write_text(json.dumps(info))
    print(json.dumps(info))


def _clients(folder: Path) -> tuple[dict[str, Any], dict[str, str]]:
    info = json.loads((folder / "bench.json").read_text())
    _setup(folder)
    from django.test import Client

    from reinstate_web.accounts.models import User

    clients: dict[str, Any] = {}
    for email in set(info["users"].values()):
        client = Client()
        client.force_login(User.objects.get(email=email))
        clients[email] = client
    who = {name: clients[info["users"][name]] for name in info["pages"]}
    urls = {name: f"/cases/{pk}/" for name, pk in info["pages"].items()}
    # The team dashboard (every case the specialist's team reaches), beside the case pages.
    specialist = next(email for name, email in info["users"].items() if name != "demo")
    who["dashboard"], urls["dashboard"] = clients[specialist], "/"
    return who, urls


def measure(folder: Path, repeat: int, language: str) -> dict[str, Any]:
    who, urls = _clients(folder)
    for name, url in urls.items():
        for _ in range(3):
            assert who[name].get(url, headers={"accept-language": language}).status_code == 200
    gc.collect()
    gc.freeze()  # as gunicorn_conf.post_worker_init does
    out: dict[str, Any] = {}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, url in urls.items():
        cpu, wall = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = who[name].get(url, headers={"accept-language": language})
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            who[name].get(url, headers={"accept-language": language})
        out[name] = {"cpu": cpu, "wall": wall, "queries": len(queries)}
    return out


_VARYING = [
    (
        re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
        'name="csrfmiddlewaretoken" value=""',
    ),
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),
    (re.compile(r'"csrfToken": ?"[^"]+"'), '"csrfToken": ""'),
    (re.compile(r"X-CSRFToken&quot;: &quot;[^&]+&quot;"), "X-CSRFToken&quot;: &quot;&quot;"),
    (re.compile(r'"X-CSRFToken": ?"[^"]+"'), '"X-CSRFToken": ""'),
]


def snapshot(folder: Path, out: Path) -> None:
    who, urls = _clients(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, url in urls.items():
        for language in ("en", "zh-hans"):
            html = who[name].get(url, headers={"accept-language": language}).content.decode()
            for pattern, blank in _VARYING:
                html = pattern.sub(blank, html)
            (out / f"{name}.{language}.html").write_text(html)


def profile(folder: Path, page: str, repeat: int, language: str) -> None:
    import cProfile
    import pstats

    who, urls = _clients(folder)
    for _ in range(3):
        who[page].get(urls[page], headers={"accept-language": language})
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        who[page].get(urls[page], headers={"accept-language": language})
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(70)
    stats.sort_stats("tottime").print_stats(40)


def _run(src: Path, folder: Path, repeat: int, language: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    output = subprocess.run(
        [
            sys.executable,
            __file__,
            "measure",
            str(folder),
            "--repeat",
            str(repeat),
            "--language",
            language,
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=src.parent,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def compare(
    folder: Path, old: Path, rounds: int, repeat: int, language: str, new: Path | None = None
) -> None:
    new = new or ROOT / "src"
    runs: dict[str, dict[str, dict[str, list[float]]]] = {"old": {}, "new": {}}
    queries: dict[str, dict[str, int]] = {"old": {}, "new": {}}
    loads = [os.getloadavg()[0]]
    for number in range(rounds):
        order = [("old", old), ("new", new)] if number % 2 == 0 else [("new", new), ("old", old)]
        for label, src in order:
            for page, result in _run(src, folder, repeat, language).items():
                row = runs[label].setdefault(page, {"cpu": [], "wall": []})
                row["cpu"] += result["cpu"]
                row["wall"] += result["wall"]
                queries[label][page] = result["queries"]
        loads.append(os.getloadavg()[0])

    def q95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[18]

    print(
        f"{rounds} rounds x {repeat} requests per page per code, old and new alternating, "
        f"language {language}; load average (1 min) {min(loads):.1f}-{max(loads):.1f} "
        f"({os.cpu_count()} cores)"
    )
    print(
        f"{'page':8} {'old cpu p50':>12} {'new cpu p50':>12} {'ratio':>6} {'old cpu p95':>12} "
        f"{'new cpu p95':>12} {'old wall p50':>13} {'new wall p50':>13} {'queries':>9}"
    )
    for page in runs["old"]:
        o, n = runs["old"][page], runs["new"][page]
        print(
            f"{page:8} {statistics.median(o['cpu']):12.1f} {statistics.median(n['cpu']):12.1f} "
            f"{statistics.median(n['cpu']) / statistics.median(o['cpu']):6.2f} "
            f"{q95(o['cpu']):12.1f} {q95(n['cpu']):12.1f} "
            f"{statistics.median(o['wall']):13.1f} {statistics.median(n['wall']):13.1f} "
            f"{queries['old'][page]:>4}->{queries['new'][page]:<4}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["fill", "measure", "snapshot", "compare", "profile"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--sellers", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--language", default="en")
    parser.add_argument("--page", default="demo")
    parser.add_argument("--old", type=Path, help="the src folder of the code to compare with")
    parser.add_argument("--new", type=Path, help="the src folder of the new code (this tree's)")
    args = parser.parse_args()
    folder = args.folder.resolve()
    if args.command == "fill":
        fill(folder, args.cases, args.sellers)
    elif args.command == "measure":
        print(json.dumps(measure(folder, args.repeat, args.language)))
    elif args.command == "snapshot":
        if args.out is None:
            parser.error("snapshot needs OUT")
        snapshot(folder, args.out)
    elif args.command == "profile":
        profile(folder, args.page, args.repeat, args.language)
    else:
        if args.old is None:
            parser.error("compare needs --old SRC")
        new = args.new.resolve() if args.new else None
        compare(folder, args.old.resolve(), args.rounds, args.repeat, args.language, new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
