"""Business operations on the appeal: save answers, compose a version, check a letter, save an
edit. Every write is a new row (answers and drafts are never overwritten) and a timeline event."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from reinstate.check import CheckContext, CheckFinding, CheckReport, check_letter
from reinstate.check.model import CaseClaims
from reinstate.compose import Appeal, CaseFacts, Choices, Question, compose, facts_from
from reinstate.compose import questionnaire as core_questionnaire
from reinstate.compose.claims import case_claims
from reinstate.compose.questionnaire import MAX_PREVIEWS
from reinstate.errors import InputError
from reinstate.workflow import Status
from reinstate_web.accounts.models import User
from reinstate_web.analysis import services as analysis_services
from reinstate_web.cases import services as case_services
from reinstate_web.cases.access import acting_team, team_work_visible
from reinstate_web.cases.memo import in_page, latest_draft_any, per_page
from reinstate_web.cases.models import Case, CaseEvent
from reinstate_web.drafting import records
from reinstate_web.drafting.models import AnswerSet, Draft
from reinstate_web.notices import services as notice_services

CHOICE_KEYS = (
    "root_causes",
    "actions",
    "preventions",
    "operating_plan",
    "admission",
    "commitment",
    "evidence",
    "confirmed",
)
# Appeal.options part -> Choices field.
OPTION_PARTS = {
    "root_causes": "root_causes",
    "corrective_actions": "actions",
    "preventive_measures": "preventions",
    "operating_plan": "operating_plan",
    "admissions": "admission",
    "commitments": "commitment",
    "evidence": "evidence",
}


def mirror_lang(language_code: str | None) -> str:
    """Traditional for a Traditional UI; Simplified otherwise (English UI users too)."""
    return (
        "zh-hant" if (language_code or "").lower() in ("zh-hant", "zh-tw", "zh-hk") else "zh-hans"
    )


def latest_answers(case: Case) -> AnswerSet | None:
    return AnswerSet.objects.filter(case=case).order_by("-number").first()


def drafts_of(case: Case, user: User | None) -> QuerySet[Draft]:
    """The versions ``user`` sees: the seller's and shared ones, and a team's unshared ones for
    that team's members only (``access.team_work_visible``)."""
    return Draft.objects.filter(case=case).filter(team_work_visible(user))


@per_page  # the version history and the teams panel's shared versions
def visible_versions(case: Case, user: User | None) -> list[Draft]:
    """The versions ``user`` sees, newest first, without their large parts (the check, the
    mirror, the facts used): what a list of versions shows."""
    return list(
        drafts_of(case, user)
        .select_related("created_by")
        .order_by("-number")
        .defer("check_report", "check_context", "mirror", "facts_used")
    )


def latest_draft(case: Case, user: User | None = None) -> Draft | None:
    """The latest version ``user`` sees (no user: the latest one that is not a team's own)."""
    if in_page():  # the page lists the versions ``user`` sees and reads the latest of all
        visible = visible_versions(case, user)
        if not visible:
            return None
        newest: Draft | None = latest_draft_any(case)
        if newest is not None and newest.pk == visible[0].pk:
            return newest
    return drafts_of(case, user).select_related("created_by").order_by("-number").first()


def _next(model: type[AnswerSet] | type[Draft], case: Case) -> int:
    current = model.objects.filter(case=case).aggregate(top=Max("number"))["top"]
    return int(current or 0) + 1


def case_facts(
    case: Case, answers: Mapping[str, Any] | None = None, choices: Choices | None = None
) -> CaseFacts:
    """Everything the composer knows about the case: the notice, the data and the answers.

    ``fact:<key>`` and ``notice:<field>`` answers fill a figure or a notice detail, as in
    ``reinstate draft --answers``. Raises InputError when the case has no category yet.
    """
    raw = dict(answers or {})
    diagnosis = notice_services.latest_diagnosis(case)
    report = analysis_services.latest_report(case)
    facts = facts_from(
        diagnosis,
        report,
        {k: v for k, v in raw.items() if ":" not in k},
        category=case.category or None,
        store_name=case.account.store_name,
        today=timezone.localdate(),
        choices=choices,
    )
    marketplaces = case.account.marketplaces or []
    return dataclasses.replace(
        facts,
        marketplace=facts.marketplace or (str(marketplaces[0]) if marketplaces else None),
        evidence_files=evidence_files(case),
        facts={**facts.facts, **{k[5:]: v for k, v in raw.items() if k.startswith("fact:")}},
        notice_fields={
            **facts.notice_fields,
            **{k[7:]: v for k, v in raw.items() if k.startswith("notice:")},
        },
    )


