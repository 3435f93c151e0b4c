"""Count what Amazon's reviewers ask for, per category, in the corpus of real replies.

    .venv/bin/python scripts/reviewer_asks.py            # rewrite `categories:` of the file
    .venv/bin/python scripts/reviewer_asks.py --check    # exit 1 when the file is not current

Reads the replies that asked for more information or said no (corpus/notices, kind reply,
reply_outcome more_info or denied), finds each one's asks the way the product does
(``reinstate.compose.gaps.find_asks``: the reply's words and the documents its diagnosis says
Amazon requests; never the category fallback), and writes, per category of
``reviewer_asks.yaml``'s ``replies`` map, each ask with the replies that made it, the most
frequent first. The product reads only the YAML; the corpus stays a development resource.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "notices"
KNOWLEDGE = ROOT / "src" / "reinstate" / "knowledge" / "reviewer_asks.yaml"
MARKER = "categories:"


def corpus_replies() -> dict[str, dict[str, object]]:
    """Corpus replies that asked for more or said no, by id."""
    found: dict[str, dict[str, object]] = {}
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            expected = record.get("expected") or {}
            if record.get("kind") == "reply" and expected.get("reply_outcome") in (
                "more_info",
                "denied",
            ):
                found[str(record["id"])] = record
    return found


def asks_of(text: str) -> list[str]:
    """The asks one reply makes by its own words and requested documents."""
    from reinstate.compose.gaps import find_asks
    from reinstate.notices import diagnose_bytes

    diagnosis = diagnose_bytes(text.encode("utf-8"), "reply.txt")
    asks = find_asks(text, diagnosis.requested_documents, category=None, in_error=True)
    return [a.code for a in asks if a.source != "category"]


def table() -> dict[str, list[tuple[str, list[str]]]]:
    from reinstate.compose import KnowledgeBase

    known = KnowledgeBase.default().reviewer_asks
    order = list(known.asks)
    replies = corpus_replies()
    counts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for reply, category in known.replies.items():
        if reply not in replies:
            raise SystemExit(f"reviewer_asks.yaml names {reply}, which is not a corpus reply")
        for code in asks_of(str(replies[reply]["text"])):
            counts[category][code].append(reply)
    return {
        category: sorted(asks.items(), key=lambda kv: (-len(kv[1]), order.index(kv[0])))
        for category, asks in sorted(counts.items())
    }


def render(found: dict[str, list[tuple[str, list[str]]]]) -> str:
    lines = [MARKER]
    for category, asks in found.items():
        lines.append(f"  {category}:")
        lines.extend(f"    {code}: [{', '.join(replies)}]" for code, replies in asks)
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = KNOWLEDGE.read_text(encoding="utf-8")
    head, marker, _ = text.rpartition("\n" + MARKER)
    if not marker:
        raise SystemExit(f"{KNOWLEDGE.name} has no `{MARKER}` line")
    updated = head + "\n" + render(table())
    if "--check" in argv:
        if updated != text:
            print(f"{KNOWLEDGE.name} is not current: run scripts/reviewer_asks.py")
            return 1
        return 0
    KNOWLEDGE.write_text(updated, encoding="utf-8")
    print(f"Wrote {KNOWLEDGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
