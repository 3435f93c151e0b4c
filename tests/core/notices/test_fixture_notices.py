"""Every fixture notice is read the way a careful person reads it (see expected.yaml)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from reinstate.notices import diagnose_bytes, read_message

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "notices"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (FIXTURES / "expected.yaml").read_text(encoding="utf-8")
)


def test_it_has_an_expectation_for_every_fixture_file() -> None:
    files = {p.name for p in FIXTURES.iterdir() if p.name != "expected.yaml"}
    assert files == set(EXPECTED)


def test_it_covers_every_category_and_reply_outcome() -> None:
    from reinstate.codes import Category, ReplyOutcome

    categories = {e.get("category") for e in EXPECTED.values()}
    outcomes = {e.get("outcome") for e in EXPECTED.values()}
    assert {c.value for c in Category} - {"other"} <= categories
    assert {o.value for o in ReplyOutcome} <= outcomes


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_diagnoses_the_fixture_notice(name: str) -> None:
    want = EXPECTED[name]
    got = diagnose_bytes((FIXTURES / name).read_bytes(), name, today=date(2025, 3, 7))
    assert got.kind.value == want["kind"]
    if want["kind"] == "reply":
        assert got.category is None
        assert got.reply_outcome is not None
        assert got.reply_outcome.value == want["outcome"]
    else:
        assert got.reply_outcome is None
        assert got.category is not None
        assert got.category.value == want["category"]
        assert got.categories[0].code == got.category
        assert 0.0 < got.categories[0].confidence <= 1.0
        assert got.categories[0].evidence
    if "scope" in want:
        assert got.scope.value == want["scope"]
    if "language" in want:
        assert got.language == want["language"]
    if "marketplace" in want:
        assert got.marketplace == want["marketplace"]
    codes = [d.value for d in got.requested_documents]
    for code in want.get("documents", []):
        assert code in codes
    for code in want.get("not_documents", []):
        assert code not in codes
    if want.get("documents_empty"):
        assert codes == []
    if "channel" in want:
        assert got.channel.kind.value == want["channel"]
    if "channel_address" in want:
        assert got.channel.address == want["channel_address"]
    if "deadline_days" in want:
        assert [d.days for d in got.deadlines if d.days is not None] == want["deadline_days"]
    if "deadline_hours" in want:
        assert [d.hours for d in got.deadlines if d.hours is not None] == want["deadline_hours"]
    if "deadline_date" in want:
        assert [d.date.isoformat() for d in got.deadlines if d.date] == [want["deadline_date"]]
    if "asins" in want:
        assert list(got.asins) == [str(a) for a in want["asins"]]
    if "orders" in want:
        assert len(got.order_ids) == want["orders"]
    if "skus" in want:
        assert list(got.skus) == want["skus"]
    if "in_error" in want:
        assert got.in_error_path is want["in_error"]
    if "subject" in want:
        assert got.subject == want["subject"]
    if "sender_has" in want:
        message = read_message((FIXTURES / name).read_bytes(), name)
        assert message.sender is not None
        assert want["sender_has"] in message.sender
    if "rights_owner" in want:
        assert got.rights_owner is not None
        for key, value in want["rights_owner"].items():
            assert getattr(got.rights_owner, key) == str(value)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_highlights_phrases_that_are_really_in_the_text(name: str) -> None:
    got = diagnose_bytes((FIXTURES / name).read_bytes(), name)
    assert got.evidence_spans
    for span in got.evidence_spans:
        assert 0 <= span.start < span.end <= len(got.text)
        assert got.text[span.start : span.end].strip()
    labels = {s.label for s in got.evidence_spans}
    if got.category is not None and got.categories:
        assert f"category:{got.category.value}" in labels


def test_it_gives_evidence_spans_as_start_end_label_tuples() -> None:
    result = diagnose_bytes((FIXTURES / "en_trademark_listing.txt").read_bytes(), "n.txt")
    start, end, label = result.evidence_spans[0]
    assert result.text[start:end]
    assert ":" in label or label in {"asin", "order_id", "deadline", "in_error"}
