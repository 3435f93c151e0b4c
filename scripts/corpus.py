"""Keep the notice corpus honest: validate records, find near-duplicates, print its counts.

    python scripts/corpus.py validate [FILE ...]     # schema and codes of every record
    python scripts/corpus.py dupes TEXT_OR_FILE      # is this text already in the corpus?
    python scripts/corpus.py stats                   # counts by kind, language, category, source

FILE defaults to every ``corpus/notices/*.jsonl``. See ``corpus/notices/README.md`` for the
record format and the labelling rules.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "notices"
sys.path.insert(0, str(ROOT / "src"))

from reinstate.codes import Category, MessageKind, ReplyOutcome, Scope  # noqa: E402

FIDELITY = {"verbatim", "near_verbatim", "truncated", "fragment", "excerpt", "seller_translation"}
REQUIRED = ("id", "kind", "text", "language", "source", "expected")


def rows(paths: list[Path] | None = None) -> list[tuple[Path, dict[str, object]]]:
    out = []
    for path in paths or sorted(CORPUS.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    out.append((path, json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path.name}:{number}: not JSON: {exc}") from exc
    return out


def source_group(source: str) -> str:
    """The site a text came from: cross-validation never scores a site its model has seen."""
    if source.startswith("http"):
        host = urlparse(source).netloc.lower()
        return host.removeprefix("www.").removeprefix("m.")
    return source.split(":")[0].strip().lower()[:60]


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def _shingles(text: str, size: int = 8) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < size or len(_CJK.findall(text)) > 0.3 * len(text):
        # Chinese and Japanese have no spaces between words: character shingles instead.
        flat = re.sub(r"\s+", "", text.lower())
        return {flat[i : i + size] for i in range(max(1, len(flat) - size + 1))}
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def similarity(a: str, b: str) -> float:
    """Share of the shorter text's 8-word shingles found in the other (1.0: contained)."""
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def validate(records: list[tuple[Path, dict[str, object]]]) -> list[str]:
    problems = []
    seen: dict[str, str] = {}
    kinds = {k.value for k in MessageKind}
    categories = {c.value for c in Category}
    outcomes = {o.value for o in ReplyOutcome}
    scopes = {s.value for s in Scope}
    for path, row in records:
        where = f"{path.name}:{row.get('id')}"
        for key in REQUIRED:
            if not row.get(key):
                problems.append(f"{where}: missing {key}")
        rid = str(row.get("id"))
        if rid in seen:
            problems.append(f"{where}: id also in {seen[rid]}")
        seen[rid] = path.name
        expected = row.get("expected")
        if not isinstance(expected, dict):
            continue
        if expected.get("kind") not in kinds:
            problems.append(f"{where}: expected.kind {expected.get('kind')!r}")
        for key in ("category",):
            if expected.get(key) is not None and expected[key] not in categories:
                problems.append(f"{where}: expected.{key} {expected[key]!r}")
        for code in expected.get("category_alt") or []:
            if code not in categories:
                problems.append(f"{where}: category_alt {code!r}")
        if expected.get("reply_outcome") is not None and expected["reply_outcome"] not in outcomes:
            problems.append(f"{where}: reply_outcome {expected['reply_outcome']!r}")
        if expected.get("scope") is not None and expected["scope"] not in scopes:
            problems.append(f"{where}: scope {expected['scope']!r}")
        if expected.get("kind") == "reply" and not expected.get("reply_outcome"):
            problems.append(f"{where}: a reply needs expected.reply_outcome")
        if expected.get("kind") == "notice" and expected.get("reply_outcome"):
            problems.append(f"{where}: a notice has no reply_outcome")
        for mark in row.get("fidelity") or []:  # type: ignore[attr-defined]
            if mark not in FIDELITY:
                problems.append(f"{where}: fidelity {mark!r} (one of {sorted(FIDELITY)})")
    texts = [(f"{p.name}:{r.get('id')}", str(r.get("text", ""))) for p, r in records]
    for i, (name_a, text_a) in enumerate(texts):
        for name_b, text_b in texts[i + 1 :]:
            if name_a.startswith("shared-") and name_b.startswith("shared-"):
                continue  # the shared corpus is kept exactly as given
            # Amazon writes from templates, so two sellers' notices can share most sentences;
            # only the same message quoted twice (>= 95% of the shorter one) is a duplicate.
            if similarity(text_a, text_b) >= 0.95:
                problems.append(f"duplicate: {name_a} ~ {name_b}")
    return problems


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"validate", "dupes", "stats"}:
        print(__doc__)
        return 2
    command, args = argv[0], argv[1:]
    if command == "validate":
        problems = validate(rows([Path(a) for a in args] or None))
        for line in problems:
            print(line)
        print(f"{len(problems)} problem(s)")
        return 1 if problems else 0
    if command == "dupes":
        candidate = Path(args[0]).read_text(encoding="utf-8") if Path(args[0]).exists() else args[0]
        hits = [
            (similarity(candidate, str(r["text"])), p.name, r["id"], r["source"]) for p, r in rows()
        ]
        for score, name, rid, source in sorted(hits, reverse=True)[:5]:
            print(f"{score:4.2f}  {name}:{rid}  {source}")
        return 0
    records = [r for _, r in rows()]
    print(f"records: {len(records)}")
    for label, key in (("kind", "kind"), ("category", "category"), ("outcome", "reply_outcome")):
        counts = Counter(str(r["expected"].get(key)) for r in records)  # type: ignore[attr-defined]
        print(f"{label}: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    print(
        "language: "
        + ", ".join(f"{k} {v}" for k, v in Counter(r["language"] for r in records).most_common())
    )
    groups = Counter(source_group(str(r["source"])) for r in records)
    print(
        f"sources: {len(groups)} sites: " + ", ".join(f"{k} {v}" for k, v in groups.most_common())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
