from __future__ import annotations

import pytest

from reinstate.workflow import Status, TransitionRefused, transition


def test_it_moves_from_diagnosing_to_drafting() -> None:
    assert transition(Status.DIAGNOSING, Status.DRAFTING) is Status.DRAFTING


def test_it_refuses_to_skip_to_submitted() -> None:
    with pytest.raises(TransitionRefused):
        transition(Status.DIAGNOSING, Status.SUBMITTED)
