"""The rejection loop's core: what an answer of Amazon's asks for, against what the last letter
gave, and a revised letter whose new paragraphs answer each ask."""

from __future__ import annotations

import collections
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reinstate.check import CheckContext, check_letter
from reinstate.compose import KnowledgeBase, compose
from reinstate.compose.claims import case_claims
from reinstate.compose.gaps import MAX_CHARS, PreviousLetter, find_asks, gap_analysis
from reinstate.notices import diagnose_bytes
from tests.core.compose.case_files import load_case

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "corpus" / "notices"
ASKS = KnowledgeBase.default().reviewer_asks

AUTHENTICITY = (
    "We received your submission but do not have enough information to reactivate your account. "
    "To complete our review, please reply with: Copies of receipts or invoices. Your "
    "distributor's or supplier's contact information (name, phone number, address). "
    "-- Greater detail on the root cause of the complaints about the authenticity of your items."
)


def _codes(text: str, documents: tuple[str, ...] = (), **kwargs: object) -> list[str]:
    return [
        a.code for a in find_asks(text, documents, category=kwargs.pop("category", None), **kwargs)
    ]  # type: ignore[arg-type]


def test_it_reads_the_asks_from_the_answers_words_in_form_order() -> None:
    asks = find_asks(AUTHENTICITY, (), category="inauthentic")
    assert [a.code for a in asks] == ["root_cause_detail", "invoices", "supplier_contact"]
    assert all(a.source == "words" for a in asks)
    assert (
        asks[1].quote
        == "To complete our review, please reply with: Copies of receipts or invoices."
    )


def test_it_adds_the_documents_the_diagnosis_found() -> None:
    asks = find_asks(
        "Please send the documents.", ("utility_bill", "credit_card"), category="verification"
    )
    assert [(a.code, a.source) for a in asks] == [
        ("utility_bill", "documents"),
        ("credit_card", "documents"),
    ]


def test_a_bare_plan_of_action_request_asks_for_every_part_of_it() -> None:
    assert _codes("Send us a revised appeal.", ("plan_of_action",)) == [
        "root_cause_detail",
        "actions_detail",
        "prevention_detail",
    ]


def test_a_plan_of_action_request_with_narrower_words_asks_for_those_only() -> None:
    text = "Your plan is not complete. Explain how you will prevent late shipments in the future."
    assert _codes(text, ("plan_of_action",)) == ["prevention_detail"]


def test_the_in_error_ask_counts_only_after_a_letter_that_said_so() -> None:
    text = "Has your account been deactivated in error? If so, please tell us why."
    assert "in_error_explanation" not in _codes(text)
    assert "in_error_explanation" in _codes(text, in_error=True)


def test_a_bare_denial_gets_what_reviewers_ask_most_for_the_category() -> None:
    asks = find_asks(
        "We have decided not to reinstate your selling privileges.", (), category="verification"
    )
    # The three most frequent for the category (corpus: credit card twice, then the others),
    # in the order the letter answers them.
    assert {a.code for a in asks} == {"credit_card", "utility_bill", "business_license"}
    assert {a.source for a in asks} == {"category"}


def test_a_category_without_a_record_falls_back_to_the_three_parts() -> None:
    assert _codes("No.", category="pricing") == list(ASKS.fallback)


def test_it_reads_a_huge_answer_in_linear_time() -> None:
    import time

    text = "greater detail " * 400_000  # 6 MB, near-misses of a phrase everywhere
    start = time.perf_counter()
    find_asks(text, (), category="inauthentic")
    assert time.perf_counter() - start < 2
    assert len(text) > MAX_CHARS


def test_it_holds_each_ask_against_the_last_letter() -> None:
    previous = PreviousLetter(
        sections={"root_cause": "We bought from a wholesaler. We did not check the invoices."},
        attachments=("supplier_contact",),
        unconfirmed=2,
        number=3,
    )
    asks = find_asks(
        AUTHENTICITY + " Corrective actions have not been implemented.", (), category="inauthentic"
    )
    given = {g.ask: g for g in gap_analysis(asks, previous)}
    assert given["root_cause_detail"].given == "section"
    assert given["root_cause_detail"].given_sentences == 2
    assert given["invoices"].given == "not_in_letter"
    assert given["supplier_contact"].given == "listed"
    assert given["actions_implemented"].given == "unconfirmed"
    assert {g.given for g in gap_analysis(asks, None)} == {"no_letter"}


