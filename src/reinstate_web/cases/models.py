"""Domain records: seller accounts, cases, their deadlines and the case timeline."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reinstate.codes import Category, Scope
from reinstate.workflow import Status, Step, step_states
from reinstate_web.accounts.models import Organisation
from reinstate_web.cases.labels import CATEGORY_LABELS, SCOPE_LABELS, STATUS_LABELS

MARKETPLACES: list[tuple[str, str]] = [
    ("US", "amazon.com"),
    ("CA", "amazon.ca"),
    ("MX", "amazon.com.mx"),
    ("BR", "amazon.com.br"),
    ("UK", "amazon.co.uk"),
    ("DE", "amazon.de"),
    ("FR", "amazon.fr"),
    ("IT", "amazon.it"),
    ("ES", "amazon.es"),
    ("NL", "amazon.nl"),
    ("SE", "amazon.se"),
    ("PL", "amazon.pl"),
    ("BE", "amazon.com.be"),
    ("IE", "amazon.ie"),
    ("TR", "amazon.com.tr"),
    ("AE", "amazon.ae"),
    ("SA", "amazon.sa"),
    ("EG", "amazon.eg"),
    ("IN", "amazon.in"),
    ("JP", "amazon.co.jp"),
    ("AU", "amazon.com.au"),
    ("SG", "amazon.sg"),
]


class SellerAccount(models.Model):
    """A seller's Amazon account (one Seller Central login), owned by an organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="seller_accounts",
        verbose_name=_("company or team"),
    )
    store_name = models.CharField(_("store name"), max_length=200)
    merchant_token = models.CharField(
        _("merchant token"),
        max_length=40,
        blank=True,
        help_text=_(
            "Seller Central → Settings → Account Info → Merchant Token (e.g. A2EXAMPLE3X4)."
        ),
    )
    marketplaces = models.JSONField(_("marketplaces"), default=list, blank=True)
    registered_email = models.EmailField(_("registered email"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("seller account")
        verbose_name_plural = _("seller accounts")
        ordering = ("store_name",)

    def __str__(self) -> str:
        return self.store_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        # The account may have moved to another organisation: its cases not handed to a team
        # are held by the new one from now on (``Case.holder``).
        Case.refresh_holders(Case.objects.filter(account_id=self.pk))


class Case(models.Model):
    """One enforcement by Amazon and the seller's way back from it."""

    account = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="cases")
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=40, choices=CATEGORY_LABELS, blank=True)
    # True once a person chose the category (the diagnosis was unsure, or they corrected it):
    # a later notice never overrides a person's choice.
    category_confirmed = models.BooleanField(_("category chosen by a person"), default=False)
    scope = models.CharField(
        _("scope"), max_length=10, choices=SCOPE_LABELS, default=Scope.UNKNOWN.value
    )
    status = models.CharField(
        _("status"), max_length=24, choices=STATUS_LABELS, default=Status.DIAGNOSING.value
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="created_cases",
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The marketplace the notice names (else the account's only one): a team's queue filter.
    marketplace = models.CharField(_("marketplace"), max_length=2, blank=True, db_index=True)
    # The last submission and Amazon's answer to it (set by ``services.change_status``): how long
    # Amazon took to answer, at a glance and in the team's outcome statistics.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The earliest deadline not done yet, kept by ``Deadline.save`` and ``delete``: lists of
    # thousands of cases sort by it without reading every case's deadlines.
    next_due = models.DateTimeField(_("next deadline"), null=True, blank=True, db_index=True)
    # The organisation that holds the case: the team of its active hand-over
    # (``teams.CaseGrant``), else the organisation that owns the seller account. Kept by
    # ``refresh_holders`` in the same transaction as every change of the hand-over or of the
    # account's owner, never written otherwise (``save`` leaves it alone). A team's cases are
    # then one indexed equality (its workspace, ``access.cases_of``); who reaches a case is
    # the holder and the owner (``access._reached_by``: the owner keeps its cases while a team
    # holds them, so one column cannot say it alone). NULL only when the holding team was
    # deleted (its hand-over goes with it, and the owner holds the case again).
    holder = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="held_cases",
        editable=False,
        db_index=False,  # the first column of ``case_holder_figures``
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ("-created_at",)
        indexes = (
            models.Index(fields=("status", "category"), name="case_status_category"),
            # A team's cases, and every column its workspace counts (teams.queue.figures):
            # the figures are read from the index alone, already grouped by category and
            # assignee (at 10,000 cases 5 ms of SQL instead of 10).
            models.Index(
                fields=(
                    "holder",
                    "category",
                    "assignee",
                    "status",
                    "next_due",
                    "submitted_at",
                    "answered_at",
                ),
                name="case_holder_figures",
            ),
        )

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            if self.holder_id is None:  # a new case is held by the seller's organisation
                self.holder_id = self.account.organisation_id
        elif kwargs.get("update_fields") is None:
            # ``holder`` is written by ``refresh_holders`` only: an instance read before a
            # hand-over changed must not write the old holder back (a revoked team would
            # reach the case again).
            deferred = self.get_deferred_fields()  # as Django does: only the loaded fields
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "holder" and f.attname not in deferred
            ]
        super().save(*args, **kwargs)

    @property
    def display_title(self) -> str:
        """The typed title, else one made in the reader's language (see ``titles``)."""
        from reinstate_web.cases.titles import display_title

        return display_title(self)

    @property
    def title_is_typed(self) -> bool:
        from reinstate_web.cases.titles import is_typed, title_notices

        return is_typed(self.title, (n.subject for n in title_notices(self)))

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def category_enum(self) -> Category | None:
        return Category(self.category) if self.category else None

    @property
    def current_step(self) -> Step:
        from reinstate.workflow import STEP_OF_STATUS

        return STEP_OF_STATUS[self.status_enum]

    def steps(self) -> list[Any]:
        return step_states(self.status_enum)

    def open_deadlines(self) -> models.QuerySet[Deadline]:
        return self.deadlines.filter(done=False).order_by("due_at")

    @classmethod
    def refresh_holders(cls, cases: models.QuerySet[Case]) -> int:
        """Set ``holder`` of ``cases`` from their active hand-over and their account (one
        UPDATE); returns how many rows it wrote."""
        grant = apps.get_model("teams", "CaseGrant")
        active = models.Subquery(
            grant.objects.filter(
                case_id=models.OuterRef("pk"), state="active", team__isnull=False
            ).values("team_id")[:1]
        )
        owner = models.Subquery(
            SellerAccount.objects.filter(pk=models.OuterRef("account_id")).values(
                "organisation_id"
            )[:1]
        )
        return cases.update(holder=Coalesce(active, owner))

    @classmethod
    def refresh_next_due(cls, pk: int) -> None:
        """Set ``next_due`` from the case's deadlines (one UPDATE)."""
        earliest = Deadline.objects.filter(case_id=models.OuterRef("pk"), done=False).order_by(
            "due_at"
        )
        cls.objects.filter(pk=pk).update(next_due=models.Subquery(earliest.values("due_at")[:1]))


class Deadline(models.Model):
    """A date by which something must reach Amazon (from the notice, or set by hand)."""

    class Source(models.TextChoices):
        NOTICE = "notice", _("From Amazon's notice")
        MANUAL = "manual", _("Set by hand")
        RULE = "rule", _("Amazon's rule")

    class Kind(models.TextChoices):
        APPEAL = "appeal", _("Appeal due")
        DOCUMENTS = "documents", _("Documents due")
        FUNDS = "funds", _("Funds can be requested")
        OTHER = "other", _("Deadline")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    due_at = models.DateTimeField(_("due"))
    kind = models.CharField(
        _("what is due"), max_length=10, choices=Kind.choices, default=Kind.APPEAL
    )
    # The words of the notice that set it ("within 17 days"), shown beside the translated kind.
    label = models.CharField(_("from the notice"), max_length=200, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ("due_at",)

    def __str__(self) -> str:
        return f"{self.kind} {self.label} ({self.due_at:%Y-%m-%d})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        Case.refresh_next_due(self.case_id)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        found = super().delete(*args, **kwargs)
        Case.refresh_next_due(self.case_id)
        return found

    @property
    def days_left(self) -> int:
        return (timezone.localdate(self.due_at) - timezone.localdate()).days


class CaseEvent(models.Model):
    """The case timeline: everything that happened, with its time and author. Never edited."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Case opened")
        STATUS = "status", _("Status changed")
        NOTICE = "notice", _("Notice added")
        DATA = "data", _("Data uploaded")
        ANALYSIS = "analysis", _("Data analysed")
        DRAFT = "draft", _("Draft saved")
        CHECK = "check", _("Letter checked")
        DEADLINE = "deadline", _("Deadline set")
        NOTE = "note", _("Note")
        CATEGORY = "category", _("Category chosen")
        HANDOVER = "handover", _("Hand-over to a team")
        ACCESS = "access", _("Team access changed")
        QUESTION = "question", _("Question to the seller")
        SHARED = "shared", _("Draft shared with the seller")
        ROUND = "round", _("Amazon's answer analysed")
        BUNDLE = "bundle", _("Case bundle")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    data = models.JSONField(default=dict, blank=True)
    # From where the change came (the audit log): the request's address and browser, empty for
    # a job or a command.
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class DeletionRecord(models.Model):
    """What is kept of a deleted case or seller account, for the audit log: who deleted what
    and when, and how much went (no seller content: no names, texts or files).
    docs/security.md, "Deleting data"."""

    class Kind(models.TextChoices):
        CASE = "case", _("Case")
        ACCOUNT = "account", _("Seller account")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.BigIntegerField()  # the deleted case's or account's number
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    actor_email = models.CharField(max_length=254, blank=True)
    cases = models.PositiveIntegerField(default=0)
    files = models.PositiveIntegerField(default=0)
    bytes = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} deleted {self.at:%Y-%m-%d %H:%M}"