def evidence_files(case: Case) -> dict[str, tuple[str, ...]]:
    """The evidence locker's passing documents by code, as the files they are sent as."""
    from reinstate_web.evidence.submission import files_for_letter

    return files_for_letter(case)


def questions_for(
    case: Case, answers: Mapping[str, Any], lang: str, *, previews: int = MAX_PREVIEWS
) -> list[Question]:
    """The category's questionnaire in the seller's language, with the saved answers (and at
    most ``previews`` sentences of the letter per answer)."""
    facts = case_facts(case, answers)
    return core_questionnaire(facts.category, facts, mirror_lang(lang), previews=previews)


def save_answers(case: Case, answers: Mapping[str, Any], actor: User | None) -> AnswerSet:
    """A new version of the answers, unless they are the same as the last one."""
    last = latest_answers(case)
    if last is not None and last.answers == dict(answers):
        return last
    with transaction.atomic():
        saved = AnswerSet.objects.create(
            case=case, number=_next(AnswerSet, case), answers=dict(answers), created_by=actor
        )
    return saved


def _context_json(facts: CaseFacts, appeal: Appeal) -> dict[str, Any]:
    typed = facts.notice_fields
    return {
        "notice_asins": list(facts.asins or typed.get("asins") or ()),
        "notice_order_ids": list(facts.order_ids or typed.get("order_ids") or ()),
        "known_figures": appeal.known_figures(),
        "known_dates": [d.isoformat() for d in appeal.known_dates()],
        "form_limits": {name: s.limit for name, s in appeal.sections.items()},
        "in_error": appeal.in_error,
        # The case's facts, so a hand edit is held against them too (claim_* findings).
        "claims": case_claims(facts).to_json(),
    }


def check_context(raw: Mapping[str, Any]) -> CheckContext:
    return CheckContext(
        notice_asins=tuple(raw.get("notice_asins") or ()),
        notice_order_ids=tuple(raw.get("notice_order_ids") or ()),
        known_figures=dict(raw.get("known_figures") or {}),
        known_dates=[date.fromisoformat(d) for d in raw.get("known_dates") or ()],
        form_limits=dict(raw.get("form_limits") or {}),
        in_error=raw.get("in_error"),
        claims=CaseClaims.from_json(raw["claims"]) if raw.get("claims") else None,
    )


def run_check(letter: str, context: Mapping[str, Any]) -> CheckReport:
    """The letter check with what the draft knows about the case (InputError when empty)."""
    return check_letter(letter, check_context(context))


def report_json_findings(findings: Sequence[CheckFinding], letter: str) -> list[dict[str, Any]]:
    """Findings as stored: every text in the three languages, and the quote."""
    return [
        {
            "code": f.code,
            "severity": str(f.severity),
            "start": f.start,
            "end": f.end,
            "quote": f.quote or letter[f.start : f.end],
            "message": f.message,
            "suggestion": f.suggestion,
            "message_zh_hans": f.message_zh,
            "suggestion_zh_hans": f.suggestion_zh,
            "message_zh_hant": f.message_zh_hant or f.message_zh,
            "suggestion_zh_hant": f.suggestion_zh_hant or f.suggestion_zh,
        }
        for f in findings
    ]


def report_json(report: CheckReport, letter: str) -> dict[str, Any]:
    """The check as stored on a draft: score, verdict and findings."""
    return {
        "score": report.score,
        "verdict": str(report.verdict),
        "findings": report_json_findings(report.findings, letter),
    }


def choices_json(choices: Choices | None) -> dict[str, Any]:
    if choices is None:
        return {}
    found = {key: getattr(choices, key) for key in CHOICE_KEYS}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in found.items() if v is not None}


