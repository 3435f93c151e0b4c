"""Accuracy of the notice diagnosis on a JSON-lines corpus of real notices and replies.

    .venv/bin/python bench/diagnose_accuracy.py [CORPUS] [--verbose]

CORPUS defaults to ../shared/corpus/notices-dev.jsonl (relative to the repository root) when
it exists. Each line: ``text``, ``asins`` (gold, masked tokens excluded) and ``expected`` with
``kind``, ``category`` (null: not scored), optional ``category_alt`` (other codes a careful
reader accepts), ``scope`` and ``reply_outcome`` where implied. Prints per-field scores and
every miss.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reinstate.errors import InputError  # noqa: E402
from reinstate.notices import diagnose_text  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "notices-dev.jsonl"


class Score:
    def __init__(self) -> None:
        self.right = 0
        self.total = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)

    def __str__(self) -> str:
        if not self.total:
            return "   n/a"
        return f"{self.right:>3}/{self.total:<3} {100 * self.right / self.total:5.1f}%"


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT
    if not corpus.exists():
        print(f"corpus not found: {corpus}")
        return 1
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    fields = {k: Score() for k in ("kind", "category@1", "category@2", "scope", "reply_outcome")}
    asin_tp = asin_fp = asin_fn = 0
    misses: list[str] = []
    for row in rows:
        expected = row.get("expected", {})
        try:
            d = diagnose_text(row["text"])
        except InputError as exc:
            misses.append(f"{row['id']}: unreadable: {exc}")
            continue
        rid = row["id"]
        if expected.get("kind"):
            ok = d.kind.value == expected["kind"]
            fields["kind"].add(ok)
            if not ok:
                misses.append(f"{rid}: kind {d.kind.value} != {expected['kind']}")
        gold = expected.get("category")
        if gold and expected.get("kind", "notice") == "notice":
            accepted = {gold, *(expected.get("category_alt") or [])}
            codes = [c.code.value for c in d.categories] or ["other"]
            top1 = (d.category.value if d.category else codes[0]) in accepted
            top2 = bool(accepted & set(codes[:2])) or top1
            fields["category@1"].add(top1)
            fields["category@2"].add(top2)
            if not top1:
                ranked = ", ".join(f"{c.code.value}:{c.confidence}" for c in d.categories[:3])
                misses.append(f"{rid}: category {d.category} not in {sorted(accepted)} [{ranked}]")
        if expected.get("scope"):
            ok = d.scope.value == expected["scope"]
            fields["scope"].add(ok)
            if not ok:
                misses.append(f"{rid}: scope {d.scope.value} != {expected['scope']}")
        if expected.get("reply_outcome"):
            got = d.reply_outcome.value if d.reply_outcome else None
            ok = got == expected["reply_outcome"]
            fields["reply_outcome"].add(ok)
            if not ok:
                misses.append(f"{rid}: reply_outcome {got} != {expected['reply_outcome']}")
        gold_asins = set(row.get("asins") or [])
        got_asins = set(d.asins)
        asin_tp += len(gold_asins & got_asins)
        asin_fp += len(got_asins - gold_asins)
        asin_fn += len(gold_asins - got_asins)
        if got_asins != gold_asins:
            misses.append(f"{rid}: asins {sorted(got_asins)} != {sorted(gold_asins)}")
        if verbose:
            print(rid, json.dumps(d.to_json(), ensure_ascii=False)[:400])

    print(f"corpus: {corpus} ({len(rows)} items)")
    for name, score in fields.items():
        print(f"  {name:<14} {score}")
    precision = asin_tp / (asin_tp + asin_fp) if asin_tp + asin_fp else 1.0
    recall = asin_tp / (asin_tp + asin_fn) if asin_tp + asin_fn else 1.0
    print(
        f"  asin precision {precision:6.1%}  recall {recall:6.1%}  "
        f"(tp {asin_tp}, fp {asin_fp}, fn {asin_fn})"
    )
    print(f"misses: {len(misses)}")
    for line in misses:
        print("  -", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
