"""This app's part of the demo case: the seller's name and address as in Seller Central, and
four documents in the locker, read: an invoice that covers the notice's ASIN, one from a supplier
who left out its phone and website, a scan of an invoice too old to count, and a utility bill."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from reinstate.demo.documents import (
    SELLER_ADDRESS,
    SELLER_ADDRESS_ZH,
    SELLER_NAME_ZH,
    demo_documents,
)
from reinstate.evidence import units_from_report
from reinstate_web.accounts.models import User
from reinstate_web.analysis.services import latest_report
from reinstate_web.cases.models import Case
from reinstate_web.evidence import services
from reinstate_web.evidence.models import SellerIdentity
from reinstate_web.notices.demo import demo_asin


def attach(case: Case, user: User) -> None:
    SellerIdentity.objects.update_or_create(
        account=case.account,
        defaults={
            "legal_name": case.account.organisation.name,
            "other_names": SELLER_NAME_ZH,
            "address": SELLER_ADDRESS,
            "other_addresses": SELLER_ADDRESS_ZH,
        },
    )
    asin = demo_asin()
    report = latest_report(case)
    units, _window, _partial = units_from_report(report) if report else ({}, None, False)
    notice_date = timezone.localdate() - timedelta(days=3)
    for document in demo_documents(asin, units.get(asin, 0), notice_date):
        outcome = services.add_document(
            case,
            ContentFile(document.data, name=document.name),
            proves=document.proves,
            asins=list(document.asins),
            actor=user,
        )
        if outcome.document is not None:
            services.read_stored(outcome.document)
