"""The seller's answers and the appeal's versions, and the rounds of Amazon's answers. All are
append-only: a change is a new row with its author and time, so the case keeps every letter that
was ever written and every answer that asked for more."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reinstate_web.accounts.models import Organisation
from reinstate_web.cases.models import Case


class AnswerSet(models.Model):
    """One saved version of the questionnaire: question id (or ``fact:<key>`` /
    ``notice:<field>``) -> answer, exactly what ``reinstate draft --answers`` takes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="answer_sets")
    number = models.PositiveIntegerField(_("version"))
    answers: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire answers")
        verbose_name_plural = _("questionnaire answers")
        ordering = ("-number",)
        constraints = (
            models.UniqueConstraint(fields=("case", "number"), name="drafting_answers_number"),
        )

    def __str__(self) -> str:
        return f"answers {self.case_id}#{self.number}"


class Draft(models.Model):
    """One version of the appeal letter. Never edited after it is written."""

    class Origin(models.TextChoices):
        COMPOSED = "composed", _("Written from your answers")
        OPTIONS = "options", _("Options changed")
        EDITED = "edited", _("Edited by hand")
        CONFIRMED = "confirmed", _("Actions confirmed")
        REVISED = "revised", _("Revised for Amazon's answer")
        SHARED = "shared", _("Shared by the team")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="drafts")
    number = models.PositiveIntegerField(_("version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    answer_set = models.ForeignKey(
        AnswerSet, on_delete=models.SET_NULL, null=True, blank=True, related_name="drafts"
    )
    category = models.CharField(max_length=40)
    in_error = models.BooleanField(default=False)
    # The composer's picks (reinstate.compose.Choices as a mapping; {} = let it choose).
    choices: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    # {name: {text, chars, limit}} for root_cause, corrective_actions, preventive_measures.
    sections: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    letter = models.TextField(_("letter"))
    # The letter's lines with their Chinese in both scripts: [{part, kind, number, en,
    # zh-hans, zh-hant, edited}]; the mirror and the exports are rebuilt from it.
    mirror: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    open_questions: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    attachments: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    options: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    # "actions:<id>" / "preventions:<id>": knowledge-base suggestions in this version that the
    # seller has not confirmed (marked in the letter until they are).
    unconfirmed: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    notes: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    facts_used: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    # What the letter check compares the letter with (ASINs, orders, figures, dates, limits).
    check_context: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    # {score, verdict, findings: [{code, severity, start, end, message*, suggestion*, quote}]}
    check_report: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, blank=True)
    summary = models.CharField(_("what changed"), max_length=300, blank=True)
    # Written by a professional team the case is handed to: seen by that team only, until a
    # member shares it (a copy with no team, origin "shared", that the seller sees).
    team = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("appeal draft")
        verbose_name_plural = _("appeal drafts")
        ordering = ("-number",)
        constraints = (
            models.UniqueConstraint(fields=("case", "number"), name="drafting_draft_number"),
        )

    def __str__(self) -> str:
        return f"draft {self.case_id}#{self.number}"

    @property
    def ready(self) -> bool:
        return self.verdict == "ready"

    @property
    def summary_text(self) -> str:
        """What changed, in the reader's language (``summary`` is stored language-free)."""
        from reinstate_web.drafting.summaries import summary_text

        return summary_text(self.summary, self.options)


class Round(models.Model):
    """One answer of Amazon's that asked for more information or said no, and what came of it:
    the gap analysis (what the answer asks for against what the last letter gave) and the
    revised draft written to answer each ask. The case history lists every round."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField(_("round"))
    reply = models.OneToOneField(
        "notices.Notice", on_delete=models.CASCADE, related_name="round", verbose_name=_("answer")
    )
    outcome = models.CharField(_("Amazon's answer"), max_length=20)
    previous = models.ForeignKey(
        Draft, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revised = models.ForeignKey(
        Draft, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # [Gap.to_json()]: ask, section, source, quote, given, given_chars, given_sentences.
    gaps: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    # Why no revised draft was written (one line, language-free code): "no_category".
    problem = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(_("analysed"), auto_now_add=True)

    class Meta:
        verbose_name = _("round of Amazon's answers")
        verbose_name_plural = _("rounds of Amazon's answers")
        ordering = ("-number",)
        constraints = (
            models.UniqueConstraint(fields=("case", "number"), name="drafting_round_number"),
        )

    def __str__(self) -> str:
        return f"round {self.case_id}#{self.number}"
