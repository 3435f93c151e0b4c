"""Every answer of every questionnaire reaches the letter, or the knowledge base says why not.

For each category (its case file in tests/fixtures/cases, with an answer for every question of
`reinstate.compose.questionnaire`), the letter is composed once per choice of every choice
question: the admitted letter and, where the category allows a dispute, the "deactivated in
error" letter. Then:

- a text, date, number or ASIN answer appears in the letter, written as the letter writes it
  ("6 November 2026", "1,200"), whatever the other answers are: a seller who answers "brand
  owner" instead of "wholesaler" still gets a letter naming the supplier and the invoices;
- choosing another choice of a choice question changes the letter (the choices of one question
  give pairwise different letters);
- otherwise the question (or the choice) carries ``reaches_letter`` (``false``, ``admitted`` or
  ``disputed``) with a reviewed ``why`` in the three languages (docs/knowledge-base.md), and the
  reason is true: an answer said to stay out of a letter does stay out of it.

`landings(code)` gives, for each question, the letter parts where its answer lands (a report
for the knowledge-base writers: ``python -c "from tests.core.compose.test_answers_reach_letter
import report; print(report())"``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from functools import cache
from typing import Any

import pytest

from reinstate.compose import Appeal, CaseFacts, KnowledgeBase, compose, questionnaire
from reinstate.compose.formatting import format_date, format_int
from reinstate.compose.schema import Checker

from .case_files import load_case

KB = KnowledgeBase.default()
CATEGORIES = KB.category_codes()
ROUTE = "appeal_route"
VALUE_TYPES = ("text", "number", "date", "asins")
LETTERS = ("admitted", "disputed")

# Answers for the few questions the case files leave open, so that every question is walked.
EXTRA_ANSWERS: dict[str, Any] = {
    "document_type": "supplier_invoice",
    "document_issuer": "Harbin Lighting Test Centre",
    "editor_role": "employee",
    "supplier_name": "Kestrel Audio Supply Ltd",
    "repricer_name": "PriceWeaver",
    "relationship_end_date": date(2025, 9, 30),
    "registration_number": "EPA Reg. No. 71004-2",
    "service_name": "ReviewBoost Pro",
    "service_end_date": date(2026, 5, 31),
    "interview_date": date(2026, 3, 2),
}


# common.yaml (the composer's file) records no `reaches_letter` yet; until it does, the common
# questions' reasons stand here, in the same form (a field in common.yaml wins).
COMMON_REACH: dict[str, dict[str, Any]] = {
    "action_date": {
        "reaches_letter": "admitted",
        "why": {
            "en": "A dispute shows compliance and lists no corrective actions, so it has no "
            "action date.",
            "zh-hans": "申诉「被误封」时只证明合规，不列纠正措施，所以用不到措施日期。",
            "zh-hant": "申訴「被誤封」時只證明合規，不列糾正措施，所以用不到措施日期。",
        },
    },
}


Changes = tuple[tuple[str, Any], ...]  # (question id, answer) pairs applied to the case


@dataclasses.dataclass(frozen=True)
class Walk:
    """One category's case, questions and where ``reaches_letter`` lets each answer go."""

    code: str
    facts: CaseFacts
    answers: Mapping[str, Any]
    questions: tuple[Any, ...]  # reinstate.compose.Question, in questionnaire order
    raw: Mapping[str, Mapping[str, Any]]  # question id -> its knowledge-base mapping
    letters: tuple[str, ...]  # the letters this category writes

    def question(self, ident: str) -> Any:
        return next(q for q in self.questions if q.id == ident)

    def reach(self, ident: str) -> tuple[str, ...]:
        """The letters the question's answer must reach (``reaches_letter``), among those it
        is asked for."""
        value = self.raw[ident].get("reaches_letter", True)
        if value is True:
            letters = self.letters
        elif value is False:
            letters = ()
        else:
            letters = tuple(k for k in self.letters if k == value)
        return tuple(k for k in letters if k in self.asked(ident))

    def asked(self, ident: str) -> tuple[str, ...]:
        """The letters the question is asked for: all, unless every alternative of its
        ``applies_when`` names the route ("If you dispute: ...")."""
        routes = [alt.get(ROUTE) for alt in self.conditions(ident)]
        if routes and all(r is not None for r in routes):
            return tuple(k for k in self.letters if any(ROUTE_VALUE[k] in r for r in routes if r))
        return self.letters

    def conditions(self, ident: str) -> list[dict[str, tuple[str, ...]]]:
        """``applies_when``: the answers under which the question is asked at all, as
        alternatives (a list of mappings) each of which needs all its answers."""
        raw = self.raw[ident].get("applies_when") or {}
        alternatives = raw if isinstance(raw, list) else [raw]
        return [
            {str(k): tuple(str(v) for v in values) for k, values in alt.items()}
            for alt in alternatives
        ]

    def exempt_choices(self, ident: str) -> set[str]:
        choices = self.raw[ident].get("choices") or ()
        return {str(c["value"]) for c in choices if c.get("reaches_letter", True) is False}

    def setup(self, ident: str, letter: str) -> Changes:
        """The changes that make ``ident``'s condition hold: none when the case's answers
        already meet one alternative, else the first choices of the first alternative that
        this letter can meet."""
        answers = answers_for(self, letter, ())
        if self.holds(ident, answers):
            return ()
        for alt in self.conditions(ident):
            if ROUTE in alt and ROUTE_VALUE[letter] not in alt[ROUTE]:
                continue
            return tuple(
                (other, _choice_value(self.question(other), wanted[0]))
                for other, wanted in alt.items()
                if other != ROUTE and not set(_values(answers.get(other))) & set(wanted)
            )
        return ()

    def holds(self, ident: str, answers: Mapping[str, Any]) -> bool:
        return any(
            all(set(_values(answers.get(other))) & set(wanted) for other, wanted in alt.items())
            for alt in self.conditions(ident)
        )