def test_a_gap_survives_json() -> None:
    [gap] = gap_analysis(find_asks("copies of invoices", (), category=None), None)
    assert type(gap).from_json(json.loads(json.dumps(gap.to_json()))) == gap


@pytest.mark.parametrize("category", ["inauthentic", "performance_late_shipment", "ip_trademark"])
def test_the_revised_letter_answers_each_ask_in_its_box_and_is_never_the_same(
    category: str,
) -> None:
    facts, _raw = load_case(category)
    before = compose(facts)
    asks = tuple(a.code for a in find_asks(AUTHENTICITY, ("plan_of_action",), category=category))
    after = compose(dataclasses.replace(facts, asks=asks))
    assert after.letter != before.letter
    assert after.answered == asks
    for code in asks:
        ask = ASKS.ask(code)
        assert ask.paragraph.en in after.sections[ask.section].text
        assert ask.paragraph.en not in before.letter
        # The Chinese mirror carries the paragraph's meaning beside it.
        assert (ask.paragraph.en, ask.paragraph.zh_hans) in after.mirror.pairs
    # A document Amazon asks for is listed among the attachments.
    assert (
        "Supplier invoices" in after.sections["corrective_actions"].text
        or "Supplier invoices" in after.letter
    )


def _context(facts: object, appeal: object) -> CheckContext:
    return CheckContext(
        grammar=True,
        notice_asins=facts.asins,  # type: ignore[attr-defined]
        notice_order_ids=facts.order_ids,  # type: ignore[attr-defined]
        known_figures=appeal.known_figures(),  # type: ignore[attr-defined]
        known_dates=appeal.known_dates(),  # type: ignore[attr-defined]
        form_limits={n: s.limit for n, s in appeal.sections.items()},  # type: ignore[attr-defined]
        in_error=appeal.in_error,  # type: ignore[attr-defined]
        claims=case_claims(facts),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("code", list(ASKS.asks))
def test_no_answer_paragraph_draws_a_finding_from_the_letter_check(code: str) -> None:
    """Each paragraph, added to a ready letter, leaves it ready with the same findings."""
    for in_error in (False, True):
        facts, _raw = load_case("listing_policy", in_error=in_error)
        if ASKS.ask(code).when == "in_error" and not in_error:
            continue
        before = compose(facts)
        revised_facts = dataclasses.replace(facts, asks=(code,))
        after = compose(revised_facts)
        report_before = check_letter(before.letter, _context(facts, before))
        report_after = check_letter(after.letter, _context(revised_facts, after))
        assert collections.Counter(f.code for f in report_after.findings) == collections.Counter(
            f.code for f in report_before.findings
        ), [(f.code, after.letter[f.start : f.end]) for f in report_after.findings]
        assert report_after.verdict == report_before.verdict


def _replies() -> dict[str, dict[str, object]]:
    found = {}
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            found[record["id"]] = record
    return found


def test_every_reply_the_knowledge_base_cites_makes_the_ask_it_is_cited_for() -> None:
    replies = _replies()
    assert ASKS.categories, "reviewer_asks.yaml records no category"
    for category, asks in ASKS.categories.items():
        for code, sources in asks:
            for reply in sources:
                record = replies[reply]
                assert record["kind"] == "reply"
                assert ASKS.replies[reply] == category
                text = str(record["text"])
                diagnosis = diagnose_bytes(text.encode(), "reply.txt")
                found = find_asks(text, diagnosis.requested_documents, category=None, in_error=True)
                assert code in [a.code for a in found if a.source != "category"], (
                    category,
                    code,
                    reply,
                )


def test_the_recorded_frequencies_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "reviewer_asks.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_answer_paragraph_has_both_chinese_scripts() -> None:
    from reinstate.compose.text import has_chinese

    for ask in ASKS.asks.values():
        assert not has_chinese(ask.paragraph.en)
        assert has_chinese(ask.paragraph.zh_hans)
        assert has_chinese(ask.paragraph.zh_hant)
        assert has_chinese(ask.label.zh_hans)
        assert has_chinese(ask.label.zh_hant)
