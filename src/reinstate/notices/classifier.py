"""A small trained linear model beside the reviewed phrases.

The phrases say why; the model adds what wording the phrase writers did not foresee. It is a
multinomial logistic regression over word, word-pair and (for Chinese and Japanese) character-
pair features, each counted with the weight of the part of the message it sits in
(:mod:`reinstate.notices.structure`), TF-IDF weighted and L2-normalised. It is trained by
``make model`` (``reinstate.notices.training``, which needs scikit-learn) and ships as a JSON file
(``knowledge/models/notices.json``: no pickle, nothing executable), read here with no library
beyond the standard one, so a cold ``reinstate diagnose`` stays fast.

    >>> model = load_model()
    >>> sorted(model.heads)
    ['category', 'kind', 'outcome', 'scope']
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise

from reinstate.errors import KnowledgeBaseError
from reinstate.knowledge.loader import load
from reinstate.notices.phrases import QUOTES
from reinstate.notices.structure import Decision, Structure

FORMAT = "reinstate-linear/1"
MODEL_RESOURCE = "models/notices.json"
_WORD = re.compile(r"[^\W\d_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Placeholders and masks carry no meaning: <SELLER_NAME>, XXXX, ****.
_MASK = re.compile(r"<[^<>\n]{1,40}>|\b[xX]{3,}\b")


def segments(
    text: str, structure: Structure, subject: str | None, decision: Decision
) -> list[tuple[str, float]]:
    """The message as (text, weight) pieces: each part with its weight for ``decision``."""
    out = [(subject, structure.weight_at(-1, decision))] if subject else []
    for part in structure.parts:
        weight = structure.weight_at(part.start, decision)
        if weight > 0:
            out.append((text[part.start : part.end], weight))
    return out


@cache
def _function_words() -> frozenset[str]:
    data = load("notices/language")
    words: set[str] = set()
    for table in (data["stopwords"], data["extra_function_words"]):
        for items in table.values():
            words.update(str(w).lower() for w in items)
    return frozenset(words)


@lru_cache(maxsize=512)
def _tokens(piece: str) -> tuple[str, ...]:
    """Tokens of one part of a message (cached: the kind, outcome and category heads read the
    same parts with different weights)."""
    piece = unicodedata.normalize("NFKC", piece.translate(QUOTES)).lower()
    piece = _MASK.sub(" ", piece)
    tokens: list[str] = []
    for word in _WORD.findall(piece):
        if _CJK.search(word):
            # Chinese and Japanese write without spaces: character pairs stand in for words.
            for run in _CJK.findall(word):
                if len(run) == 1:
                    tokens.append(run)
                tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
            rest = _CJK.sub(" ", word).split()
            tokens.extend(t for t in rest if len(t) > 1)
        elif len(word) > 1 and word not in _function_words():
            tokens.append(word)
    return tuple(tokens)


def count_features(pieces: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Weighted counts of word (``w:``) and word-pair (``b:``) features."""
    counts: dict[str, float] = {}
    for piece, weight in pieces:
        tokens = _tokens(piece)
        for token in tokens:
            key = "w:" + token
            counts[key] = counts.get(key, 0.0) + weight
        for first, second in pairwise(tokens):
            key = f"b:{first} {second}"
            counts[key] = counts.get(key, 0.0) + weight
    return counts


def tfidf(counts: Mapping[str, float], idf: Mapping[str, float]) -> dict[str, float]:
    """log(1 + count) x idf over the known features, L2-normalised."""
    vector = {f: math.log1p(c) * idf[f] for f, c in counts.items() if f in idf and c > 0}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    if norm == 0:
        return {}
    return {f: v / norm for f, v in vector.items()}


@dataclass(frozen=True, slots=True)
class Head:
    """One decision of the model (kind, outcome, category or scope): classes and their weights."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    idf: dict[str, float]
    weights: dict[str, tuple[float, ...]]

    def coverage(self, counts: Mapping[str, float]) -> float:
        """Share of the message's (weighted) features the model knows: a text in a language or
        on a subject the model has barely seen gets a low coverage, and its guess counts less."""
        total = sum(counts.values())
        return sum(c for f, c in counts.items() if f in self.idf) / total if total else 0.0

    def probabilities(self, counts: Mapping[str, float]) -> dict[str, float]:
        scores = list(self.intercept)
        for feature, value in tfidf(counts, self.idf).items():
            row = self.weights.get(feature)
            if row is None:
                continue
            for index, weight in enumerate(row):
                scores[index] += value * weight
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {code: e / total for code, e in zip(self.classes, exps, strict=True)}


@dataclass(frozen=True, slots=True)
class Model:
    version: str
    heads: dict[str, Head]
    meta: dict[str, object]
    # A text whose features the model knows at least this share of is trusted fully.
    full_coverage: float = 0.6

    def predict(
        self, decision: Decision, text: str, structure: Structure, subject: str | None
    ) -> dict[str, float]:
        """Class probabilities, pulled towards uniform as the text's coverage falls."""
        head = self.heads.get(decision)
        if head is None:
            return {}
        counts = count_features(segments(text, structure, subject, decision))
        probabilities = head.probabilities(counts)
        trust = min(1.0, head.coverage(counts) / self.full_coverage)
        flat = 1.0 / len(head.classes)
        return {k: trust * p + (1 - trust) * flat for k, p in probabilities.items()}


def model_from_json(data: Mapping[str, object]) -> Model:
    """A model from its JSON form (see ``reinstate.notices.training.export``)."""
    if data.get("format") != FORMAT:
        raise KnowledgeBaseError(f"notice model: unknown format {data.get('format')!r}")
    heads = {}
    raw_heads = data.get("heads")
    if not isinstance(raw_heads, dict):
        raise KnowledgeBaseError("notice model: no heads")
    for name, raw in raw_heads.items():
        classes = tuple(str(c) for c in raw["classes"])
        features = raw["features"]
        idf = {str(f): float(row[0]) for f, row in features.items()}
        weights: dict[str, tuple[float, ...]] = {}
        for feature, row in features.items():
            # [idf, class index, weight, class index, weight ...]: absent classes weigh 0.
            dense = [0.0] * len(classes)
            pairs = row[1:]
            if len(pairs) % 2 or any(not 0 <= int(i) < len(classes) for i in pairs[::2]):
                raise KnowledgeBaseError(f"notice model: head {name}: bad row for {feature!r}")
            for at, weight in zip(pairs[::2], pairs[1::2], strict=True):
                dense[int(at)] = float(weight)
            weights[str(feature)] = tuple(dense)
        intercept = tuple(float(b) for b in raw["intercept"])
        heads[str(name)] = Head(classes, intercept, idf, weights)
    meta = data.get("meta")
    meta_dict = dict(meta) if isinstance(meta, dict) else {}
    full = float(str(meta_dict.get("full_coverage", 0.6)))
    return Model(str(data.get("version", "")), heads, meta_dict, full)


@cache
def load_model() -> Model:
    """The shipped model (cached per process)."""
    resource = resources.files("reinstate.knowledge").joinpath(MODEL_RESOURCE)
    try:
        data = json.loads(resource.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError) as exc:
        raise KnowledgeBaseError(f"notice model {MODEL_RESOURCE} is missing or broken") from exc
    return model_from_json(data)
