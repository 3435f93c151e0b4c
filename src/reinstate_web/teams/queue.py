"""The team workspace's figures: the queue of every case the team works on (its own sellers' and
those handed to it), filtered and sorted; the workload per specialist; outcome statistics per
category.

Fast with thousands of cases: the team's cases are those it holds (``Case.holder``, one indexed
equality), and the workload, the outcome statistics and the queue's count come from one
aggregate over the case table's own columns (:func:`figures`: the next open deadline is
``Case.next_due``, the time Amazon took to answer ``submitted_at`` / ``answered_at``), grouped by
category and assignee (a few hundred rows at most), read from the index
``case_holder_figures`` alone; the queue shows one page at a time. ``bench/dashboard.py``
measures it with 10,000 cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, F, FloatField, Func, Q, QuerySet, Sum
from django.utils import timezone

from reinstate.workflow import FINAL, Status
from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases.access import EDIT_ROLES, cases_of
from reinstate_web.cases.listing import page_of
from reinstate_web.cases.models import Case
from reinstate_web.teams.models import CaseGrant

PAGE_SIZE = 50
SOON_DAYS = 3
WAITING = (Status.SUBMITTED.value, Status.AWAITING_REPLY.value, Status.FOLLOW_UP.value)
CLOSED = tuple(s.value for s in FINAL)
# Sort keys offered on the page: field (nulls last for the deadline).
SORTS: Mapping[str, tuple[str, ...]] = {
    "deadline": ("next_due", "-created_at"),
    "status": ("status", "next_due"),
    "category": ("category", "next_due"),
    "marketplace": ("marketplace", "next_due"),
    "assignee": ("assignee__email", "next_due"),
    "seller": ("account__store_name", "next_due"),
    "opened": ("-created_at",),
    "waiting": ("waiting_since", "next_due"),
}


@dataclass(frozen=True)
class Filters:
    status: str = ""
    category: str = ""
    marketplace: str = ""
    assignee: str = ""  # "" all, "none" unassigned, else a user id
    sort: str = "deadline"
    closed: bool = False
    page: int = 1

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        sort = query.get("sort", "deadline")
        page = query.get("page", "1")
        return cls(
            status=query.get("status", "")[:24],
            category=query.get("category", "")[:40],
            marketplace=query.get("marketplace", "")[:2],
            assignee=query.get("assignee", "")[:12],
            sort=sort if sort in SORTS else "deadline",
            closed=query.get("closed") == "1",
            page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1,
        )


def base(team: Organisation) -> QuerySet[Case]:
    return cases_of(team)


def queue(team: Organisation, filters: Filters, figures: Figures | None = None) -> Page[Any]:
    """One page of the team's cases, filtered and sorted, with what the rows show (the count
    taken from ``figures`` when the filters allow it)."""
    cases = base(team)
    if filters.status in Status.__members__.values():
        cases = cases.filter(status=filters.status)
    elif not filters.closed:
        cases = cases.exclude(status__in=CLOSED)
    if filters.category:
        cases = cases.filter(category=filters.category)
    if filters.marketplace:
        cases = cases.filter(marketplace=filters.marketplace)
    if filters.assignee == "none":
        cases = cases.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        cases = cases.filter(assignee_id=int(filters.assignee))
    if filters.sort == "waiting":
        cases = cases.annotate(waiting_since=_waiting_since())
    order = (*(_nulls_last(key) for key in SORTS[filters.sort]), "-pk")
    count = figures.count(filters) if figures is not None else None
    return page_of(cases, order, filters.page, PAGE_SIZE, count=count)


def _waiting_since() -> Any:
    """Waiting for Amazon since the submission; otherwise since the case last changed."""
    from django.db.models import Case as When_
    from django.db.models import When

    return When_(
        When(status__in=WAITING, submitted_at__isnull=False, then=F("submitted_at")),
        default=F("updated_at"),
    )


def _nulls_last(key: str) -> Any:
    name = key.lstrip("-")
    expression = F(name)
    return (
        expression.desc(nulls_last=True) if key.startswith("-") else expression.asc(nulls_last=True)
    )


def waiting_days(case: Case, now: datetime | None = None) -> int:
    """Days waiting for Amazon since the submission, else since the case last changed."""
    waiting = case.status in WAITING and case.submitted_at is not None
    since = case.submitted_at if waiting and case.submitted_at else case.updated_at
    return max(0, ((now or timezone.now()) - since).days)


@dataclass(frozen=True)
class Workload:
    user: User | None
    role: str
    open: int
    overdue: int
    due_soon: int
    waiting: int


def workload(team: Organisation) -> list[Workload]:
    """Per owner and specialist of the team, and for nobody: open cases, overdue ones, those due
    within three days and those waiting for Amazon."""
    return figures(team).workload()


def _workload(user: User | None, role: str, row: Mapping[str, Any]) -> Workload:
    return Workload(
        user=user,
        role=role,
        open=int(row.get("open") or 0),
        overdue=int(row.get("overdue") or 0),
        due_soon=int(row.get("due_soon") or 0),
        waiting=int(row.get("waiting") or 0),
    )


@dataclass(frozen=True)
class Outcome:
    category: str
    cases: int
    reinstated: int
    denied: int
    more_info: int
    answered: int
    answer_days: float | None

    @property
    def decided(self) -> int:
        return self.reinstated + self.denied

    @property
    def rate(self) -> float | None:
        """Reinstatements among final decisions (reinstated or denied)."""
        return self.reinstated / self.decided if self.decided else None


class DaysBetween(Func):
    """``end - start`` in days, computed by the database itself (Django's date arithmetic on
    SQLite calls back into Python for every row: 3,000 answered cases cost 60 ms)."""

    arity = 2
    output_field = FloatField()

    def as_sqlite(
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, list[Any]]:
        template = template or "(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)"
        arg_joiner = arg_joiner or " - "
        sql, params = super().as_sql(
            compiler, connection, function, template, arg_joiner, **extra_context
        )
        return sql, list(params)


def outcomes(team: Organisation) -> list[Outcome]:
    """Per category: cases, Amazon's answers, the reinstatement rate and the average days from
    the last submission to Amazon's answer."""
    return figures(team).outcomes()


