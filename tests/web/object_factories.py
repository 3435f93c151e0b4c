"""How the access tests get a real object for each URL argument besides ``pk``.

Every named URL that takes extra arguments (``notice_id``, ``run_id``, ...) needs a factory here:
the access test fails for a URL argument nobody can build, so no page escapes the outsider check.
Each factory makes a real object on ``case`` and returns its id.
"""

from __future__ import annotations

from collections.abc import Callable

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case

NOTICE = b"""From: Amazon.com <seller-performance@amazon.com>
Subject: Your Amazon.com selling account has been deactivated
Date: Tue, 04 Mar 2025 09:12:00 +0800
Content-Type: text/plain; charset=utf-8

Hello,

We have deactivated your Amazon.com selling account because we received customer complaints
about the authenticity of items in your inventory. ASIN: B0C7Q2ZK4M

To reactivate your account, submit an appeal within 17 days with invoices dated within the
last 365 days and a plan of action, through Account Health in Seller Central.
"""


def notice_id(case: Case, user: User) -> int:
    from reinstate_web.notices.services import add_notice

    return add_notice(case, NOTICE, "notice.eml", actor=user).pk


def member_id(case: Case, user: User) -> int:
    from reinstate_web.accounts.models import Membership

    return Membership.objects.get(user=user, organisation=case.account.organisation).pk


def invitation_id(case: Case, user: User) -> int:
    from reinstate_web.accounts import invitations

    invitation = invitations.invite(
        case.account.organisation,
        email="colleague@example.com",
        role="specialist",
        invited_by=user,
        link_for=lambda token: f"http://testserver/invitations/{token}/",
    )
    return invitation.pk


def question_id(case: Case, user: User) -> int:
    """A question a team (with access to ``case``) asks the seller."""
    from reinstate_web.accounts.models import Organisation
    from reinstate_web.teams.models import CaseGrant, SellerQuestion

    live = CaseGrant.objects.filter(case=case, state__in=CaseGrant.LIVE, team__isnull=False).first()
    if live is not None and live.team is not None:
        team = live.team
    else:
        team = Organisation.objects.create(name="Question Team", kind=Organisation.Kind.AGENCY)
        CaseGrant.objects.create(case=case, team=team, state=CaseGrant.State.ACTIVE)
    return SellerQuestion.objects.create(case=case, team=team, text="Who is your supplier?").pk


def grant_id(case: Case, user: User) -> int:
    """A hand-over offered to the case's organisation (as a team) by another seller."""
    from reinstate_web.accounts.models import Organisation
    from reinstate_web.cases.models import SellerAccount
    from reinstate_web.cases.services import open_case
    from reinstate_web.teams.models import CaseGrant

    seller = Organisation.objects.create(name="Seller Asking For Help")
    account = SellerAccount.objects.create(organisation=seller, store_name="Asking Store")
    other = open_case(account, title="Needs a team", actor=None)
    return CaseGrant.objects.create(case=other, team=case.account.organisation).pk


def document_id(case: Case, user: User) -> int:
    """An evidence document on ``case``, read (with its page image)."""
    from datetime import date

    from django.core.files.base import ContentFile

    from reinstate.demo.documents import InvoiceSpec, Item, invoice_pdf
    from reinstate_web.evidence import services

    pdf = invoice_pdf(InvoiceSpec(issued=date(2026, 3, 2), items=(Item("Board", "B0C7Q2ZK4M", 5),)))
    outcome = services.add_document(
        case, ContentFile(pdf, name="invoice.pdf"), proves="invoices", asins=[], actor=user
    )
    assert outcome.document is not None
    services.read_stored(outcome.document)
    return outcome.document.pk


def page(case: Case, user: User) -> int:
    """The first page of a document (with ``document_id``)."""
    return 1


FACTORIES: dict[str, Callable[[Case, User], int]] = {
    "notice_id": notice_id,
    "member_id": member_id,
    "invitation_id": invitation_id,
    "document_id": document_id,
    "page": page,
    "question_id": question_id,
    "grant_id": grant_id,
}
