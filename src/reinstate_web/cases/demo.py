"""The demo organisation, seller account and case that ``make run`` loads.

Everything here is fictional. Dates are relative to the day of loading so the countdown always
looks like a real, urgent case.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from reinstate.codes import Category, Scope
from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.analysis import demo as analysis_demo
from reinstate_web.cases import services
from reinstate_web.cases.models import Case, Deadline, SellerAccount
from reinstate_web.drafting import demo as drafting_demo
from reinstate_web.evidence import demo as evidence_demo
from reinstate_web.notices import demo as notices_demo
from reinstate_web.submissions import demo as submissions_demo

DEMO_EMAIL = "demo@reinstate.local"
DEMO_PASSWORD = "reinstate-demo"  # noqa: S105 - the published demo login
DEMO_ORGANISATION = "Shenzhen Brightway Trading Co., Ltd."
DEMO_STORE = "Brightway Home"


@transaction.atomic
def load_demo() -> tuple[Case, bool]:
    user, created_user = User.objects.get_or_create(
        email=DEMO_EMAIL, defaults={"name": "Li Wei (demo)"}
    )
    if created_user:
        user.set_password(DEMO_PASSWORD)
        user.save()
    organisation, _ = Organisation.objects.get_or_create(
        name=DEMO_ORGANISATION, defaults={"kind": Organisation.Kind.SELLER}
    )
    Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": Membership.Role.OWNER}
    )
    account, _ = SellerAccount.objects.get_or_create(
        organisation=organisation,
        store_name=DEMO_STORE,
        defaults={
            "merchant_token": "A3DEMO7BRIGHT9",
            "marketplaces": ["US", "UK"],
            "registered_email": "amazon@brightway-home.example",
        },
    )
    # The demo case is the first case of the demo store; its title is made at display time,
    # in the reader's language, like any case opened from a notice without a typed name.
    existing = Case.objects.filter(account=account).order_by("created_at", "pk").first()
    if existing is not None:
        return existing, False
    case = services.open_case(
        account,
        title="",
        actor=user,
        category=Category.INAUTHENTIC.value,
        scope=Scope.ACCOUNT.value,
    )
    # Each app adds its part: Amazon's notice, the seller's exports and findings, a first draft,
    # and the appeal submitted in Seller Central, waiting for Amazon's answer.
    for attach in (
        notices_demo.attach,
        analysis_demo.attach,
        evidence_demo.attach,
        drafting_demo.attach,
        submissions_demo.attach,
    ):
        attach(case, user)
    if not case.deadlines.exists():
        services.add_deadline(
            case,
            due_at=timezone.now() + timedelta(days=14),
            kind=Deadline.Kind.APPEAL,
            label="within 17 days",
            source=Deadline.Source.NOTICE,
            actor=user,
        )
    return case, True
