"""Hostile documents end in one clear entry (a rule code on the document), in bounded time and
memory: each is read by the command line in a process of its own, whose peak memory (its own and
its children's: the PDF parser, poppler, tesseract) is measured from a small launcher."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reinstate.evidence import read_document
from tests.core.analysis.hostile_files import measure
from tests.core.evidence import hostile

MB = 1024 * 1024
MEMORY_BOUND = 1024 * MB  # any one process: the parser runs under a 768 MB ceiling
SECONDS_BOUND = 60.0
LAUNCHER = """
import json, resource, sys
from reinstate.cli.main import app
try:
    app(args=sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write(json.dumps({"peak_kb": max(own, children)}) + "\\n")
"""

CASES: dict[str, tuple[Callable[[], bytes], str, dict[str, object]]] = {
    "pdf-bomb.pdf": (hostile.pdf_bomb, "unreadable", {"reason": "memory"}),
    "million-pages.pdf": (hostile.page_flood, "too_many_pages", {"pages": 1_000_000}),
    "password.pdf": (hostile.encrypted, "password_protected", {}),
    "truncated.pdf": (hostile.truncated, "unreadable", {"reason": "broken"}),
    "one-pixel.png": (hostile.one_pixel, "unreadable", {"reason": "too_small"}),
    "pixel-bomb.png": (hostile.png_bomb, "unreadable", {"reason": "too_many_pixels"}),
    "random.jpg": (lambda: bytes(range(256)) * 40, "unreadable", {"reason": "format"}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_document_is_one_clear_entry_in_bounded_time_and_memory(
    name: str, tmp_path: Path
) -> None:
    make, rule, facts = CASES[name]
    path = tmp_path / name
    path.write_bytes(make())
    # Started through a small launcher of its own: a process forked straight from a test worker
    # that has grown to 1 GB would report that worker's peak as its own (Linux keeps it across
    # exec).
    done = measure(
        [sys.executable, "-c", LAUNCHER, "evidence", "check", str(path), "--json"],
        timeout=SECONDS_BOUND * 2,
    )
    elapsed = done.seconds
    assert done.status == 0, done.stderr[-500:]
    assert not done.killed
    report = json.loads(done.stdout)
    [document] = report["documents"]
    assert not document["passed"] or rule == "too_many_pages"
    found = [f for f in document["findings"] if f["rule"] == rule]
    assert found, document["findings"]
    assert facts.items() <= found[0]["facts"].items()
    peak = json.loads(done.stderr.strip().splitlines()[-1])["peak_kb"] * 1024
    assert peak < MEMORY_BOUND
    assert elapsed < SECONDS_BOUND
    assert "Traceback" not in done.stderr


def test_a_document_over_the_size_limit_is_refused_before_it_is_read() -> None:
    reading = read_document(b"%PDF-1.7\n" + b" " * 2048, "big.pdf", limits=__import__(
        "reinstate.evidence", fromlist=["ReadLimits"]).ReadLimits(max_bytes=1024))  # fmt: skip
    assert reading.problems[0].code == "unreadable"
    assert reading.problems[0].facts["reason"] == "too_large"