ROUTE_VALUE = {"admitted": "admit", "disputed": "dispute"}


def _values(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, list | tuple):
        return tuple(str(v) for v in raw)
    return (str(raw),)


@cache
def walk(code: str) -> Walk:
    facts, case = load_case(code)
    answers = dict(case.get("answers") or {})
    for key, value in (case.get("in_error_answers") or {}).items():
        answers.setdefault(key, value)
    questions = tuple(questionnaire(code, facts, "zh-hans"))
    for q in questions:
        if q.id not in answers and q.id in EXTRA_ANSWERS:
            answers[q.id] = EXTRA_ANSWERS[q.id]
    knowledge = KB.raw_category(code)
    raw = {
        str(q["id"]): {**COMMON_REACH.get(str(q["id"]), {}), **q}
        for q in KB.raw_common.get("questions") or ()
    }
    raw.update({str(q["id"]): q for q in knowledge.get("questions") or ()})
    disputable = bool((knowledge.get("in_error") or {}).get("applies"))
    letters = LETTERS if disputable else ("admitted",)
    answers = _telling(facts, questions, answers, letters)
    return Walk(code, facts, answers, questions, raw, letters)


def _telling(
    facts: CaseFacts,
    questions: Sequence[Any],
    answers: dict[str, Any],
    letters: Sequence[str],
) -> dict[str, Any]:
    """The answers, each value changed (a day or a unit later) until its written form appears
    in no letter composed without it and in no other answer: a case file that gives the same
    date for the action and the contact with the rights owner would otherwise prove nothing."""
    route = any(q.id == ROUTE for q in questions)
    taken: set[str] = set()
    for q in questions:
        if q.type not in ("date", "number") or q.id not in answers:
            continue
        without = {k: v for k, v in answers.items() if k != q.id}
        texts = []
        for letter in letters:
            if route:
                without[ROUTE] = ROUTE_VALUE[letter]
            replaced = dataclasses.replace(facts, answers=without, in_error=letter == "disputed")
            texts.append(compose(replaced).letter)
        value = answers[q.id]
        for _ in range(60):
            shown = written(q, value)[0]
            if shown not in taken and not any(_mentions(t, shown) for t in texts):
                break
            value = _next(q, value)
        answers[q.id] = value
        taken.add(written(q, value)[0])
    return answers


MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"


def _mentions(letter: str, shown: str) -> bool:
    """``shown`` stands in ``letter`` as a whole figure or date, not inside a longer one."""
    pattern = rf"(?<!\w)(?<!\d[,.]){re.escape(shown)}(?!\w|[,.]\d| {MONTH})"
    return re.search(pattern, letter) is not None


def _next(question: Any, value: Any) -> Any:
    if question.type == "date":
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
        return day - timedelta(days=1)
    return int(value) + 1


def answers_for(w: Walk, letter: str, changes: Changes) -> dict[str, Any]:
    """The case's answers for a letter of kind ``letter``, with ``changes`` applied."""
    answers = dict(w.answers)
    if any(q.id == ROUTE for q in w.questions):
        answers[ROUTE] = ROUTE_VALUE[letter]
    for question, value in changes:
        answers[question] = list(value) if isinstance(value, tuple) else value
    return answers


