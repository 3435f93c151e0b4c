"""Speed of the notice diagnosis: per message in-process, and the cold start of the command.

    .venv/bin/python bench/diagnose_speed.py [--messages N]

Messages are the fixture notices (tests/fixtures/notices) repeated and lightly varied (an ASIN
and a number changed, so no cache can help) up to N (default 3000). The baseline is what any
reader must do anyway: a bare ``email`` parse of the same bytes plus lower-casing the text.
The cold start runs ``reinstate diagnose FILE --json`` as a fresh process (aim: < 0.5 s).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reinstate.notices import diagnose_bytes  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "notices"


def _messages(count: int) -> list[tuple[bytes, str]]:
    files = [p for p in sorted(FIXTURES.iterdir()) if p.name != "expected.yaml"]
    out = []
    for number in range(count):
        path = files[number % len(files)]
        data = path.read_bytes()
        if path.suffix == ".txt" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            data += f"\nASIN: B0{number:08d}\nReference {number}\n".encode()
        out.append((data, path.name))
    return out


def _baseline(data: bytes) -> None:
    message = BytesParser(policy=policy.default).parsebytes(data)
    body = message.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else data.decode("utf-8", "replace")
    text.lower()


def _time(func, items: list[tuple[bytes, str]]) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for data, name in items:
        start = time.perf_counter()
        func(data, name)
        times.append(time.perf_counter() - start)
    return times


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main(argv: list[str]) -> int:
    count = int(argv[argv.index("--messages") + 1]) if "--messages" in argv else 3000
    items = _messages(count)
    diagnose_bytes(*items[0])  # first call loads the knowledge base; measured separately below
    ours = _time(lambda data, name: diagnose_bytes(data, name), items)
    base = _time(lambda data, name: _baseline(data), items)
    m_ours, m_base = statistics.median(ours), statistics.median(base)
    p_ours, p_base = _p95(ours), _p95(base)
    print(f"in-process over {len(items)} messages (ms)     median     p95")
    print(f"  reinstate diagnose_bytes            {1000 * m_ours:8.2f} {1000 * p_ours:8.2f}")
    print(f"  baseline email parse + lower()      {1000 * m_base:8.2f} {1000 * p_base:8.2f}")
    print(f"  ratio                               {m_ours / m_base:8.1f}x {p_ours / p_base:7.1f}x")

    sample = FIXTURES / "eml_forwarded_gmail.eml"
    command = [str(ROOT / ".venv" / "bin" / "reinstate"), "diagnose", str(sample), "--json"]
    if not Path(command[0]).exists():
        command = [sys.executable, "-c", "from reinstate.cli.main import run; run()", *command[1:]]
    bare = [sys.executable, "-c", "pass"]
    colds, bares = [], []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        colds.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run(bare, capture_output=True, check=True)
        bares.append(time.perf_counter() - start)
    cold, interpreter = statistics.median(colds), statistics.median(bares)
    verdict = "ok" if cold < 0.5 else "ABOVE the 0.5 s aim"
    print(f"cold start `reinstate diagnose --json` (median of 7): {cold:.3f} s ({verdict})")
    print(
        f"  baseline `python -c pass`:                          {interpreter:.3f} s "
        f"(ratio {cold / interpreter:.1f}x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
