"""The rules are reviewed data with sources, stable codes and documentation."""

from __future__ import annotations

from pathlib import Path

from reinstate.codes import EvidenceRule
from reinstate.evidence import RULES, evidence_knowledge
from reinstate.knowledge.loader import load

CONTRACTS = Path(__file__).resolve().parents[3] / "docs" / "contracts.md"


def test_every_rule_has_a_stable_code_a_severity_and_a_source() -> None:
    assert set(RULES) == {rule.value for rule in EvidenceRule}
    for code, rule in evidence_knowledge().rules.items():
        assert rule.source, code


def test_every_threshold_names_its_source() -> None:
    thresholds = load("evidence")["thresholds"]
    assert thresholds["invoice_max_age_days"]["value"] == 365
    assert thresholds["bill_max_age_days"]["value"] == 90
    assert all(entry.get("source") for entry in thresholds.values())


def test_every_rule_code_is_documented_in_the_contracts() -> None:
    text = CONTRACTS.read_text(encoding="utf-8")
    assert "reinstate evidence check" in text
    assert [code for code in RULES if f"| `{code}` |" not in text] == []
