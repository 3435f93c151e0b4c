"""The case that started issue 12, rebuilt from generated exports: an inauthentic notice names an
ASIN the seller's exports do not hold (the complaints in them are about another ASIN). The
letter makes no claim about the absent ASIN's figures, and the checker refuses the old letter
that did."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from reinstate.analysis import analyze
from reinstate.check import CheckContext, check_letter
from reinstate.codes import Verdict
from reinstate.compose import CaseFacts, compose, confirmed_choices, facts_from
from reinstate.compose.claims import case_claims
from reinstate.demo import write_demo_data
from reinstate.notices import diagnose_text

ABSENT = "B0ZZZZZZ01"
NOTICE = f"""Hello,

Your Amazon seller account has been deactivated.

Why is this happening?
We received complaints from customers about the authenticity of items you listed. The sale of
counterfeit products is strictly prohibited (Amazon Anti-Counterfeiting Policy).

How do I reactivate my account?
Send invoices from your supplier issued in the last 365 days for the ASIN below.

ASIN: {ABSENT}
"""
TODAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    write_demo_data(folder, orders=1500, seed=11, today=TODAY)
    return folder


@pytest.fixture(scope="module")
def facts(exports: Path) -> CaseFacts:
    diagnosis = diagnose_text(NOTICE)
    report = analyze([exports], notice_asins=diagnosis.asins, notice_date=TODAY)
    return facts_from(diagnosis, report, {}, store_name="Brightway Home", today=TODAY)


def _other_complained_asin(facts: CaseFacts) -> tuple[str, int]:
    finding = next(f for f in facts.findings if f.code == "complaints_inauthentic")
    top = finding.asins[0]
    return top.asin, top.count


def test_the_letter_makes_no_data_claim_about_an_asin_the_exports_do_not_hold(
    facts: CaseFacts,
) -> None:
    other, count = _other_complained_asin(facts)
    letter = compose(facts).letter
    assert other not in letter
    assert not re.search(rf"\d[\d,]* buyer complaints about the authenticity of {ABSENT}", letter)
    assert f"{count} buyer complaints" not in letter
    # The root cause of unchecked stock was not chosen on another product's complaints alone.
    assert ABSENT in letter


def test_the_checker_refuses_the_old_letter_with_the_fact_it_contradicts(facts: CaseFacts) -> None:
    other, count = _other_complained_asin(facts)
    old = (
        "Root cause\n"
        f"Our returns and feedback contain {count} buyer complaints about the authenticity of "
        f"{ABSENT}.\n"
    )
    context = CheckContext(notice_asins=(ABSENT,), claims=case_claims(facts), grammar=False)
    report = check_letter(old, context)
    claim = next(f for f in report.findings if f.code.startswith("claim_"))
    assert claim.code == "claim_contradicted"
    assert old[claim.start : claim.end] == str(count)
    assert other in claim.fact
    assert report.verdict is not Verdict.READY


def test_suggested_actions_stay_marked_until_the_seller_confirms_them(facts: CaseFacts) -> None:
    draft = compose(facts)
    assert "[Suggested - confirm or remove]" in draft.letter
    report = check_letter(draft.letter, CheckContext(claims=case_claims(facts), grammar=False))
    assert "claim_unconfirmed" in report.codes
    confirmed = compose(facts, choices=confirmed_choices(draft))
    assert "[Suggested" not in confirmed.letter
    assert confirmed.suggested == ()


def test_the_command_line_holds_a_letter_against_notice_data_and_answers(
    exports: Path, facts: CaseFacts, tmp_path: Path
) -> None:
    other, count = _other_complained_asin(facts)
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "Root cause\n"
        f"Our returns and feedback contain {count} buyer complaints about the authenticity of "
        f"{ABSENT}. We bought the units from Ningbo Homeline Appliances Co., Ltd.\n",
        encoding="utf-8",
    )
    answers = tmp_path / "answers.yaml"
    answers.write_text("supplier_name: Yiwu Jiali Trading Co., Ltd.\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from reinstate.cli.main import run; run()",
            "check",
            str(letter),
            "--notice",
            str(notice),
            "--data",
            str(exports),
            "--answers",
            str(answers),
            "--json",
            "--no-grammar",
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    claims = {f["code"]: f for f in findings if f["code"].startswith("claim_")}
    assert claims["claim_contradicted"]["fact"].endswith(other)
    assert (
        "Ningbo Homeline"
        in letter.read_text()[
            claims["claim_unsupported"]["start"] : claims["claim_unsupported"]["end"]
        ]
    )