_SUMS = (
    "cases",
    "open",
    "overdue",
    "due_soon",
    "waiting",
    "reinstated",
    "denied",
    "more_info",
    "answered",
)


@dataclass(frozen=True)
class Figures:
    """The team's cases counted per (category, assignee): everything the workspace shows
    besides the page of the queue."""

    team: Organisation
    groups: tuple[Mapping[str, Any], ...]

    def count(self, filters: Filters) -> int | None:
        """How many cases the queue lists, when the groups say it (None: ask the database)."""
        if filters.status or filters.marketplace:
            return None
        if filters.assignee and filters.assignee != "none" and not filters.assignee.isdigit():
            return None
        total = 0
        for row in self.groups:
            if filters.category and row["category"] != filters.category:
                continue
            if filters.assignee == "none" and row["assignee"] is not None:
                continue
            if filters.assignee.isdigit() and row["assignee"] != int(filters.assignee):
                continue
            total += int(row["cases"] if filters.closed else row["open"])
        return total

    def workload(self) -> list[Workload]:
        counts: dict[int | None, dict[str, int]] = {}
        for row in self.groups:
            if not row["open"]:
                continue
            into = counts.setdefault(row["assignee"], dict.fromkeys(_SUMS, 0))
            for key in ("open", "overdue", "due_soon", "waiting"):
                into[key] += int(row[key] or 0)
        members = specialists(self.team)
        found = []
        for membership in members:
            row = counts.pop(membership.user_id, {})
            found.append(_workload(membership.user, membership.get_role_display(), row))
        nobody = counts.pop(None, None)
        if nobody:
            found.append(_workload(None, "", nobody))
        # Cases assigned to someone outside the team (the seller's own people) count together.
        others = list(counts.values())
        if others:
            merged = {
                k: sum(r[k] for r in others) for k in ("open", "overdue", "due_soon", "waiting")
            }
            found.append(_workload(None, "others", merged))
        return found

    def outcomes(self) -> list[Outcome]:
        sums: dict[str, dict[str, float]] = {}
        for row in self.groups:
            into = sums.setdefault(row["category"] or "", dict.fromkeys((*_SUMS, "days"), 0))
            for key in _SUMS:
                into[key] += int(row[key] or 0)
            into["days"] += float(row["days"] or 0.0)
        found = [
            Outcome(
                category=category,
                cases=int(v["cases"]),
                reinstated=int(v["reinstated"]),
                denied=int(v["denied"]),
                more_info=int(v["more_info"]),
                answered=int(v["answered"]),
                answer_days=v["days"] / v["answered"] if v["answered"] else None,
            )
            for category, v in sums.items()
        ]
        return sorted(found, key=lambda o: (-o.cases, o.category))


def figures(team: Organisation) -> Figures:
    """One aggregate over the team's cases, grouped by category and assignee."""
    now = timezone.now()
    soon = now + timedelta(days=SOON_DAYS)
    open_ = ~Q(status__in=CLOSED)
    answered = Q(answered_at__isnull=False, submitted_at__isnull=False)
    rows = (
        base(team)
        .order_by()
        .values("category", "assignee")
        .annotate(
            cases=Count("pk"),
            open=Count("pk", filter=open_),
            overdue=Count("pk", filter=open_ & Q(next_due__lt=now)),
            due_soon=Count("pk", filter=open_ & Q(next_due__gte=now, next_due__lt=soon)),
            waiting=Count("pk", filter=open_ & Q(status__in=WAITING)),
            reinstated=Count("pk", filter=Q(status=Status.REINSTATED.value)),
            denied=Count("pk", filter=Q(status=Status.DENIED.value)),
            more_info=Count("pk", filter=Q(status=Status.MORE_INFO_REQUESTED.value)),
            answered=Count("pk", filter=answered),
            days=Sum(DaysBetween(F("answered_at"), F("submitted_at")), filter=answered),
        )
    )
    return Figures(team=team, groups=tuple(rows))


def requests(team: Organisation) -> QuerySet[CaseGrant]:
    """Hand-overs offered to the team and waiting for one of its members to accept."""
    return (
        CaseGrant.objects.filter(team=team, state=CaseGrant.State.OFFERED)
        .select_related("case", "case__account", "created_by")
        .order_by("created_at")
    )


def specialists(team: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=team, role__in=EDIT_ROLES)
        .select_related("user")
        .order_by("user__email")
    )
