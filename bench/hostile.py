"""Hostile input against ordinary input of the same size, class by class (issue 13).

For each class of careless or hostile input, the worst input is measured beside an ordinary input
of the same size:

* **CLI**: ``reinstate diagnose`` / ``check`` in a child process of its own; wall time and the
  child's peak resident memory (``ru_maxrss``, started from a small launcher so this script's own
  memory does not count). A child past ``--timeout`` is killed and shown as such.
* **Web**: the same inputs posted to a real server (``reinstate_web serve``: gunicorn, two
  workers and the job worker, on loopback, with a throw-away data folder), as a browser posts
  them; wall time and status of each request, then the time the case page takes to open and the
  time until a message read in the background is explained. The server's peak memory (the
  largest ``VmHWM`` among its processes) is printed at the end.
* **Uploads**: ``--uploads`` also runs ``bench/hostile_uploads.py`` (bombs, lying workbooks,
  long lines, wide files, deep JSON, file names).

Run: ``.venv/bin/python bench/hostile.py [--scale 1.0] [--only cli|web] [--uploads]``.
Aims: no CLI input over 5 s or 500 MB; no web request over 10 s; no server error (500).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.core.analysis import hostile_files as hf  # noqa: E402 - after the path is set

REINSTATE = ROOT / ".venv" / "bin" / "reinstate"
FIXTURES = ROOT / "tests" / "fixtures" / "notices"
MB = 1024 * 1024
TODAY = "2026-05-02"


# -- inputs ---------------------------------------------------------------------------------------


def ordinary_notice(size: int) -> str:
    """Real notices from the test fixtures, one after another, to ``size`` characters."""
    texts = [p.read_text() for p in sorted(FIXTURES.glob("en_*.txt"))]
    out, total = [], 0
    while total < size:
        for text in texts:
            out.append(text)
            total += len(text) + 1
    return "\n".join(out)[:size]


def single_line(size: int) -> str:
    """One line of domain-like runs (what made the marketplace and e-mail patterns backtrack)."""
    head = "Your seller account was deactivated. ASIN: B0C1234567 "
    return head + ("a1b2-" * (size // 5))[: size - len(head)]


def glued_words(size: int) -> str:
    """The knowledge base's own words glued and repeated (what made phrase patterns quadratic)."""
    return ("accepted,however,still,deactivated," * (size // 35 + 1))[:size]


def nested_mail(depth: int) -> str:
    return "Subject: Fwd\nContent-Type: message/rfc822\n\n" * depth + "Subject: x\n\nbody\n"


def flat_mail(size: int) -> str:
    return "Subject: Your account\nContent-Type: text/plain\n\n" + ordinary_notice(size)


def nested_html(depth: int) -> str:
    return "<div>" * depth + "Your account was deactivated." + "</div>" * depth


def flat_html(size: int) -> str:
    body = "".join(f"<p>{line}</p>" for line in ordinary_notice(size).splitlines())
    return f"<html><body>{body}</body></html>"[:size]


def utf16_without_bom(size: int) -> bytes:
    return ordinary_notice(size // 2).encode("utf-16-be")


def letter(size: int, *, one_line: bool) -> str:
    paragraph = (
        "We take full responsibility for the late shipments on our account. We have reviewed "
        "every order from the last 60 days and found the cause. "
    )
    text = paragraph * (size // len(paragraph) + 1)
    return text[:size] if one_line else "\n\n".join(text[i : i + 600] for i in range(0, size, 600))


@dataclass(frozen=True, slots=True)
class Pair:
    """One class: the command, the worst input and an ordinary one of the same size."""

    name: str
    command: str  # "diagnose" or "check"
    worst: Callable[[float], bytes]
    ordinary: Callable[[int], bytes]
    suffix: str = ".txt"
    paste: bool = True  # the web posts it in the text box; otherwise as an uploaded file


def _b(text: str) -> bytes:
    return text.encode()


PAIRS = (
    Pair(
        "1. backtracking: 1 MB one line",
        "diagnose",
        lambda s: _b(single_line(int(MB * s))),
        lambda n: _b(ordinary_notice(n)),
    ),
    Pair(
        "1. backtracking: glued words",
        "diagnose",
        lambda s: _b(glued_words(int(MB * s))),
        lambda n: _b(ordinary_notice(n)),
    ),
    Pair(
        "1. backtracking: letter 1 line",
        "check",
        lambda s: _b(letter(int(95_000 * min(s, 1.0)), one_line=True)),
        lambda n: _b(letter(n, one_line=False)),
    ),
    Pair(
        "4. depth: 500 nested forwards",
        "diagnose",
        lambda s: _b(nested_mail(max(2, int(500 * s)))),
        lambda n: _b(flat_mail(n)),
        ".eml",
        paste=False,
    ),
    Pair(
        "4. depth: HTML nested 100,000",
        "diagnose",
        lambda s: _b(nested_html(int(100_000 * s))),
        lambda n: _b(flat_html(n)),
        ".html",
        paste=False,
    ),
    Pair(
        "6. large legal: 9 MB notice",
        "diagnose",
        lambda s: _b(("Funds will not be transferred. " * 400_000)[: int(9 * MB * s)]),
        lambda n: _b(ordinary_notice(n)),
    ),
    Pair(
        "10. UTF-16BE without a BOM",
        "diagnose",
        lambda s: utf16_without_bom(int(MB * s)),
        lambda n: _b(ordinary_notice(n)),
        paste=False,
    ),
)


# -- CLI -------------------------------------------------------------------------------------------


def outcome_of(run: hf.Measured) -> str:
    lines = run.stderr.splitlines()
    if run.killed:
        return "KILLED (timeout)"
    if run.status == 0:
        return "read"
    if run.status == 2 and len(lines) == 1 and lines[0].startswith("reinstate: error:"):
        return "refused: " + lines[0].removeprefix("reinstate: error: ")[:80]
    return f"status {run.status}, {len(lines)} lines on stderr"


def _cli(command: str, path: Path, timeout: float) -> hf.Measured:
    args = [str(REINSTATE), command, "--json", str(path)]
    if command == "diagnose":
        args[3:3] = ["--today", TODAY]
    return hf.measure(args, timeout=timeout)


def run_cli(scale: float, timeout: float) -> list[str]:
    misses: list[str] = []
    print(f"{'CLI class':34} {'input':9} {'size':>9} {'time':>8} {'peak':>8}  outcome")
    with tempfile.TemporaryDirectory(prefix="hostile-cli-") as tmp:
        folder = Path(tmp)
        for pair in PAIRS:
            worst = pair.worst(scale)
            inputs = (("worst", worst), ("ordinary", pair.ordinary(len(worst))))
            for label, data in inputs:
                path = folder / f"{label}{pair.suffix}"
                path.write_bytes(data)
                run = _cli(pair.command, path, timeout)
                _row(pair.name, label, len(data), run, misses)
        # 5. unbounded reads: an endless standard input, against a 1 MB ordinary one.
        for command in ("check", "diagnose"):
            for label, source in (("worst", "/dev/zero"), ("ordinary", str(folder / "o.txt"))):
                (folder / "o.txt").write_text(letter(MB - 1, one_line=False))
                shell = f"exec {REINSTATE} {command} - < {source}"
                run = hf.measure(["sh", "-c", shell], timeout=timeout)
                size = 0 if label == "worst" else MB
                _row(f"5. unbounded: {command} - < …", label, size, run, misses)
    return misses


def _row(name: str, label: str, size: int, run: hf.Measured, misses: list[str]) -> None:
    shown = f"{size / MB:7.2f}MB" if size else "endless"
    print(
        f"{name:34} {label:9} {shown:>9} {run.seconds:7.2f}s {run.peak_mb:6.0f}MB  "
        f"{outcome_of(run)}",
        flush=True,
    )
    if run.seconds > 5 or run.peak_mb > 500 or run.killed or (run.status not in (0, 2)):
        misses.append(f"CLI {name} ({label})")


# -- web -------------------------------------------------------------------------------------------


def _tree(root: int) -> list[int]:
    """``root`` and every process descended from it."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def _peak_mb(root: int) -> float:
    peak = 0
    for pid in _tree(root):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peak = max(peak, int(match.group(1)))
    return peak / 1024


def run_web(scale: float) -> list[str]:
    import httpx
    from tests.web.real_server import TENANTS, csrf_of, post_form, running_server, signed_in

    misses: list[str] = []
    print(
        f"\n{'web class':34} {'input':9} {'size':>9} {'post':>7} {'status':>6} "
        f"{'page':>7} {'ready':>7}  outcome"
    )
    with (
        tempfile.TemporaryDirectory(prefix="hostile-web-") as tmp,
        running_server(Path(tmp)) as (server, process),
    ):
        client = signed_in(server, TENANTS[0])
        page = client.get("/accounts/new/").text
        organisation = re.search(r'name="organisation"[^>]*>\s*<option value="(\d+)"', page)
        assert organisation, "no organisation offered"
        fields = {"store_name": "Bench Store", "organisation": organisation.group(1)}
        post_form(client, server, "/accounts/new/", fields)
        page = client.get("/cases/new/").text
        account = re.search(r'<option value="(\d+)"[^>]*>\s*Bench Store', page)
        assert account, "the bench's seller account was not created"
        pairs = [p for p in PAIRS if p.command == "diagnose"]
        oversize = Pair(
            "10. paste over the 10 MB limit",
            "diagnose",
            lambda s: _b(ordinary_notice(int(11 * MB * max(s, 1.0)))),
            lambda n: _b(ordinary_notice(MB)),
        )
        for pair in [*pairs, oversize]:
            worst = pair.worst(scale)
            for label, data in (("worst", worst), ("ordinary", pair.ordinary(len(worst)))):
                if pair is oversize and label == "ordinary":
                    data = pair.ordinary(0)
                row = _post_notice(client, server, account.group(1), pair, data, csrf_of, httpx)
                post, status, page_s, ready, outcome = row
                shown = f"{len(data) / MB:7.2f}MB"
                page_text = f"{page_s:6.2f}s" if page_s is not None else "      -"
                ready_text = f"{ready:6.2f}s" if ready is not None else "      -"
                print(
                    f"{pair.name:34} {label:9} {shown:>9} {post:6.2f}s {status:>6} "
                    f"{page_text} {ready_text}  {outcome}",
                    flush=True,
                )
                if status >= 500 or post > 10 or (page_s or 0) > 10:
                    misses.append(f"web {pair.name} ({label})")
        print(
            "\nserver peak memory (largest VmHWM among its processes): "
            f"{_peak_mb(process.pid):.0f} MB"
        )
    return misses


def _post_notice(client, server, account, pair, data, csrf_of, httpx):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/cases/new/").text)
    fields = {"account": account, "csrfmiddlewaretoken": token, "title": pair.name}
    headers = {"Referer": server.url + "/cases/new/"}
    started = time.monotonic()
    if pair.paste:
        response = client.post(
            "/cases/new/",
            data={**fields, "notice_text": data.decode("utf-8", "replace")},
            headers=headers,
        )
    else:
        response = client.post(
            "/cases/new/",
            data=fields,
            files={"notice_file": (f"n{pair.suffix}", data)},
            headers=headers,
        )
    post = time.monotonic() - started
    history = [r.status_code for r in response.history]
    status = history[0] if history else response.status_code
    if not re.search(r"/cases/\d+/", str(response.url)):
        kept = "text kept" if pair.paste and data[:40].decode() in response.text else ""
        message = re.search(r'<p class="(?:alert )?error">(.*?)</p>', response.text, re.S)
        said = (
            re.sub(r"\s+", " ", html.unescape(message.group(1)))[:70] if message else "no message"
        )
        return post, status, None, None, f"refused: {said} {kept}".strip()
    case_url = str(response.url)
    started = time.monotonic()
    page = client.get(case_url)
    page_s = time.monotonic() - started
    ready = None
    if "Reading Amazon" in page.text:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "Reading Amazon" in page.text:
            time.sleep(0.5)
            page = client.get(case_url)
        ready = time.monotonic() - started
        started = time.monotonic()
        client.get(case_url)
        page_s = time.monotonic() - started
    outcome = "case opened" + (", read in the background" if ready is not None else "")
    return post, status if status < 400 else page.status_code, page_s, ready, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", choices=("cli", "web"), default=None)
    parser.add_argument("--uploads", action="store_true", help="also run hostile_uploads.py")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    misses: list[str] = []
    if args.only in (None, "cli"):
        misses += run_cli(args.scale, args.timeout)
    if args.only in (None, "web"):
        misses += run_web(args.scale)
    if args.uploads:
        print()
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "hostile_uploads.py"),
                "--scale",
                str(args.scale),
            ],
            check=False,
        )
    print("\naims (CLI < 5 s and < 500 MB, web < 10 s, no 500):", "met" if not misses else "MISSED")
    for miss in misses:
        print("  missed:", miss)


if __name__ == "__main__":
    main()
