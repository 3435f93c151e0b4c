"""A real-looking case for every category of the shipped knowledge base, composed end to end.

Structure and facts only, never frozen prose: the sections cite the case's ASINs and figures,
hold no Chinese and no brace, the mirror has a Chinese sentence for every English one, each root
cause has its own action and measure, and the same case gives the same letter.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from reinstate.compose import Appeal, KnowledgeBase, compose
from reinstate.compose.number import choose_number
from reinstate.compose.text import IDEOGRAPH_RE, has_chinese

from .case_files import case_path, load_case

KB = KnowledgeBase.default()
CATEGORIES = KB.category_codes()


def _sections(appeal: Appeal) -> str:
    return "\n".join(s.text for s in appeal.sections.values())


@pytest.fixture(scope="module", params=CATEGORIES)
def drafted(request: pytest.FixtureRequest) -> tuple[str, Appeal, dict[str, object]]:
    code: str = request.param
    assert case_path(code).is_file(), f"write a case fixture: {case_path(code)}"
    facts, raw = load_case(code)
    return code, compose(facts), raw


def test_it_cites_the_case_asins_and_figures(
    drafted: tuple[str, Appeal, dict[str, object]],
) -> None:
    code, appeal, raw = drafted
    sections = _sections(appeal)
    facts, _ = load_case(code)
    asins = facts.asins or tuple(facts.notice_fields.get("asins") or ())
    for asin in asins:
        assert asin in sections, f"{code}: {asin} is not in the form sections"
        assert asin in appeal.letter
    figures = raw.get("figures") or []
    assert figures, f"{code}: the case file names no figure to cite"
    for figure in figures:  # type: ignore[attr-defined]
        assert figure in sections, f"{code}: {figure!r} is not in the form sections"


def test_it_fills_every_slot(drafted: tuple[str, Appeal, dict[str, object]]) -> None:
    _code, appeal, _ = drafted
    assert "[TO FILL" not in appeal.letter, [q.id for q in appeal.open_questions]
    assert appeal.complete, [q.id for q in appeal.open_questions if not q.optional]


def test_it_keeps_chinese_and_braces_out_of_the_english(
    drafted: tuple[str, Appeal, dict[str, object]],
) -> None:
    code, appeal, _ = drafted
    for text in (appeal.letter, _sections(appeal)):
        assert not has_chinese(text), code
        assert "{" not in text
        assert "}" not in text


def test_it_mirrors_every_sentence(drafted: tuple[str, Appeal, dict[str, object]]) -> None:
    code, appeal, _ = drafted
    lines = [line for line in appeal.letter.splitlines() if line]
    assert len(appeal.mirror.pairs) == len(lines)
    for line, (en, zh) in zip(lines, appeal.mirror.pairs, strict=True):
        assert line.endswith(en)
        assert zh.strip(), f"{code}: no Chinese for {en!r}"
        words = re.findall(r"[A-Za-z]{3,}", en)
        if len(words) > 3:  # a sentence, not a name or a figure
            assert IDEOGRAPH_RE.search(zh), f"{code}: {zh!r} is not Chinese"


def test_it_answers_each_root_cause(drafted: tuple[str, Appeal, dict[str, object]]) -> None:
    code, appeal, _ = drafted
    causes = [o for o in appeal.options["root_causes"] if o.selected]
    assert causes
    for name in ("corrective_actions", "preventive_measures"):
        text = appeal.sections[name].text
        if len(causes) == 1:
            assert text.startswith("- "), f"{code}: {name} is empty"
            continue
        groups = re.split(r"^For root cause \d+ \(.*\):$", text, flags=re.M)[1:]
        assert len(groups) == len(causes), f"{code}: {name}"
        for group in groups:
            assert re.search(r"^- ", group, flags=re.M), f"{code}: a cause has no {name}"


def test_it_admits_once_and_commits_once(drafted: tuple[str, Appeal, dict[str, object]]) -> None:
    code, appeal, _ = drafted
    admissions = [o.text.en for o in appeal.options["admissions"]]
    commitments = [o.text.en for o in appeal.options["commitments"]]
    assert sum(appeal.letter.count(a) for a in admissions) == 1, code
    assert sum(appeal.letter.count(c) for c in commitments) == 1, code


def test_it_is_deterministic(drafted: tuple[str, Appeal, dict[str, object]]) -> None:
    code, appeal, _ = drafted
    again = compose(load_case(code)[0])
    assert json.dumps(again.to_json()) == json.dumps(appeal.to_json())


@pytest.mark.parametrize("code", CATEGORIES)
def test_it_writes_the_in_error_variant_where_it_applies(code: str) -> None:
    facts, _ = load_case(code)
    appeal = compose(dataclasses.replace(facts, in_error=True))
    admissions = [o.text.en for o in appeal.options["admissions"]]
    if KB.category(code).in_error.applies:
        assert appeal.in_error
        assert not any(a in appeal.letter for a in admissions)
        assert appeal.sections["corrective_actions"].text.startswith("The attached evidence")
    else:
        assert not appeal.in_error
        assert "in_error:not_applicable" in {q.id for q in appeal.open_questions}
    assert not has_chinese(appeal.letter)


@pytest.mark.parametrize("code", CATEGORIES)
def test_it_opens_a_listing_level_appeal(code: str) -> None:
    facts, _ = load_case(code)
    appeal = compose(dataclasses.replace(facts, scope="listing"))
    knowledge = KB.category(code)
    opening = appeal.sections["root_cause"].text.split("\n\n", 1)[0]
    if knowledge.listing_level is not None:
        counted = {"asin_list": len(facts.asins), "order_list": len(facts.order_ids)}
        template = choose_number(knowledge.listing_level.en, counted)
        assert opening.startswith(template.split("{", 1)[0].strip())
    else:
        assert opening.startswith("This appeal concerns the listings for")


def test_every_category_has_a_case_fixture() -> None:
    missing = [code for code in CATEGORIES if not case_path(code).is_file()]
    assert not missing, f"write case fixtures in tests/fixtures/cases/ for {missing}"


def test_the_letter_check_finds_nothing_serious(
    drafted: tuple[str, Appeal, dict[str, object]],
) -> None:
    from reinstate.check import CheckContext, check_letter

    code, appeal, _ = drafted
    facts, _ = load_case(code)
    context = CheckContext(
        notice_asins=facts.asins,
        notice_order_ids=facts.order_ids,
        known_figures=appeal.known_figures(),
        known_dates=appeal.known_dates(),
        grammar=False,
    )
    report = check_letter(appeal.letter, context)
    serious = [f"{f.code}: {appeal.letter[f.start : f.end]!r}" for f in report.findings]
    serious = [s for s, f in zip(serious, report.findings, strict=True) if f.severity != "low"]
    assert not serious, f"{code}: {serious}"


@pytest.mark.parametrize("in_error", [False, True], ids=["admitted", "in_error"])
@pytest.mark.parametrize("code", CATEGORIES)
def test_a_fluent_reviewer_finds_nothing_above_low_and_no_long_sentence(
    code: str, in_error: bool
) -> None:
    """The whole check, grammar (Harper) included, on the admitted and the in-error letter."""
    from reinstate.check import CheckContext, check_letter

    facts, _ = load_case(code, in_error=in_error)
    appeal = compose(facts)
    if in_error and not appeal.in_error:
        pytest.skip(f"{code} allows no dispute")
    context = CheckContext(
        notice_asins=facts.asins,
        notice_order_ids=facts.order_ids,
        known_figures=appeal.known_figures(),
        known_dates=appeal.known_dates(),
    )
    report = check_letter(appeal.letter, context)
    found = [
        f"{f.severity} {f.code}: {appeal.letter[f.start : f.end]!r}"
        for f in report.findings
        if f.severity != "low" or f.code == "language_long_sentence"
    ]
    assert not found, f"{code}: {found}"


def test_the_route_answer_chooses_the_in_error_appeal() -> None:
    facts, _ = load_case("ip_trademark")
    answers = {**facts.answers, "appeal_route": "dispute", "dispute_basis": "genuine_from_brand"}
    appeal = compose(dataclasses.replace(facts, answers=answers))
    assert appeal.in_error
    assert "Statement of compliance" in appeal.letter


def test_the_review_dispute_cites_the_sellers_own_report_of_one_case() -> None:
    from reinstate.check import CheckContext, check_letter

    facts, _ = load_case("review_manipulation", in_error=True)
    facts = dataclasses.replace(facts, answers={**facts.answers, "support_case_ids": "15839274610"})
    appeal = compose(facts)
    assert appeal.in_error
    assert "15839274610" in appeal.letter
    assert "cases 15839274610" not in appeal.letter  # one case is not "cases"
    report = check_letter(appeal.letter, CheckContext(notice_asins=facts.asins))
    assert "tone_other_case" not in report.codes


@pytest.mark.parametrize(
    ("coverage", "claims_all"), [("all", True), ("partly", False), ("none", False)]
)
def test_the_authenticity_dispute_says_what_the_invoices_cover(
    coverage: str, claims_all: bool
) -> None:
    facts, _ = load_case("inauthentic", in_error=True)
    answers = {**facts.answers, "invoices_cover_sales": coverage}
    appeal = compose(dataclasses.replace(facts, answers=answers))
    statement = appeal.sections["root_cause"].text
    assert ("all 1,840 units" in statement) is claims_all
    if coverage == "partly":
        assert "1,200 of the 1,840 units" in statement
    if coverage == "none":
        assert "invoices" not in statement.lower()
    assert "Shenzhen Hua Tech Trading Co., Ltd." in statement


def _one(code: str, **changes: object) -> str:
    """The letter of a case whose counted facts are changed (to 1)."""
    facts, _ = load_case(code, in_error=bool(changes.pop("in_error", False)))
    answers = {**facts.answers, **dict(changes.pop("answers", {}))}  # type: ignore[call-overload]
    facts = dataclasses.replace(facts, answers=answers, facts={**facts.facts, **changes})
    return compose(facts).letter


def test_one_counted_thing_takes_a_singular_verb() -> None:
    inauthentic = _one(
        "inauthentic", in_error=True, units_sold_365d=1, answers={"invoices_cover_sales": "all"}
    )
    assert "all 1,840 units" not in inauthentic
    assert "the 1 unit of B0C1234567 and B0C7654321 that we sold" in inauthentic
    assert not re.search(r"\b1 unit\b[^.]*\bwere bought", inauthentic, re.IGNORECASE)
    listing = _one("listing_policy", answers={"children_removed": 1})
    assert "1 child ASIN that was not a true variation" in listing
    odr = _one(
        "performance_odr",
        chargeback_count=1,
        answers={"defect_causes": ["chargebacks_unanswered"]},
    )
    assert re.search(r"1 chargeback was decided [^.]*counted as an order defect", odr), odr