@cache
def _appeal(code: str, letter: str, changes: Changes = ()) -> Appeal:
    """The case's appeal of kind ``letter`` with ``changes`` to its answers."""
    w = walk(code)
    answers = answers_for(w, letter, changes)
    # The route question chooses the letter by itself; elsewhere the flag asks for a dispute.
    disputed = letter == "disputed" and ROUTE not in dict(changes)
    return compose(dataclasses.replace(w.facts, answers=answers, in_error=disputed))


def _choice_value(question: Any, value: str) -> Any:
    return (value,) if question.type == "multi" else value


def _variations(w: Walk) -> Iterator[tuple[str, Any] | None]:
    """The case as it is, then every choice of every choice question but the route."""
    yield None
    for q in w.questions:
        if q.choices and q.id != ROUTE:
            for choice in q.choices:
                yield q.id, _choice_value(q, choice.value)


def written(question: Any, value: Any) -> list[str]:
    """How an answer is written in the letter."""
    if question.type == "date":
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
        return [format_date(day, "en")]
    if question.type == "number":
        return [format_int(value)]
    if question.type == "asins":
        return [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
    return [str(value).strip()]


def _found(text: str, letter: str) -> bool:
    if re.fullmatch(r"[\d,]+|\d{1,2} [A-Z][a-z]+ \d{4}", text):
        return _mentions(letter, text)  # "14" is not found in "14 November 2026"
    return text in letter or (text.endswith(".") and text[:-1] in letter)


def _parts_with(appeal: Appeal, texts: Sequence[str]) -> list[str]:
    pairs = zip(appeal.mirror.parts, appeal.mirror.pairs, strict=True)
    hits = [part for part, (en, _zh) in pairs if any(_found(t, en) for t in texts)]
    return list(dict.fromkeys(hits))


def _walked() -> list[tuple[str, str]]:
    return [(code, q.id) for code in CATEGORIES for q in walk(code).questions]


WALKED = _walked()


def test_every_question_has_an_answer_in_the_walk() -> None:
    open_ = [f"{code}.{q}" for code, q in WALKED if q not in walk(code).answers]
    assert not open_, f"give these questions an answer (case file or EXTRA_ANSWERS): {open_}"


@pytest.mark.parametrize(("code", "ident"), WALKED, ids=[f"{c}.{q}" for c, q in WALKED])
def test_each_answer_reaches_the_letter_or_says_why_not(code: str, ident: str) -> None:
    w = walk(code)
    question = w.question(ident)
    if question.type in VALUE_TYPES:
        _value_reaches(w, question)
    else:
        _choice_changes(w, question)


def _value_reaches(w: Walk, question: Any) -> None:
    texts = written(question, w.answers[question.id])
    must = w.reach(question.id)
    for letter in w.asked(question.id):
        setup = w.setup(question.id, letter)
        if letter not in must:
            # The recorded reason must be true: the answer stays out of this letter.
            appeal = _appeal(w.code, letter, setup)
            assert not any(_found(t, appeal.letter) for t in texts), (
                f"{w.code}.{question.id}: `reaches_letter` says it stays out of the {letter} "
                f"letter, but {texts} is there: update `reaches_letter`"
            )
            continue
        missing: list[str] = []
        for change in _variations(w):
            changes = setup + ((change,) if change else ())
            if not w.holds(question.id, answers_for(w, letter, changes)):
                continue  # the question is not asked with this answer
            if not all(_found(t, _appeal(w.code, letter, changes).letter) for t in texts):
                missing.append("as answered" if change is None else f"{change[0]}={change[1]}")
        assert not missing, (
            f"{w.code}.{question.id}: {texts} is not in the {letter} letter when "
            f"{', '.join(missing)} (put the slot in a sentence every such letter has, with a "
            f"fallback, or record `reaches_letter` and `why`)"
        )


def _choice_changes(w: Walk, question: Any) -> None:
    exempt = w.exempt_choices(question.id)
    values = [c.value for c in question.choices]
    unknown = exempt - set(values)
    assert not unknown, unknown
    # The route question chooses between the two letters: compare what it writes.
    letters = ("admitted",) if question.id == ROUTE else w.reach(question.id)
    for letter in letters:
        setup = () if question.id == ROUTE else w.setup(question.id, letter)
        by_choice = {
            v: _appeal(w.code, letter, (*setup, (question.id, _choice_value(question, v)))).letter
            for v in values
        }
        kept = [v for v in values if v not in exempt]
        same = [
            f"{a}={b}"
            for i, a in enumerate(kept)
            for b in kept[i + 1 :]
            if by_choice[a] == by_choice[b]
        ]
        assert not same, (
            f"{w.code}.{question.id}: the {letter} letter is the same for {', '.join(same)} "
            f"(make the choices change the letter, or mark a choice `reaches_letter: false` "
            f"with `why`)"
        )
        for value in sorted(exempt):
            twins = [v for v in values if v != value and by_choice[v] == by_choice[value]]
            assert twins, (
                f"{w.code}.{question.id}={value}: marked `reaches_letter: false`, yet it "
                f"changes the {letter} letter: remove the mark"
            )
    if w.raw[question.id].get("reaches_letter", True) is not False:
        return  # (a choice may still pick the controls of a dispute: no stricter check)
    for letter in w.letters:
        # The recorded reason must be true: no choice changes any letter.
        setup = w.setup(question.id, letter)
        distinct = {
            _appeal(w.code, letter, (*setup, (question.id, _choice_value(question, v)))).letter
            for v in values
        }
        assert len(distinct) == 1, (
            f"{w.code}.{question.id}: `reaches_letter` says it stays out of the {letter} "
            f"letter, yet its choices change it: update `reaches_letter`"
        )


@pytest.mark.parametrize("code", CATEGORIES)
def test_the_reasons_are_reviewed_texts(code: str) -> None:
    """``reaches_letter`` and ``why`` follow the schema (the check of compose.schema)."""
    check = Checker(KB.raw_slots, {}, None)
    w = walk(code)
    for ident, raw in w.raw.items():
        if ident not in {q.id for q in w.questions}:
            continue
        check.reach(raw, f"questions.{ident}")
        for index, choice in enumerate(raw.get("choices") or ()):
            check.reach(choice, f"questions.{ident}.choices[{index}]", choice=True)
        if raw.get("reaches_letter") == "disputed" and "disputed" not in w.letters:
            check.add("schema", f"questions.{ident}", "this category writes no dispute")
    assert not [str(p) for p in check.problems]


def test_the_reasons_are_checked_and_can_fail() -> None:
    check = Checker({}, {}, None)
    check.reach({"reaches_letter": "sometimes"}, "q1")
    check.reach({"reaches_letter": False}, "q2")
    check.reach({"reaches_letter": "admitted", "why": {"en": "Only the admission."}}, "q3")
    check.reach({"reaches_letter": "admitted"}, "q4", choice=True)
    check.reach({"why": {"en": "x", "zh-hans": "x", "zh-hant": "x"}}, "q5")
    assert [p.path for p in check.problems] == ["q1", "q2", "q3.why", "q3.why", "q4", "q5"]


def test_a_missing_answer_is_noticed() -> None:
    """The walk fails a letter that drops an answer: the inauthentic supplier is needed."""
    w = walk("inauthentic")
    appeal = _appeal("inauthentic", "admitted")
    assert _found(str(w.answers["supplier_name"]), appeal.letter)
    assert not _found("Nobody Trading Ltd", appeal.letter)


def landings(code: str) -> dict[str, dict[str, list[str]]]:
    """Question id -> letter -> the letter parts where its answer (as answered) lands; for a
    choice question, the parts whose text differs from the letter with another choice."""
    w = walk(code)
    found: dict[str, dict[str, list[str]]] = {}
    for q in w.questions:
        found[q.id] = {}
        for letter in w.letters:
            setup = w.setup(q.id, letter)
            if q.type in VALUE_TYPES:
                appeal = _appeal(code, letter, setup)
                found[q.id][letter] = _parts_with(appeal, written(q, w.answers[q.id]))
                continue
            first = _appeal(code, letter, (*setup, (q.id, _choice_value(q, q.choices[0].value))))
            parts: list[str] = []
            for choice in q.choices[1:]:
                other = _appeal(code, letter, (*setup, (q.id, _choice_value(q, choice.value))))
                before = set(zip(first.mirror.parts, first.mirror.pairs, strict=True))
                after = set(zip(other.mirror.parts, other.mirror.pairs, strict=True))
                parts += [part for part, _ in before ^ after]
            found[q.id][letter] = list(dict.fromkeys(parts))
    return found


def report() -> str:
    """Every category's questions and where their answers land, as plain text."""
    lines: list[str] = []
    for code in CATEGORIES:
        w = walk(code)
        lines.append(code)
        for ident, per_letter in landings(code).items():
            reach = w.raw[ident].get("reaches_letter", True)
            why = (w.raw[ident].get("why") or {}).get("en", "")
            where = "; ".join(f"{k}: {', '.join(v) or '-'}" for k, v in per_letter.items())
            note = "" if reach is True else f"  [reaches_letter: {reach}: {why}]"
            lines.append(f"  {ident}: {where}{note}")
            for choice in w.raw[ident].get("choices") or ():
                if choice.get("reaches_letter", True) is False:
                    lines.append(f"    {choice['value']}: no change ({choice['why']['en']})")
    return "\n".join(lines)
