"""The same message gives the same diagnosis in every process: ties between categories are not
left to the order of a set, which Python's hash seed changes from one process to the next."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import json, sys
from pathlib import Path
from reinstate.notices import diagnose_text
out = []
for path in sorted(Path(sys.argv[1]).glob("*.jsonl")):
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            d = diagnose_text(json.loads(line)["text"])
            out.append([[c.code.value, c.confidence] for c in d.categories])
print(json.dumps(out))
"""


def _run(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT / "corpus" / "notices")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return done.stdout


def test_every_corpus_message_ranks_its_categories_alike_under_any_hash_seed() -> None:
    first = _run("1")
    assert first.count("[[") > 200
    assert _run("2") == first
    assert _run("3") == first
