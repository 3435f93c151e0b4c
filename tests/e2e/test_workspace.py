"""The team workspace in a real browser, with the load a specialist carries: a team of four with
sixty cases across twelve sellers (half its own seller accounts, half handed to it), a seller
asking for help. The specialist filters the queue by category, then by their own name, reads
the workload and the outcome statistics; the page is photographed (the docs' copy is
docs/screenshots/team-workspace.png)."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from reinstate.workflow import Status
from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases import services
from reinstate_web.cases.models import Case, SellerAccount
from reinstate_web.teams import handover, queue
from reinstate_web.teams.models import CaseGrant
from tests.e2e.browser import sign_in

PASSWORD = "harbour-appeals-pass-42"
STORES = [
    "Brightway Home",
    "Lotus Kitchenware",
    "Pearl River Outdoor",
    "Nanshan Audio",
    "Yiwu Bright Toys",
    "Harbour Pet Supply",
    "Jade Garden Tools",
    "Dongguan Cable Co",
    "Silk Road Beauty",
    "Panda Baby Goods",
    "Canton Lighting",
    "Xiamen Sports",
]
KINDS = [
    ("inauthentic", "Inauthentic complaints"),
    ("performance_odr", "Order defect rate over 1%"),
    ("ip_trademark", "Trademark complaint"),
    ("performance_late_shipment", "Late shipment rate"),
    ("product_safety", "Product safety: missing test report"),
    ("related_accounts", "Related accounts"),
    ("condition", "Used sold as new"),
    ("restricted_product", "Restricted product: pesticide claim"),
]
MARKETPLACES = ["US", "US", "UK", "DE", "CA", "JP"]
STATUSES = [
    (Status.DRAFTING, 12),
    (Status.EVIDENCE, 6),
    (Status.REVIEW, 5),
    (Status.AWAITING_REPLY, 10),
    (Status.MORE_INFO_REQUESTED, 6),
    (Status.ESCALATED, 5),
    (Status.REINSTATED, 10),
    (Status.DENIED, 4),
]


@pytest.fixture
def team(transactional_db: None) -> tuple[Organisation, User]:
    rng = random.Random(17)
    now = timezone.now()
    agency = Organisation.objects.create(name="Harbour Appeals", kind=Organisation.Kind.AGENCY)
    people = []
    for email, name in (
        ("wang@harbour-appeals.example", "Wang Lei"),
        ("zhao@harbour-appeals.example", "Zhao Min"),
        ("chen@harbour-appeals.example", "Chen Yu"),
        ("liu@harbour-appeals.example", "Liu Fang"),
    ):
        user = User.objects.create_user(email, PASSWORD, name=name)
        Membership.objects.create(user=user, organisation=agency, role=Membership.Role.SPECIALIST)
        people.append(user)
    statuses = [s for s, n in STATUSES for _ in range(n)]
    rng.shuffle(statuses)
    handed: list[Case] = []
    for number, status in enumerate(statuses):
        store = STORES[number % len(STORES)]
        own = number % len(STORES) < len(STORES) // 2
        organisation = agency if own else Organisation.objects.get_or_create(name=f"{store} Ltd")[0]
        account, _ = SellerAccount.objects.get_or_create(
            organisation=organisation, store_name=store
        )
        category, title = KINDS[rng.randrange(len(KINDS))]
        marketplace = rng.choice(MARKETPLACES)
        case = services.open_case(
            account, title=f"{title} ({marketplace})", actor=None, category=category
        )
        opened = now - timedelta(days=rng.randint(3, 90))
        submitted = answered = None
        if status in (Status.AWAITING_REPLY, Status.MORE_INFO_REQUESTED, Status.REINSTATED) or (
            status is Status.DENIED
        ):
            submitted = opened + timedelta(days=rng.randint(1, 10))
        if submitted and status is not Status.AWAITING_REPLY:
            answered = submitted + timedelta(days=rng.randint(1, 8))
        Case.objects.filter(pk=case.pk).update(
            status=status.value,
            marketplace=marketplace,
            created_at=opened,
            updated_at=opened + timedelta(days=1),
            submitted_at=submitted,
            answered_at=answered,
            assignee=rng.choice([*people, people[0], None]),
        )
        if status not in (Status.REINSTATED, Status.DENIED):
            services.add_deadline(case, due_at=now + timedelta(days=rng.randint(-2, 16), hours=3))
        if not own:
            handed.append(case)
    for case in handed:
        CaseGrant.objects.create(
            case=case, team=agency, state=CaseGrant.State.ACTIVE, answered_at=now
        )
    # One more seller asks for help and waits for an answer.
    asking = Organisation.objects.create(name="Ningbo Harbour Trading")
    seller = User.objects.create_user("owner@ningbo.example", PASSWORD, name="Chen Jing")
    Membership.objects.create(user=seller, organisation=asking, role=Membership.Role.OWNER)
    account = SellerAccount.objects.create(organisation=asking, store_name="Harbour Goods")
    waiting = services.open_case(
        account, title="Inauthentic complaints (US)", actor=seller, category="inauthentic"
    )
    services.add_deadline(waiting, due_at=now + timedelta(days=9))
    handover.escalate_to_team(
        waiting, agency, actor=seller, message="Denied twice. We need an expert to take over."
    )
    return agency, people[0]


def test_a_specialist_reads_the_queue_filters_it_and_sees_the_workload(
    team: tuple[Organisation, User], live_server: object, page: Page, artifacts: Path
) -> None:
    agency, specialist = team

    def listed(**query: str) -> int:
        return queue.queue(agency, queue.Filters.from_query(query)).paginator.count

    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, live_server, specialist.email, PASSWORD)
    page.get_by_role("link", name="Workspace").click()
    expect(page.get_by_role("heading", name="Workspace · Harbour Appeals")).to_be_visible()
    expect(page.get_by_text("Sellers asking for your help")).to_be_visible()
    expect(page.get_by_text("Denied twice. We need an expert")).to_be_visible()
    rows = page.locator('input[name="cases"]')
    assert 40 < listed() <= queue.PAGE_SIZE
    expect(rows).to_have_count(listed())  # the asking seller's case is not among them
    assert not Case.objects.filter(account__store_name="Harbour Goods", pk__in=queue.base(agency))
    expect(page.get_by_role("heading", name="Workload")).to_be_visible()
    page.screenshot(path=str(artifacts / "team-workspace.png"), full_page=True)
    # The request, the figures and the first rows of the queue: the reviewed copy of this one is
    # docs/screenshots/team-workspace.png (the tests write to the ignored artifacts folder only).
    page.screenshot(
        path=str(artifacts / "team-workspace-top.png"),
        full_page=True,
        clip={"x": 0, "y": 0, "width": 1440, "height": 1750},
    )

    page.get_by_label("Category").select_option(label="Inauthentic (counterfeit) complaints")
    page.wait_for_url("**category=inauthentic**")
    expect(rows).to_have_count(listed(category="inauthentic"))
    page.get_by_label("Specialist").select_option(label=str(specialist))
    page.wait_for_url(f"**assignee={specialist.pk}**")
    expect(rows).to_have_count(listed(category="inauthentic", assignee=str(specialist.pk)))
    assert 0 < listed(category="inauthentic", assignee=str(specialist.pk)) < listed()