def _options_summary(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> str:
    """'+id -id' of the options picked or dropped between two versions."""
    if not old:
        return ""
    before = {(p, o["id"]) for p, opts in old.items() for o in opts if o["selected"]}
    after = {(p, o["id"]) for p, opts in new.items() for o in opts if o["selected"]}
    added = sorted(i for _, i in after - before)
    removed = sorted(i for _, i in before - after)
    return " ".join([*(f"+{i}" for i in added), *(f"\u2212{i}" for i in removed)])[:300]


def edit_summary(old: str, new: str) -> str:
    """A short account of a hand edit: lines added and removed, and the first new line.

    >>> edit_summary("a\\nb\\n", "a\\nc\\n")
    '+1 \u22121: \u201cc\u201d'
    """
    added: list[str] = []
    removed = 0
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("+ ") and line[2:].strip():
            added.append(line[2:].strip())
        elif line.startswith("- ") and line[2:].strip():
            removed += 1
    summary = f"+{len(added)} \u2212{removed}"
    if added:
        first = added[0] if len(added[0]) <= 120 else added[0][:119] + "\u2026"
        summary += f": \u201c{first}\u201d"
    return summary[:300]


def compose_draft(
    case: Case,
    actor: User | None,
    *,
    origin: str = Draft.Origin.COMPOSED,
    choices: Choices | None = None,
    answer_set: AnswerSet | None = None,
    lang: str = "zh-hans",
    asks: Sequence[str] = (),
    summary: str | None = None,
) -> Draft:
    """Compose a new version from the case's facts, the latest answers and ``choices``;
    ``asks``: what Amazon's last answer asked for (the letter answers each, see
    ``reinstate.compose.gaps``).

    Composing and checking run before the short transaction that stores the version."""
    answers = answer_set or latest_answers(case)
    facts = case_facts(case, answers.answers if answers else {}, choices)
    if asks:
        facts = dataclasses.replace(facts, asks=tuple(asks))
    appeal = compose(facts, lang=mirror_lang(lang))
    context = _context_json(facts, appeal)
    report = run_check(appeal.letter, context)
    options = records.options_json(appeal)
    with transaction.atomic():
        return _store_composed(
            case, actor, origin, choices, answers, appeal, context, report, options, summary
        )


def _store_composed(
    case: Case,
    actor: User | None,
    origin: str,
    choices: Choices | None,
    answers: AnswerSet | None,
    appeal: Appeal,
    context: dict[str, Any],
    report: CheckReport,
    options: dict[str, Any],
    summary: str | None = None,
) -> Draft:
    parent = latest_draft(case, actor)
    if summary is None and origin == Draft.Origin.OPTIONS:
        summary = _options_summary(parent.options if parent else None, options)
    elif summary is None:
        summary = f"answers v{answers.number}" if answers else ""
    draft = Draft.objects.create(
        case=case,
        number=_next(Draft, case),
        created_by=actor,
        origin=origin,
        parent=parent,
        answer_set=answers,
        category=appeal.category,
        in_error=appeal.in_error,
        choices=choices_json(choices),
        sections=records.sections_json(appeal.sections),
        letter=appeal.letter,
        mirror=records.lines_json(appeal),
        open_questions=records.questions_json(appeal.open_questions),
        attachments=records.attachments_json(appeal.attachments),
        options=options,
        unconfirmed=list(appeal.suggested),
        notes=[n.as_dict() for n in appeal.notes],
        facts_used=appeal.to_json()["facts_used"],
        check_context=context,
        check_report=report_json(report, appeal.letter),
        score=report.score,
        verdict=str(report.verdict),
        summary=summary,
        team=acting_team(actor, case) if actor else None,
    )
    _record(case, actor, draft)
    return draft


def save_edit(case: Case, parent: Draft, text: str, actor: User | None) -> Draft:
    """A new version with the seller's own English; the form boxes are cut again from it
    (checked before the short transaction that stores it)."""
    letter = text.replace("\r\n", "\n").replace("\r", "\n").strip() + "\n"
    if not letter.strip():
        raise InputError("The letter is empty.")
    report = run_check(letter, parent.check_context)
    lines = records.edited_lines(letter, parent.mirror)
    limits = {name: int(raw["limit"]) for name, raw in parent.sections.items()}
    with transaction.atomic():
        return _store_edit(case, parent, letter, actor, report, lines, limits)


def _store_edit(
    case: Case,
    parent: Draft,
    letter: str,
    actor: User | None,
    report: CheckReport,
    lines: list[dict[str, Any]],
    limits: dict[str, int],
) -> Draft:
    draft = Draft.objects.create(
        case=case,
        number=_next(Draft, case),
        created_by=actor,
        origin=Draft.Origin.EDITED,
        parent=parent,
        answer_set=parent.answer_set,
        category=parent.category,
        in_error=parent.in_error,
        choices=parent.choices,
        sections=records.cut_sections(lines, limits),
        letter=letter,
        mirror=lines,
        open_questions=parent.open_questions,
        attachments=parent.attachments,
        options=parent.options,
        unconfirmed=parent.unconfirmed,
        notes=parent.notes,
        facts_used=parent.facts_used,
        check_context=parent.check_context,
        check_report=report_json(report, letter),
        score=report.score,
        verdict=str(report.verdict),
        summary=edit_summary(parent.letter, letter),
        team=acting_team(actor, case) if actor else None,
    )
    _record(case, actor, draft)
    return draft


@transaction.atomic
def share_version(case: Case, draft: Draft, actor: User) -> Draft:
    """A team shares one of its versions with the seller: a copy as a new version that everyone
    on the case sees (the team's own version stays as it was written)."""
    copy = Draft.objects.get(pk=draft.pk)
    copy.pk = None
    copy.number = _next(Draft, case)
    copy.created_by = actor
    copy.origin = Draft.Origin.SHARED
    copy.parent = draft
    copy.team = None
    copy.summary = f"v{draft.number}"
    copy.save(force_insert=True)
    case_services.record(case, CaseEvent.Kind.SHARED, actor, version=copy.number, of=draft.number)
    return copy


def choices_from_post(data: Any, draft: Draft) -> Choices:
    """The seller's picks from the option form (``data``: a QueryDict), limited to the ids the
    draft offered, so a forged id never reaches the composer."""
    picks: dict[str, Any] = {}
    for part, key in OPTION_PARTS.items():
        offered = [o["id"] for o in draft.options.get(part, ())]
        if not offered:
            continue
        if key in ("admission", "commitment"):
            value = data.get(part)
            if value in offered:
                picks[key] = value
        else:
            kept = [v for v in data.getlist(part) if v in offered]
            if kept:  # nothing ticked: let the composer choose again
                picks[key] = kept
    # What the seller confirmed they did stays confirmed whatever else they pick.
    if draft.choices.get("confirmed"):
        picks["confirmed"] = list(draft.choices["confirmed"])
    return Choices.from_mapping(picks)


def confirm_suggestions(
    case: Case, draft: Draft, done: Sequence[str], actor: User | None, *, lang: str = "zh-hans"
) -> Draft:
    """The seller says which suggested actions and measures they took (``done``: ids of
    ``draft.unconfirmed``); the others leave the letter. Writes a new version."""
    offered = {s.partition(":")[2]: s.partition(":")[0] for s in draft.unconfirmed}
    kept = [i for i in done if i in offered]
    dropped = {i for i in offered if i not in kept}
    picks = Choices.from_mapping(draft.choices or {})
    chosen = {
        key: [o["id"] for o in draft.options.get(part, ()) if o["selected"]]
        for part, key in (("corrective_actions", "actions"), ("preventive_measures", "preventions"))
    }
    # The selection is pinned to what the seller saw: a letter without the marks is shorter,
    # and the composer must not bring in other (unconfirmed) actions to fill the room.
    choices = dataclasses.replace(
        picks,
        confirmed=tuple(dict.fromkeys((*(picks.confirmed or ()), *kept))),
        actions=tuple(i for i in chosen["actions"] if i not in dropped),
        preventions=tuple(i for i in chosen["preventions"] if i not in dropped),
    )
    return compose_draft(case, actor, origin=Draft.Origin.CONFIRMED, choices=choices, lang=lang)


def _record(case: Case, actor: User | None, draft: Draft) -> None:
    # The first appeal written moves a case still finding its cause on to drafting.
    if case.status == Status.DIAGNOSING.value:
        case_services.change_status(case, Status.DRAFTING, actor=actor)
    case_services.record(
        case,
        CaseEvent.Kind.DRAFT,
        actor,
        version=draft.number,
        origin=draft.origin,
        score=draft.score,
        verdict=draft.verdict,
    )
