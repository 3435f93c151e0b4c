"""Train the notice model on the corpus (needs scikit-learn, a development dependency).

    python -m reinstate.notices.training [CORPUS_DIR] [--out FILE]

Four heads: ``kind`` (notice or reply) on every record, ``outcome`` on replies, ``category``
on notices with a category, ``scope`` (what was hit) on notices with a scope. Each real record
trains with its variants (:mod:`.augment`); a feature is kept when at least two different real
records hold it. Training is
deterministic: the same corpus gives the same file, which a test checks.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from reinstate.errors import InputError
from reinstate.notices.classifier import FORMAT, count_features, model_from_json, segments
from reinstate.notices.classifier import Model as LinearModel
from reinstate.notices.language import detect_language
from reinstate.notices.reading import read_message
from reinstate.notices.structure import Decision, read_structure
from reinstate.notices.training.augment import variants

HEADS: tuple[Decision, ...] = ("kind", "outcome", "category", "scope")
DEFAULT_C = {"kind": 4.0, "outcome": 4.0, "category": 8.0, "scope": 4.0}
MIN_RECORDS = 2
MIN_WEIGHT = 0.05
VERSION = "1"


@dataclass(frozen=True, slots=True)
class Record:
    """One real message of the corpus with its labels."""

    id: str
    text: str
    group: str
    language: str
    kind: str
    category: str | None
    category_alt: tuple[str, ...]
    outcome: str | None
    outcome_alt: tuple[str, ...]
    scope: str | None
    asins: tuple[str, ...]
    fidelity: tuple[str, ...] = field(default=())


def source_group(source: str) -> str:
    """The site a text came from (cross-validation holds out whole sites)."""
    match = re.match(r"https?://([^/?#]+)", source)
    if match:
        host = match.group(1).lower()
        for prefix in ("www.", "m."):
            host = host.removeprefix(prefix)
        return host
    return source.split(":")[0].strip().lower()[:60]


def load_corpus(folder: Path) -> list[Record]:
    records = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            expected = row.get("expected") or {}
            records.append(
                Record(
                    id=str(row["id"]),
                    text=str(row["text"]),
                    group=source_group(str(row.get("source", ""))),
                    language=str(row.get("language") or ""),
                    kind=str(expected.get("kind") or row.get("kind")),
                    category=expected.get("category"),
                    category_alt=tuple(expected.get("category_alt") or ()),
                    outcome=expected.get("reply_outcome"),
                    outcome_alt=tuple(expected.get("reply_outcome_alt") or ()),
                    scope=expected.get("scope"),
                    asins=tuple(row.get("asins") or ()),
                    fidelity=tuple(row.get("fidelity") or ()),
                )
            )
    return records


def corpus_digest(records: Sequence[Record]) -> str:
    digest = hashlib.sha256()
    for record in sorted(records, key=lambda r: r.id):
        labels = (record.kind, record.category, record.outcome, record.scope)
        digest.update(json.dumps([record.id, record.text, labels]).encode())
    return digest.hexdigest()[:16]


@cache
def features_of(raw: str, decision: Decision) -> dict[str, float] | None:
    """What the model sees of a pasted text, read exactly as the diagnosis reads it (cached:
    cross-validation trains one model per site on the same texts; treat it as read-only)."""
    try:
        message = read_message(raw.encode("utf-8"))
    except InputError:
        return None
    structure = read_structure(message.text, detect_language(message.text))
    return count_features(segments(message.text, structure, message.subject, decision))


def _label(record: Record, decision: Decision) -> str | None:
    if decision == "kind":
        return record.kind
    if decision == "outcome":
        return record.outcome if record.kind == "reply" else None
    if decision == "scope":
        return record.scope if record.kind == "notice" else None
    return record.category if record.kind == "notice" else None


def examples(
    records: Iterable[Record], decision: Decision, augment: bool
) -> list[tuple[str, str, dict[str, float]]]:
    """(record id, label, weighted counts) for each real text and its variants."""
    out = []
    for record in records:
        label = _label(record, decision)
        if label is None:
            continue
        texts = [record.text]
        if augment:
            texts += [text for _, text in variants(record.text, record.id)]
        for text in texts:
            counts = features_of(text, decision)
            if counts:
                out.append((record.id, label, counts))
    return out


def design(
    examples: list[tuple[str, str, dict[str, float]]],
) -> tuple[Any, list[str], dict[str, int], dict[str, float]]:
    """The TF-IDF matrix of ``examples``, their labels, the feature index and the idf."""
    import numpy as np
    from scipy.sparse import csr_matrix

    from reinstate.notices.classifier import tfidf

    holders: dict[str, set[str]] = {}
    for record_id, _, counts in examples:
        for feature in counts:
            holders.setdefault(feature, set()).add(record_id)
    documents = len({record_id for record_id, _, _ in examples})
    vocabulary = sorted(f for f, ids in holders.items() if len(ids) >= MIN_RECORDS)
    idf = {
        f: round(float(np.log((1 + documents) / (1 + len(holders[f]))) + 1.0), 6)
        for f in vocabulary
    }
    index = {f: i for i, f in enumerate(vocabulary)}
    rows, columns, values = [], [], []
    for row, (_, _, counts) in enumerate(examples):
        for feature, value in sorted(tfidf(counts, idf).items()):
            rows.append(row)
            columns.append(index[feature])
            values.append(value)
    matrix = csr_matrix((values, (rows, columns)), shape=(len(examples), len(vocabulary)))
    return matrix, [label for _, label, _ in examples], index, idf


def estimator(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced")


def _fit_head(examples: list[tuple[str, str, dict[str, float]]], c: float) -> dict[str, Any]:
    import numpy as np

    matrix, labels, index, idf = design(examples)
    classes = sorted(set(labels))
    if len(classes) == 1:
        return {"classes": classes, "intercept": [0.0], "features": {}}
    model = estimator(c)
    model.fit(matrix, labels)
    coef, intercept = model.coef_, model.intercept_
    if len(classes) == 2:  # sklearn keeps one row for two classes: softmax over [0, w]
        coef = np.vstack([np.zeros_like(coef[0]), coef[0]])
        intercept = np.array([0.0, intercept[0]])
    # Sparse rows: [idf, class index, weight, class index, weight ...] for the weights that
    # matter; a feature's small weights on unrelated classes change no decision (a test compares
    # the file's predictions with scikit-learn's own).
    features = {}
    for feature, column in index.items():
        row: list[float] = [idf[feature]]
        for number, weight in enumerate(coef[:, column]):
            if abs(float(weight)) >= MIN_WEIGHT:
                row += [number, round(float(weight), 4)]
        if len(row) > 1:
            features[feature] = row
    return {
        "classes": [str(c) for c in model.classes_],
        "intercept": [round(float(b), 5) for b in intercept],
        "features": features,
    }


def fit(
    records: Sequence[Record], *, augment: bool = True, c: dict[str, float] | None = None
) -> dict[str, Any]:
    """The model's JSON form, trained on ``records``."""
    strengths = {**DEFAULT_C, **(c or {})}
    heads = {}
    for decision in HEADS:
        found = examples(records, decision, augment)
        if found:
            heads[decision] = _fit_head(found, strengths[decision])
    return {
        "format": FORMAT,
        "version": VERSION,
        "meta": {
            "records": len(records),
            "corpus": corpus_digest(records),
            "augmented": augment,
            "c": strengths,
        },
        "heads": heads,
    }


def train(records: Sequence[Record], **options: Any) -> LinearModel:
    return model_from_json(fit(records, **options))


def write(model: dict[str, Any], path: Path) -> None:
    # One feature per line keeps the file reviewable and its diffs small.
    lines = ["{", f'"format": {json.dumps(model["format"])},']
    lines.append(f'"version": {json.dumps(model["version"])},')
    lines.append(f'"meta": {json.dumps(model["meta"], sort_keys=True)},')
    lines.append('"heads": {')
    heads = list(model["heads"].items())
    for number, (name, head) in enumerate(heads):
        lines.append(f"{json.dumps(name)}: {{")
        lines.append(f'"classes": {json.dumps(head["classes"])},')
        lines.append(f'"intercept": {json.dumps(head["intercept"])},')
        lines.append('"features": {')
        items = sorted(head["features"].items())
        for i, (feature, row) in enumerate(items):
            comma = "," if i + 1 < len(items) else ""
            lines.append(f"{json.dumps(feature, ensure_ascii=False)}: {json.dumps(row)}{comma}")
        lines.append("}")
        lines.append("}" + ("," if number + 1 < len(heads) else ""))
    lines.append("}")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
