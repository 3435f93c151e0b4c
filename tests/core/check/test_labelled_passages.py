"""Every labelled passage: the codes it must raise fire, and nothing it does not allow."""

from __future__ import annotations

import pytest

from reinstate.check.data import code_texts
from reinstate.codes import Severity, Verdict
from tests.core.check.labelled import LETTERS, Passage, load_passages

PASSAGES = load_passages() + load_passages(LETTERS / "holdout.yaml")


@pytest.mark.parametrize("passage", PASSAGES, ids=[p.id for p in PASSAGES])
def test_it_raises_exactly_the_labelled_codes(passage: Passage) -> None:
    fired = passage.fired()
    missing = passage.expect - fired
    unexpected = fired - passage.expect - passage.allow - passage.known_miss
    assert not missing, f"{passage.id}: expected {sorted(missing)} to fire"
    assert not unexpected, f"{passage.id}: false alarm {sorted(unexpected)}"


LETTERS_WITH_VERDICT = [p for p in PASSAGES if p.verdict]


@pytest.mark.parametrize("passage", LETTERS_WITH_VERDICT, ids=[p.id for p in LETTERS_WITH_VERDICT])
def test_it_gives_complete_letters_their_verdict(passage: Passage) -> None:
    report = passage.check()
    assert passage.verdict is not None
    assert report.verdict == Verdict(passage.verdict)
    if report.verdict is Verdict.READY:
        assert report.count(Severity.HIGH) == 0


def test_it_has_good_letters_of_several_categories_that_come_out_ready() -> None:
    good = [p for p in PASSAGES if p.kind == "letter" and p.verdict == "ready" and not p.expect]
    assert len(good) >= 6
    for passage in good:
        report = passage.check()
        assert report.verdict is Verdict.READY, passage.id
        assert report.findings == (), (passage.id, [f.code for f in report.findings])


def test_it_labels_a_bad_passage_for_every_code() -> None:
    labelled = set().union(*(p.expect | p.known_miss for p in PASSAGES))
    assert set(code_texts()) <= labelled, sorted(set(code_texts()) - labelled)


def test_it_labels_only_codes_that_exist() -> None:
    used = set().union(*(p.expect | p.allow | p.known_miss for p in PASSAGES))
    assert used <= set(code_texts()), sorted(used - set(code_texts()))


GOOD = [p for p in PASSAGES if not p.expect and not p.known_miss]


@pytest.mark.parametrize("passage", GOOD, ids=[p.id for p in GOOD])
def test_it_raises_no_false_alarm_with_harper_alone(
    passage: Passage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where spylls or the Hunspell dictionaries are missing, Harper's spelling takes over."""
    monkeypatch.setattr("reinstate.check.language.default_dictionaries", lambda: None)
    unexpected = passage.fired() - passage.allow
    assert not unexpected, f"{passage.id}: false alarm {sorted(unexpected)}"
