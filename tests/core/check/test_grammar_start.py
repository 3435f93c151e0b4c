"""A cold ``reinstate check`` starts building Harper's Linter before anything else
(reinstate.cli.early) and the checker configures that Linter instead of building another."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import harper
import pytest

from reinstate.check import grammar
from reinstate.cli import early


@pytest.mark.parametrize(
    "argv",
    [
        ["reinstate", "diagnose", "notice.eml"],
        ["reinstate", "check", "--no-grammar", "letter.txt"],
        ["reinstate", "check", "--help"],
        ["reinstate"],
    ],
)
def test_only_a_check_with_grammar_starts_building(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(early, "building", None)
    early.start(argv)
    assert early.building is None


def test_a_check_starts_building_a_linter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(early, "building", None)
    early.start(["reinstate", "check", "letter.txt"])
    assert early.building is not None
    assert isinstance(early.building.result(timeout=60), harper.Linter)


def test_the_checker_configures_the_linter_being_built(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grammar, "_linters", {})
    bare = harper.Linter(harper.Dialect.AMERICAN)
    building: Future[Any] = Future()
    building.set_result(bare)
    grammar.warm_up(spelling=False, building=building)
    lints = grammar.start_lint("This is an test of the linter.").result()
    assert grammar._linters[False] is bare
    # configured: the rules the checker turns off are off in it
    assert bare.get_lint_config()["SentenceCapitalization"] is False
    assert [(lint.start, lint.end) for lint in lints] == [(8, 10)]  # "an"
