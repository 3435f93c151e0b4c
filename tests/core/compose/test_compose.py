"""The composer's rules on the fixture category (structure and facts, never frozen prose)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from reinstate.compose import Appeal, CaseFacts, Choices, KnowledgeBase, compose, confirmed_choices
from reinstate.compose.text import has_chinese
from reinstate.errors import InputError

from .cases import ASINS, FIXTURE_KB

Case = Callable[..., CaseFacts]


def _draft(kb: KnowledgeBase, facts: CaseFacts, **kwargs: Any) -> Appeal:
    return compose(facts, kb=kb, **kwargs)


def _confirmed(kb: KnowledgeBase, facts: CaseFacts) -> Appeal:
    """The draft after the seller confirmed the actions and measures it suggests."""
    return compose(facts, kb=kb, choices=confirmed_choices(compose(facts, kb=kb)))


def _lines(section: str) -> list[str]:
    return [line for line in section.splitlines() if line.startswith("- ")]


def test_it_cites_every_notice_asin_in_the_letter(kb: KnowledgeBase, case: Case) -> None:
    appeal = _draft(kb, case())
    for asin in ASINS:
        assert asin in appeal.letter
        assert (
            asin in appeal.sections["root_cause"].text + appeal.sections["corrective_actions"].text
        )


def test_it_writes_rates_with_their_numerator_and_denominator(
    kb: KnowledgeBase, case: Case
) -> None:
    root = _draft(kb, case()).sections["root_cause"].text
    # the worst window (30 days, 31 of 500) is the one cited
    assert "6.2% (31 of 500 orders)" in root
    assert "4 October 2026 to 2 November 2026" in root


def test_it_writes_dates_in_words(kb: KnowledgeBase, case: Case) -> None:
    appeal = _draft(kb, case())
    assert "5 November 2026" in appeal.sections["corrective_actions"].text
    assert "6 November 2026" in appeal.sections["preventive_measures"].text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", appeal.letter)


@pytest.mark.parametrize("lang", ["zh-hans", "zh-hant"])
def test_it_keeps_chinese_and_braces_out_of_the_english(
    kb: KnowledgeBase, case: Case, lang: str
) -> None:
    appeal = _draft(kb, case(), lang=lang)
    for text in [appeal.letter, *(s.text for s in appeal.sections.values())]:
        assert not has_chinese(text)
        assert "{" not in text
        assert "}" not in text


def test_it_mirrors_every_line_of_the_letter(kb: KnowledgeBase, case: Case) -> None:
    appeal = _draft(kb, case())
    letter_lines = [line for line in appeal.letter.splitlines() if line]
    assert len(appeal.mirror.pairs) == len(letter_lines)
    for line, (en, zh) in zip(letter_lines, appeal.mirror.pairs, strict=True):
        assert line.endswith(en)
        assert zh
        if en != "Brightpath Home":  # the signature is a name
            assert has_chinese(zh), en


def test_it_mirrors_in_traditional_chinese_on_request(kb: KnowledgeBase, case: Case) -> None:
    simplified = _draft(kb, case(), lang="zh-hans").mirror
    traditional = _draft(kb, case(), lang="zh-hant").mirror
    assert traditional.language == "zh-hant"
    assert [en for en, _ in simplified.pairs] == [en for en, _ in traditional.pairs]
    assert any("後" in zh or "發" in zh for _, zh in traditional.pairs)
    assert simplified.pairs != traditional.pairs


def test_it_refuses_an_unknown_mirror_language(kb: KnowledgeBase, case: Case) -> None:
    with pytest.raises(InputError, match="zh-hans or zh-hant"):
        _draft(kb, case(), lang="ja")


def test_it_picks_root_causes_the_evidence_supports(kb: KnowledgeBase, case: Case) -> None:
    options = _draft(kb, case()).options["root_causes"]
    chosen = [o.id for o in options if o.selected]
    # a finding and an answer support batch_confirmation, an answer stock_shortage
    assert chosen == ["batch_confirmation", "stock_shortage"]
    evidence = {o.id: o.evidence for o in options}
    assert "finding:late_shipments" in evidence["batch_confirmation"]
    assert "answer:late_cause=stock_shortage" in evidence["stock_shortage"]
    assert evidence["single_pickup"] == ()


def test_it_falls_back_to_the_default_root_cause_without_evidence(
    kb: KnowledgeBase, case: Case
) -> None:
    answers = {"action_date": "2026-11-05", "start_date": "2026-11-06"}
    appeal = _draft(kb, case(findings=(), answers=answers))
    assert [o.id for o in appeal.options["root_causes"] if o.selected] == ["batch_confirmation"]


def test_it_gives_each_root_cause_its_own_action_and_prevention(
    kb: KnowledgeBase, case: Case
) -> None:
    appeal = _draft(kb, case())
    for name in ("corrective_actions", "preventive_measures"):
        text = appeal.sections[name].text
        groups = re.split(r"^For root cause \d+ \(.*\):$", text, flags=re.M)[1:]
        assert len(groups) == 2, text
        assert all(_lines(group) for group in groups)
    actions = [o.id for o in appeal.options["corrective_actions"] if o.selected]
    assert "confirm_at_label" in actions
    assert "stock_synced" in actions


def test_it_refers_back_when_a_cause_has_no_action_of_its_own(
    kb: KnowledgeBase, case: Case
) -> None:
    picks = Choices(
        root_causes=("batch_confirmation", "single_pickup"), actions=("confirm_at_label",)
    )
    text = _draft(kb, case(), choices=picks).sections["corrective_actions"].text
    assert "The corrective actions under root cause 1 also resolved this cause." in text
    assert text.count("we connected our label printing") == 1


def test_it_writes_corrective_actions_in_the_past_with_a_date(
    kb: KnowledgeBase, case: Case
) -> None:
    text = _confirmed(kb, case()).sections["corrective_actions"].text
    actions, asins = text.split("\nASINs and orders under review\n")
    for line in _lines(actions):
        assert line.startswith("- On 5 November 2026, we "), line
    assert all(asin in asins for asin in ASINS)  # the box names every ASIN too


def test_it_writes_preventive_measures_as_processes_in_place(kb: KnowledgeBase, case: Case) -> None:
    text = _confirmed(kb, case()).sections["preventive_measures"].text
    lines = _lines(text)
    assert lines
    assert all(line.startswith("- Since 6 November 2026, ") for line in lines)
    assert "we will" not in text.lower()


def test_it_admits_the_fault_exactly_once(kb: KnowledgeBase, case: Case) -> None:
    appeal = _draft(kb, case())
    admissions = [o.text.en for o in appeal.options["admissions"]]
    assert sum(appeal.letter.count(a) for a in admissions) == 1
    assert sum(o.selected for o in appeal.options["admissions"]) == 1


def test_it_closes_with_one_sentence_of_commitment(kb: KnowledgeBase, case: Case) -> None:
    appeal = _draft(kb, case())
    commitments = [o.text.en for o in appeal.options["commitments"]]
    assert sum(appeal.letter.count(c) for c in commitments) == 1
    assert appeal.letter.rstrip().endswith("Sincerely,\nBrightpath Home")


def test_it_does_not_introduce_the_business(kb: KnowledgeBase, case: Case) -> None:
    letter = _draft(kb, case()).letter.lower()
    for phrase in ("we are a", "our company was founded", "we have been selling", "since 20"):
        assert phrase not in letter


def test_it_includes_a_concrete_operating_plan(kb: KnowledgeBase, case: Case) -> None:
    letter = _draft(kb, case()).letter
    plan = letter.split("Operating plan\n", 1)[1].split("\n\n", 1)[0]
    assert len(_lines(plan)) >= 3
    assert "Brightpath Home" in plan


def test_it_follows_the_sellers_picks(kb: KnowledgeBase, case: Case) -> None:
    picks = Choices(
        root_causes=("single_pickup",),
        admission="our_mistake",
        commitment="records_kept",
        operating_plan=("target_kept",),
    )
    appeal = _draft(kb, case(), choices=picks)
    assert "one daily pickup by UPS" in appeal.sections["root_cause"].text
    assert "The problem was our mistake" in appeal.letter
    assert "we keep the records that show these controls at work" in appeal.letter
    assert [o.id for o in appeal.options["operating_plan"] if o.selected] == ["target_kept"]


def test_it_rejects_an_unknown_pick(kb: KnowledgeBase, case: Case) -> None:
    with pytest.raises(InputError, match="warp_drive"):
        _draft(kb, case(), choices=Choices(root_causes=("warp_drive",)))


def test_it_is_deterministic(kb: KnowledgeBase, case: Case) -> None:
    first = json.dumps(_draft(kb, case()).to_json(), sort_keys=False)
    second = json.dumps(_draft(kb, case()).to_json(), sort_keys=False)
    assert first == second


def test_it_varies_the_admission_between_stores_but_not_between_runs(
    kb: KnowledgeBase, case: Case
) -> None:
    picked = {
        next(o.id for o in _draft(kb, case(store_name=name)).options["admissions"] if o.selected)
        for name in ("Brightpath Home", "Kestrel Goods", "Lotus Lane", "Harbour & Pine", "Nimbu")
    }
    assert len(picked) > 1


def test_it_marks_a_missing_answer_and_asks_for_it(kb: KnowledgeBase, case: Case) -> None:
    answers = {k: v for k, v in case().answers.items() if k != "action_date"}
    appeal = _draft(kb, case(answers=answers))
    assert "[TO FILL: date the corrective actions were completed]" in appeal.letter
    question = next(q for q in appeal.open_questions if q.id == "answer:action_date")
    assert question.question == "action_date"
    assert "corrective_actions" in question.parts
    assert "【待填写：纠正措施完成的日期】" in " ".join(zh for _, zh in appeal.mirror.pairs)
    assert not appeal.complete


def test_it_uses_the_fallback_wording_when_it_can(kb: KnowledgeBase, case: Case) -> None:
    answers = {k: v for k, v in case().answers.items() if k != "carrier_name"}
    picks = Choices(root_causes=("batch_confirmation",), actions=("second_pickup",))
    appeal = _draft(kb, case(answers=answers), choices=picks)
    text = appeal.sections["corrective_actions"].text
    assert "a second daily pickup at 17:00 with our carrier" in text
    assert "[TO FILL" not in text
    assert any(q.id == "answer:carrier_name" for q in appeal.open_questions)


def test_it_never_pastes_a_chinese_answer_into_the_letter(kb: KnowledgeBase, case: Case) -> None:
    answers = {**case().answers, "carrier_name": "顺丰速运"}
    appeal = _draft(kb, case(answers=answers), choices=Choices(root_causes=("single_pickup",)))
    assert not has_chinese(appeal.letter)
    assert "[TO FILL: carrier]" in appeal.letter
    kinds = {q.id: q.kind for q in appeal.open_questions}
    assert kinds["untranslated:carrier_name"] == "untranslated"


def test_it_flags_an_untranslated_answer_even_when_the_letter_does_not_use_it(
    kb: KnowledgeBase, case: Case
) -> None:
    answers = {**case().answers, "carrier_name": "顺丰"}
    appeal = _draft(kb, case(answers=answers))
    assert "untranslated:carrier_name" in {q.id for q in appeal.open_questions}


def test_it_marks_a_machine_written_answer_for_review(kb: KnowledgeBase, case: Case) -> None:
    answers = {**case().answers, "carrier_name": {"value": "DHL Express", "machine_written": True}}
    appeal = _draft(kb, case(answers=answers), choices=Choices(root_causes=("single_pickup",)))
    assert "DHL Express" in appeal.letter
    used = {f["slot"]: f for f in appeal.to_json()["facts_used"]}
    assert used["carrier_name"]["machine_written"] is True
    assert "machine_written:carrier_name" in {q.id for q in appeal.open_questions}


def test_it_writes_the_deactivated_in_error_variant(kb: KnowledgeBase, case: Case) -> None:
    appeal = _confirmed(kb, case(in_error=True))
    admissions = [o.text.en for o in appeal.options["admissions"]]
    assert appeal.in_error
    assert not any(a in appeal.letter for a in admissions)
    assert "Statement of compliance" in appeal.letter
    assert "112-3456789-1234567 and 112-7654321-7654321" in appeal.sections["root_cause"].text
    evidence = appeal.sections["corrective_actions"].text
    assert "1. Carrier first-scan records" in evidence
    assert "2. Order report" in evidence
    assert appeal.sections["preventive_measures"].text.startswith("- Since 6 November 2026")


def test_it_lets_the_seller_keep_only_some_evidence(kb: KnowledgeBase, case: Case) -> None:
    appeal = _draft(kb, case(in_error=True), choices=Choices(evidence=("evidence_2",)))
    evidence = appeal.sections["corrective_actions"].text
    assert "Carrier first-scan" not in evidence
    assert "1. Order report" in evidence


def test_it_opens_a_listing_level_appeal(kb: KnowledgeBase, case: Case) -> None:
    root = _draft(kb, case(scope="listing")).sections["root_cause"].text
    assert root.startswith(
        "This appeal concerns the seller-fulfilled offers of B0C1234567, B0C7654321 and "
        "B0D2468101, which were deactivated on 3 November 2026."
    )


def test_it_lists_the_requested_and_the_required_documents(kb: KnowledgeBase, case: Case) -> None:
    appeal = _draft(kb, case())
    codes = {a.code: a for a in appeal.attachments}
    assert codes["order_information"].requested
    assert codes["order_information"].in_letter
    assert codes["tracking_information"].required
    assert codes["tracking_information"].in_letter
    assert not codes["plan_of_action"].in_letter  # the letter is the plan
    attachments = appeal.letter.split("Attachments\n", 1)[1]
    assert "1. Order details of the affected orders" in attachments
    assert "2. Tracking information and proof of delivery" in attachments


def test_it_addresses_every_asin_with_its_own_line(kb: KnowledgeBase, case: Case) -> None:
    letter = _draft(kb, case()).letter
    block = letter.split("ASINs and orders under review\n", 1)[1].split("\n\nOperating plan", 1)[0]
    assert "112-3456789-1234567 and 112-7654321-7654321" in block  # the notice's orders
    assert "This plan covers the 3 ASINs named in the notice." in block
    assert "- B0C1234567: 19 affected orders" in block
    assert "- B0C7654321: 12 affected orders" in block
    assert "- B0D2468101: every action and measure above applies to it." in block


def test_it_repeats_a_per_asin_sentence_for_every_asin(kb: KnowledgeBase, case: Case) -> None:
    text = _draft(kb, case()).sections["corrective_actions"].text
    for asin in ASINS:
        assert f"we set the available quantity of {asin} to the units" in text


def test_it_counts_characters_against_the_form_limit(kb: KnowledgeBase, case: Case) -> None:
    appeal = _draft(kb, case())
    for section in appeal.sections.values():
        assert section.chars == len(section.text)
        assert section.limit == kb.common.form_limits.limits["root_cause"]
        assert not section.over_limit


def test_it_gives_the_draft_contract_as_json(kb: KnowledgeBase, case: Case) -> None:
    data = json.loads(json.dumps(_draft(kb, case()).to_json()))
    assert set(data) >= {
        "sections",
        "letter",
        "mirror",
        "facts_used",
        "open_questions",
        "attachments",
    }
    assert set(data["sections"]) == {"root_cause", "corrective_actions", "preventive_measures"}
    assert data["mirror"]["language"] == "zh-hans"
    assert {"en", "zh"} <= set(data["mirror"]["pairs"][0])
    used = {f["slot"]: f for f in data["facts_used"]}
    assert used["late_shipment_rate"]["value"] == "6.2% (31 of 500 orders)"
    assert used["late_shipment_rate"]["source"] == "fact:late_shipment_rate"
    assert used["asin_list"]["raw"] == list(ASINS)


def test_it_leaves_out_reference_lines_it_cannot_fill(kb: KnowledgeBase, case: Case) -> None:
    letter = _draft(kb, case(store_name=None, marketplace=None)).letter
    assert "Store:" not in letter
    assert "Marketplace:" not in letter
    assert "[TO FILL: store name]" in letter  # in the sentences that need it


def test_it_hands_its_figures_and_dates_to_the_letter_check(kb: KnowledgeBase, case: Case) -> None:
    from datetime import date

    appeal = _draft(kb, case())
    assert appeal.known_figures()["late_shipment_rate"] == "6.2%"
    assert appeal.known_figures()["late_orders"] == "31"
    days = appeal.known_dates()
    assert date(2026, 11, 5) in days  # the answer's date
    assert date(2026, 10, 4) in days  # the metric's window


def test_it_writes_a_plain_rate_with_the_counts_its_slot_names(kb: KnowledgeBase) -> None:
    from reinstate.compose.model import SlotDecl
    from reinstate.compose.slots import Resolver, Value
    from reinstate.compose.text import Text

    from .cases import late_shipment_case

    facts = late_shipment_case(
        facts={"late_shipment_rate_10d": 0.0533, "late_orders_10d": 9, "total_orders_10d": 169}
    )
    resolver = Resolver(kb, kb.category("performance_late_shipment"), facts)
    decl = SlotDecl(
        "rate_10d",
        "fact:late_shipment_rate_10d",
        "percent",
        numerator="late_orders_10d",
        denominator="total_orders_10d",
        unit=Text("orders", "笔订单", "筆訂單"),
    )
    value = resolver._fact(decl, None)
    assert isinstance(value, Value)
    assert value.text.en == "5.33% (9 of 169 orders)"
    assert value.text.zh_hans == "5.33%（9/169 笔订单）"


def _kb_with_limit(tmp_path: Path, limit: int) -> KnowledgeBase:
    """The fixture category with a smaller corrective-actions box."""
    common = copy.deepcopy(KnowledgeBase.default().raw_common)
    common["form_limits"]["corrective_actions"] = limit
    (tmp_path / "categories").mkdir()
    (tmp_path / "common.yaml").write_text(yaml.safe_dump(common, allow_unicode=True), "utf-8")
    source = FIXTURE_KB / "categories" / "performance_late_shipment.yaml"
    (tmp_path / "categories" / source.name).write_text(source.read_text("utf-8"), "utf-8")
    return KnowledgeBase.from_directory(tmp_path)


def test_it_leaves_out_extra_actions_to_fit_the_form(tmp_path: Path, case: Case) -> None:
    small = _kb_with_limit(tmp_path, 900)
    picks = Choices(root_causes=("batch_confirmation", "single_pickup"))
    full = compose(case(), kb=KnowledgeBase.from_directory(FIXTURE_KB), choices=picks)
    fitted = compose(case(), kb=small, choices=picks)
    assert full.sections["corrective_actions"].chars > 900
    assert fitted.sections["corrective_actions"].chars < full.sections["corrective_actions"].chars
    groups = re.split(
        r"^For root cause \d+ \(.*\):$", fitted.sections["corrective_actions"].text, flags=re.M
    )
    assert all(_lines(group.split("ASINs and orders")[0]) for group in groups[1:])


def test_it_keeps_the_actions_the_seller_picked_even_when_long(tmp_path: Path, case: Case) -> None:
    small = _kb_with_limit(tmp_path, 300)
    picks = Choices(actions=("confirm_at_label", "reviewed_late_orders", "stock_synced"))
    appeal = compose(case(), kb=small, choices=picks)
    assert appeal.sections["corrective_actions"].over_limit
    assert appeal.to_json()["sections"]["corrective_actions"]["over_limit"] is True


def test_it_marks_every_action_and_measure_the_seller_has_not_confirmed(
    kb: KnowledgeBase, case: Case
) -> None:
    draft = _draft(kb, case())
    for section in ("corrective_actions", "preventive_measures"):
        lines = _lines(draft.sections[section].text.split("\nASINs")[0])
        assert lines
        assert all(line.startswith("- [Suggested - confirm or remove] ") for line in lines)
    assert draft.suggested
    assert not draft.complete
    assert draft.to_json()["unconfirmed"] == list(draft.suggested)


def test_a_confirmed_or_picked_action_is_stated_without_a_mark(
    kb: KnowledgeBase, case: Case
) -> None:
    draft = _draft(kb, case())
    first = draft.suggested[0].partition(":")[2]
    kept = compose(case(), kb=kb, choices=Choices(confirmed=(first,)))
    assert f"actions:{first}" not in kept.suggested
    assert len(kept.suggested) == len(draft.suggested) - 1
    confirmed = _confirmed(kb, case())
    assert "[Suggested" not in confirmed.letter
    assert confirmed.suggested == ()
