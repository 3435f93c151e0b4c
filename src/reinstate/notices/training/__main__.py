"""``python -m reinstate.notices.training [CORPUS_DIR] [--out FILE]``: retrain the model."""

from __future__ import annotations

import sys
from pathlib import Path

from reinstate.notices.training.train import fit, load_corpus, write

ROOT = Path(__file__).resolve().parents[4]
DEFAULT_CORPUS = ROOT / "corpus" / "notices"
DEFAULT_OUT = ROOT / "src" / "reinstate" / "knowledge" / "models" / "notices.json"


def main(argv: list[str]) -> int:
    out = DEFAULT_OUT
    if "--out" in argv:
        at = argv.index("--out")
        out = Path(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    corpus = Path(argv[0]) if argv else DEFAULT_CORPUS
    records = load_corpus(corpus)
    model = fit(records)
    write(model, out)
    sizes = {name: len(head["features"]) for name, head in model["heads"].items()}
    print(f"trained on {len(records)} records ({model['meta']['corpus']}): features {sizes}")
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
