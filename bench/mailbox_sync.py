"""How long the mailbox watcher takes on a large mailbox, beside a bare imapclient fetch.

    .venv/bin/python bench/mailbox_sync.py [--messages 10000] [--amazon 0.01] [--repeat 5]

Starts a throw-away dovecot on loopback (tests/mail/dovecot.py; ``make test`` installs
dovecot-imapd), fills one INBOX with ``--messages`` messages of which the ``--amazon`` share
comes from Amazon (notices and answers from tests/fixtures/notices; the rest ordinary mail of a
few KB, half with an HTML part), and measures, in one run:

* **bare fetch**: imapclient signs in, EXAMINEs the folder, searches the UIDs and fetches the
  same header fields and sizes the watcher fetches, 500 UIDs a command (the least any watcher
  must ask the server); the issue's baseline, imapclient as it comes;
* **bare fetch, trace off**: the same with imaplib's line trace off, as the watcher's session
  runs it (``imap._quiet``: imapclient has imaplib format every response line for a DEBUG log,
  about a quarter of the fetch's CPU): the like-for-like baseline, stricter than the first;
* **first sync**: ``reinstate.mailbox.sync`` with an empty state file: the same headers, the
  decision per message, the ledger, then the body of each Amazon message fetched and diagnosed
  (in a second process while the scan goes on, as the product does; and, for comparison, all in
  one process);
* **first sync, cold reading process**: the same first sync in a fresh process that has not
  diagnosed anything, as a ``reinstate mailbox sync`` run is: its reading process loads the
  model and compiles the phrase books itself (the rows above fork a process that has them,
  which flatters them by about that much);
* **idle poll**: the same sync again on the unchanged mailbox (sign in, EXAMINE, the ledger's
  mark: nothing else), with and without the sign-in.

The bare fetch asks exactly what the sync's scan asks of every message (the same item built from
``HEADER_FIELDS`` and ``HEADER_LIMIT``, RFC822.SIZE, ``CHUNK`` UIDs a command), so the ratio is
the watcher's own cost: the decisions, the ledger, and the bodies fetched and diagnosed.

Each is run ``--repeat`` times, alternating, after one warm-up run of each (dovecot builds its
index on the first read; the diagnosis loads its model once per process, about 0.3 s, reported
on its own). The best and the median are printed with the ratios.

The CPU seconds of each (median) are printed too: this process's, and the reading process's
(counted when it ends, at the end of each sync). On a machine others share, wall times move
with their load; CPU seconds barely do, and they bound what two cores can reach: the first sync
needs its own CPU, the reading process's and dovecot's, where the bare fetch needs the first and
dovecot's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

import imapclient  # noqa: E402
from tests.mail.dovecot import PASSWORD, Dovecot, available, running_dovecot  # noqa: E402

from reinstate.mailbox import Password, Server, Session, sync  # noqa: E402
from reinstate.mailbox.envelope import HEADER_FIELDS, HEADER_LIMIT  # noqa: E402
from reinstate.mailbox.imap import CHUNK, _quiet  # noqa: E402
from reinstate.mailbox.state_file import FileLedger  # noqa: E402
from reinstate.mailbox.sync import SyncOptions  # noqa: E402
from reinstate.notices import diagnose_bytes  # noqa: E402

NOTICES = ROOT / "tests" / "fixtures" / "notices"
AMAZON_TEXTS = [
    "reply_reinstated_en.txt",
    "reply_denied_en.txt",
    "reply_acknowledged_en.txt",
    "reply_conditional_en.txt",
    "reply_more_info_de.txt",
    "en_inauthentic_listing_new.txt",
    "en_trademark_listing.txt",
    "en_odr_account_old.txt",
    "en_verification_48h.txt",
    "zh_reply_denied.txt",
]
WORDS = [
    "order",
    "shipment",
    "invoice",
    "meeting",
    "supplier",
    "price",
    "sample",
    "factory",
    "carton",
    "pallet",
    "freight",
    "quotation",
    "payment",
    "container",
    "customs",
    "warehouse",
    "label",
    "barcode",
    "review",
    "listing",
    "photo",
]


def _message(number: int, amazon: bool, rng: random.Random, when: datetime) -> bytes:
    head = (
        f"Date: {format_datetime(when)}\r\n"
        f"Message-ID: <b{number}.{rng.getrandbits(40)}@bench.example>\r\n"
        "To: seller@example.cn\r\nMIME-Version: 1.0\r\n"
    )
    if amazon:
        name = AMAZON_TEXTS[number % len(AMAZON_TEXTS)]
        body = (NOTICES / name).read_text()
        return (
            head + "From: Amazon.com <seller-performance@amazon.com>\r\n"
            "Subject: RE: Your Amazon.com selling account\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + body.replace("\n", "\r\n")
        ).encode()
    subject = " ".join(rng.choices(WORDS, k=6)).capitalize()
    text = "\r\n".join(" ".join(rng.choices(WORDS, k=12)) for _ in range(rng.randint(10, 60)))
    head += (
        f"From: Partner {number % 97} <partner{number % 97}@trade{number % 13}.example>\r\n"
        f"Subject: {subject}\r\n"
    )
    if number % 2 == 0:
        return (head + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + text).encode()
    boundary = f"b{number}"
    return (
        head + f'Content-Type: multipart/alternative; boundary="{boundary}"\r\n\r\n'
        f"--{boundary}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n{text}\r\n"
        f"--{boundary}\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n"
        f"<html><body><p>{text}</p></body></html>\r\n--{boundary}--\r\n"
    ).encode()


def fill(dovecot: Dovecot, user: str, count: int, share: float) -> int:
    rng = random.Random(15)
    every = max(1, round(1 / share)) if share > 0 else count + 1
    start = datetime.now(UTC) - timedelta(days=60)
    batch = [
        _message(n, n % every == every // 2, rng, start + timedelta(minutes=n))
        for n in range(count)
    ]
    dovecot.write_maildir(user, batch)
    return sum(1 for n in range(count) if n % every == every // 2)


def bare_fetch(dovecot: Dovecot, user: str, *, quiet: bool = False) -> int:
    """``quiet``: with imaplib's line trace off, as the watcher's session runs it (``_quiet``)."""
    item = f"BODY.PEEK[HEADER.FIELDS ({' '.join(HEADER_FIELDS)})]<0.{HEADER_LIMIT}>"
    with imapclient.IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=60) as client:
        if quiet:
            _quiet(client)
        client.login(user, PASSWORD)
        client.select_folder("INBOX", readonly=True)
        uids = client.search(["UID", "1:*"])
        fetched = 0
        for start in range(0, len(uids), CHUNK):
            fetched += len(client.fetch(uids[start : start + CHUNK], [item, "RFC822.SIZE"]))
    return fetched


def _server(dovecot: Dovecot) -> Server:
    return Server(dovecot.host, dovecot.port, ssl=False, timeout=60)


def first_sync(dovecot: Dovecot, user: str, state: Path, *, aside: bool = True) -> tuple[int, int]:
    for stale in state.parent.glob(state.name + "*"):
        stale.unlink()
    ledger = FileLedger(state)
    with Session(_server(dovecot), user, Password(PASSWORD)) as session:
        report = sync(session, ledger, user, "INBOX", options=SyncOptions(read_aside=aside))
    ledger.close()
    return report.looked_at, len(report.delivered)


@dataclass(frozen=True)
class _Address:
    host: str
    port: int


def cold_first_sync(dovecot: Dovecot, user: str, state: Path) -> tuple[float, float]:
    """A first sync in a fresh process (its reading process starts cold): its seconds and the
    CPU seconds of that process and its reading process."""
    command = [sys.executable, __file__, "--cold-sync", dovecot.host, str(dovecot.port), user]
    done = subprocess.run([*command, str(state)], capture_output=True, text=True, check=True)
    seconds, cpu = json.loads(done.stdout.strip().splitlines()[-1])
    return float(seconds), float(cpu)


def _cold_sync_here(host: str, port: str, user: str, state: str) -> None:
    address = _Address(host, int(port))
    cpu, children = time.process_time(), _children_cpu()
    start = time.perf_counter()
    first_sync(address, user, Path(state))  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    used = time.process_time() - cpu + _children_cpu() - children
    print(json.dumps([seconds, used]))


def idle_poll(dovecot: Dovecot, user: str, state: Path) -> int:
    ledger = FileLedger(state)
    with Session(_server(dovecot), user, Password(PASSWORD)) as session:
        report = sync(session, ledger, user, "INBOX")
    ledger.close()
    return len(report.delivered)


# CPU seconds of each measured run: (this process, ended child processes).
CPU: dict[str, list[tuple[float, float]]] = {}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(action: Callable[[], object], name: str = "") -> tuple[float, object]:
    cpu, children = time.process_time(), _children_cpu()
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    if name:
        CPU.setdefault(name, []).append((time.process_time() - cpu, _children_cpu() - children))
    return seconds, result


def main() -> None:
    if sys.argv[1:2] == ["--cold-sync"]:
        _cold_sync_here(*sys.argv[2:6])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--amazon", type=float, default=0.01, help="share from Amazon")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not available():
        raise SystemExit("dovecot is not installed: apt-get install dovecot-imapd (make test)")

    cold_model, _ = timed(lambda: diagnose_bytes((NOTICES / AMAZON_TEXTS[0]).read_bytes()))
    with running_dovecot() as dovecot, tempfile.TemporaryDirectory() as folder:
        user = dovecot.add_user()
        made, amazon_count = timed(lambda: fill(dovecot, user, args.messages, args.amazon))
        print(
            f"mailbox: {args.messages:,} messages, {amazon_count} from Amazon "
            f"(written in {made:.1f} s); diagnosis model loaded in {cold_model:.2f} s"
        )
        state = Path(folder) / "mailbox.state"
        # Warm-up: dovecot indexes the folder on its first read.
        warm, _ = timed(lambda: bare_fetch(dovecot, user))
        first_sync(dovecot, user, state)
        print(f"warm-up (dovecot indexes the maildir): {warm:.2f} s")

        bare: list[float] = []
        quiet: list[float] = []
        first: list[float] = []
        alone: list[float] = []
        cold: list[float] = []
        cold_cpu: list[float] = []
        cold_state = Path(folder) / "cold.state"
        for _ in range(args.repeat):
            seconds, fetched = timed(lambda: bare_fetch(dovecot, user), "bare")
            bare.append(seconds)
            seconds, _ = timed(lambda: bare_fetch(dovecot, user, quiet=True), "quiet")
            quiet.append(seconds)
            seconds, outcome = timed(lambda: first_sync(dovecot, user, state), "first")
            first.append(seconds)
            seconds, _ = timed(lambda: first_sync(dovecot, user, state, aside=False), "alone")
            alone.append(seconds)
            seconds, used = cold_first_sync(dovecot, user, cold_state)
            cold.append(seconds)
            cold_cpu.append(used)
        assert fetched == args.messages, fetched
        looked_at, taken = outcome  # type: ignore[misc]
        assert (looked_at, taken) == (args.messages, amazon_count), outcome

        idle: list[float] = []
        for _ in range(max(20, args.repeat)):
            seconds, delivered = timed(lambda: idle_poll(dovecot, user, state))
            assert delivered == 0
            idle.append(seconds)
        ledger = FileLedger(state)
        open_idle: list[float] = []
        with Session(_server(dovecot), user, Password(PASSWORD)) as session:
            for _ in range(max(20, args.repeat)):
                seconds, _ = timed(lambda: sync(session, ledger, user, "INBOX"))
                open_idle.append(seconds)
        ledger.close()

    def row(name: str, values: list[float], base: list[float] | None = None) -> str:
        best, median = min(values), statistics.median(values)
        ratio = ""
        if base is not None:
            ratio = (
                f"  ratio best {best / min(base):.2f}x, "
                f"median {median / statistics.median(base):.2f}x"
            )
        return f"{name:<42} best {best * 1000:9.1f} ms  median {median * 1000:9.1f} ms{ratio}"

    print(row("bare imapclient fetch of the headers", bare))
    print(row("bare fetch, imaplib trace off", quiet, bare))
    print(row(f"first sync (headers + {amazon_count} bodies diagnosed)", first, bare))
    print(row("first sync, diagnosis in the same process", alone, bare))
    print(row("first sync, cold reading process", cold, bare))
    print("against the bare fetch with the trace off (like for like):")
    print(row("  first sync", first, quiet))
    print(row("  first sync, cold reading process", cold, quiet))
    print(row("idle poll (sign in, EXAMINE, mark)", idle))
    print(row("idle poll on an open session (EXAMINE, mark)", open_idle))
    extra = (min(first) - min(bare)) / max(1, amazon_count) * 1000
    print(f"per Amazon message: {extra:.1f} ms more than the bare fetch")
    names = {
        "bare": "bare fetch",
        "quiet": "bare fetch, trace off",
        "first": "first sync",
        "alone": "first sync, one process",
    }
    for key, label in names.items():
        own = statistics.median(c[0] for c in CPU[key]) * 1000
        child = statistics.median(c[1] for c in CPU[key]) * 1000
        print(
            f"CPU (median) {label:<24} this process {own:6.0f} ms  reading process {child:5.0f} ms"
        )
    print(
        f"CPU (median) first sync, cold reading process: both processes "
        f"{statistics.median(cold_cpu) * 1000:6.0f} ms"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
