"""Hand-over of a case to a professional team: the seller's grant of access, and what the team
keeps on the case (internal notes) or asks the seller (questions).

A grant is the seller's consent. While it is ``active`` the team's members reach the whole case
through ``cases.access`` with their role in the team; ``offered`` (waiting for the team to
accept), ``declined`` and ``revoked`` grants give no access at all. A grant is never deleted:
the case keeps the history of who had access and when.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reinstate_web.accounts.models import Organisation
from reinstate_web.cases.models import Case

NOTE_MAX = 5000
MESSAGE_MAX = 2000


class CaseGrant(models.Model):
    class State(models.TextChoices):
        OFFERED = "offered", _("Waiting for the team to accept")
        ACTIVE = "active", _("The team has access")
        DECLINED = "declined", _("Declined by the team")
        REVOKED = "revoked", _("Access revoked")

    LIVE = (State.OFFERED, State.ACTIVE)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants")
    # Empty while an e-mailed invitation waits: the person who accepts chooses their team.
    team = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="case_grants",
        verbose_name=_("team"),
    )
    email = models.EmailField(_("email address"), blank=True)
    # The e-mailed link's token, stored only as its SHA-256 (as for team invitations).
    # NULL once answered (several NULLs stay unique; "" would not).
    token_digest = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, editable=False
    )
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    message = models.TextField(_("message to the team"), max_length=MESSAGE_MAX, blank=True)
    state = models.CharField(
        _("access"), max_length=10, choices=State.choices, default=State.OFFERED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("handed over"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("case hand-over")
        verbose_name_plural = _("case hand-overs")
        ordering = ("-created_at", "-id")
        constraints = (
            # One team at a time: a second hand-over waits until the first is revoked or declined.
            models.UniqueConstraint(
                fields=("case",),
                condition=models.Q(state__in=("offered", "active")),
                name="teams_one_live_grant_per_case",
            ),
        )
        indexes = (models.Index(fields=("team", "state"), name="teams_grant_team_state"),)

    def __str__(self) -> str:
        return f"case {self.case_id} → {self.team or self.email} ({self.state})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        _hand_over_changed(self)

    @property
    def is_live(self) -> bool:
        return self.state in self.LIVE

    @property
    def link_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class InternalNote(models.Model):
    """A note the team keeps on a case: seen by the team's members only, never by the seller."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="internal_notes")
    team = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    text = models.TextField(_("note"), max_length=NOTE_MAX)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"note {self.pk} on case {self.case_id}"


class SellerQuestion(models.Model):
    """A question the team addresses to the seller, and the seller's answer: both sides see it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="seller_questions")
    team = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    text = models.TextField(_("question"), max_length=NOTE_MAX)
    answer = models.TextField(_("answer"), max_length=NOTE_MAX, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("question to the seller")
        verbose_name_plural = _("questions to the seller")
        ordering = ("-asked_at", "-id")

    def __str__(self) -> str:
        return f"question {self.pk} on case {self.case_id}"


def _hand_over_changed(grant: CaseGrant) -> None:
    """The case's holder follows its hand-over in the same transaction: the team from the
    moment it accepts, the seller's organisation again once it is revoked or declined (the
    access rule reads ``Case.holder``)."""
    Case.refresh_holders(Case.objects.filter(pk=grant.case_id))
    if "case" in grant._state.fields_cache:
        grant.case.holder_id = (
            Case.objects.filter(pk=grant.case_id).values_list("holder_id", flat=True).first()
        )


@receiver(post_delete, sender=CaseGrant)
def _grant_deleted(sender: type[CaseGrant], instance: CaseGrant, **kwargs: Any) -> None:
    """A deleted hand-over (its team deleted with it) gives the case back to the seller's
    organisation."""
    Case.refresh_holders(Case.objects.filter(pk=instance.case_id))
