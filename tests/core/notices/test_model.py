"""The trained notice model: shipped as plain JSON, reproducible from the corpus, and read
exactly as scikit-learn would compute it."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from reinstate.errors import KnowledgeBaseError
from reinstate.notices import diagnose_text
from reinstate.notices.classifier import (
    MODEL_RESOURCE,
    count_features,
    load_model,
    model_from_json,
)
from reinstate.notices.training import train as training
from reinstate.notices.training.augment import variants

CORPUS = Path(__file__).resolve().parents[3] / "corpus" / "notices"


def test_the_shipped_model_is_plain_json_with_four_heads() -> None:
    raw = resources.files("reinstate.knowledge").joinpath(MODEL_RESOURCE).read_text("utf-8")
    data = json.loads(raw)  # JSON: no pickle, nothing that runs code when read
    assert data["format"] == "reinstate-linear/1"
    assert set(data["heads"]) == {"kind", "outcome", "category", "scope"}
    assert data["meta"]["records"] == len(training.load_corpus(CORPUS))


def test_a_broken_model_file_is_a_knowledge_base_error() -> None:
    with pytest.raises(KnowledgeBaseError):
        model_from_json({"format": "pickle"})
    with pytest.raises(KnowledgeBaseError):
        model_from_json(
            {
                "format": "reinstate-linear/1",
                "heads": {
                    "kind": {
                        "classes": ["a", "b"],
                        "intercept": [0, 0],
                        "features": {"w:x": [1, 5, 2]},
                    }
                },
            }
        )


@pytest.mark.slow
def test_retraining_on_the_corpus_gives_the_shipped_predictions() -> None:
    records = training.load_corpus(CORPUS)
    retrained = training.train(records)
    shipped = load_model()
    assert retrained.heads.keys() == shipped.heads.keys()
    for record in records:
        ours = diagnose_text(record.text, model=retrained)
        theirs = diagnose_text(record.text, model=shipped)
        assert (ours.kind, ours.category, ours.reply_outcome, ours.scope) == (
            theirs.kind,
            theirs.category,
            theirs.reply_outcome,
            theirs.scope,
        ), record.id
        assert [c.to_json() for c in ours.categories] == [c.to_json() for c in theirs.categories]


def test_the_runtime_reads_the_model_as_scikit_learn_computes_it() -> None:
    records = [r for r in training.load_corpus(CORPUS) if r.kind == "notice" and r.category][:60]
    found = training.examples(records, "category", augment=False)
    matrix, labels, _index, _idf = training.design(found)
    fitted = training.estimator(4.0).fit(matrix, labels)
    saved = training.MIN_WEIGHT
    training.MIN_WEIGHT = 0.0  # every weight kept: the comparison is exact
    try:
        head = model_from_json(
            {
                "format": "reinstate-linear/1",
                "heads": {"category": training._fit_head(found, 4.0)},
            }
        ).heads["category"]
    finally:
        training.MIN_WEIGHT = saved
    expected = fitted.predict_proba(matrix)
    for row, (_, _, counts) in enumerate(found):
        ours = head.probabilities(counts)
        for column, code in enumerate(fitted.classes_):
            assert ours[code] == pytest.approx(expected[row, column], abs=2e-3)


def test_a_text_the_model_knows_nothing_of_gets_a_flat_guess() -> None:
    model = load_model()
    from reinstate.notices.structure import read_structure

    text = "Zxqv plorb wimble frandish quokkary snerd."
    probabilities = model.predict("category", text, read_structure(text, "en"), None)
    assert max(probabilities.values()) < 0.1


def test_function_words_are_not_features() -> None:
    counts = count_features([("Nous avons reçu votre appel pour les offres", 1.0)])
    assert "w:nous" not in counts
    assert "w:les" not in counts
    assert "w:appel" in counts
    assert "w:offres" in counts


def test_variants_are_reproducible_and_readable() -> None:
    text = "Your account has been deactivated.\n\nWhy is this happening?\nCounterfeit complaints."
    first = variants(text, "seed")
    assert first == variants(text, "seed")
    names = [name for name, _ in first]
    assert names == ["truncated", "forwarded", "quoted", "html", "opening"]
    for _, variant in first:
        assert diagnose_text(variant).kind.value == "notice"
