"""Export a case as a bundle (``reinstate.bundle``) and import one on this installation.

One section per kind of record (``bundle_sections``): the notices and Amazon's answers with
their original bytes, the deadlines, the seller's exports and every analysis of them (findings,
charts), the questionnaire's answers, every version of the letter, the rounds of Amazon's
answers, and the timeline. Records refer to each other by ``ref`` (their place in their section,
oldest first), never by this database's ids, and to people by e-mail address, so the same case
exported from two installations gives the same sections.

An import reads and verifies the whole bundle first (``read_bundle``: paths, links, ceilings,
schema, every SHA-256), then checks every record against the models, and only then writes: the
rows in one transaction, the files inside it; a failure removes the files written so far, so
nothing is half-imported.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils import timezone

from reinstate import __version__
from reinstate.bundle import Bundle, BundleError, Limits, read_bundle, write_bundle
from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.cases import services as case_services
from reinstate_web.cases.models import Case, CaseEvent, SellerAccount
from reinstate_web.evidence.models import SellerIdentity
from reinstate_web.teams import bundle_import
from reinstate_web.teams import bundle_sections as sections


class ImportRefused(Exception):
    """The bundle cannot be imported; ``message`` is one sentence for the person importing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def export_case(case: Case, target: Path | IO[bytes], *, user: User | None) -> None:
    """Write ``case`` as a bundle to ``target``: what ``user`` sees of it (a team's unshared
    drafts only for that team; internal notes never)."""
    exported = sections.export(case, user)
    write_bundle(
        target,
        case=exported.case,
        sections=exported.sections,
        files=exported.files,
        generator=f"reinstate {__version__}",
        created_at=timezone.now().isoformat(),
    )
    case_services.record(case, CaseEvent.Kind.BUNDLE, user, action="exported")


def bundle_name(case: Case) -> str:
    return f"reinstate-case-{case.pk}.zip"


def verify(source: Path | IO[bytes], limits: Limits | None = None) -> Bundle:
    """The verified bundle, or ImportRefused with the reason in one sentence."""
    try:
        return read_bundle(source, limits)
    except BundleError as exc:
        raise ImportRefused(exc.message) from exc


def account_for(bundle: Bundle, organisation: Organisation) -> SellerAccount | None:
    """The organisation's seller account the bundle's case belongs to: the one with the same
    store name and merchant token, else None (a new one is made on import)."""
    account = sections.account_values(bundle.manifest.case)
    return SellerAccount.objects.filter(
        organisation=organisation,
        store_name=account["store_name"],
        merchant_token=account["merchant_token"],
    ).first()


def import_case(bundle: Bundle, organisation: Organisation, *, actor: User) -> Case:
    """Import a verified bundle as a new case of ``organisation`` (its seller account is found
    or made from the bundle). People are matched by e-mail among the organisation's members;
    others are left out (the import's timeline line counts them). Raises ImportRefused."""
    members = {
        m.user.email.lower(): m.user
        for m in Membership.objects.filter(organisation=organisation).select_related("user")
    }
    try:
        plan = bundle_import.plan_import(bundle.manifest, members)
    except sections.RecordError as exc:
        raise ImportRefused(str(exc)) from exc
    written: list[tuple[object, str]] = []
    try:
        with transaction.atomic():
            account = account_for(bundle, organisation) or SellerAccount.objects.create(
                organisation=organisation, **sections.account_values(bundle.manifest.case)
            )
            identity = sections.identity_values(bundle.manifest.case)
            if identity and not SellerIdentity.objects.filter(account=account).exists():
                SellerIdentity.objects.create(account=account, **identity)
            case = plan.save(account, _files(bundle), written)
            case_services.record(
                case,
                CaseEvent.Kind.BUNDLE,
                actor,
                action="imported",
                generator=bundle.manifest.generator,
                exported_at=bundle.manifest.created_at,
                unknown_people=len(plan.unknown_people),
            )
    except BaseException:
        for storage, name in written:
            storage.delete(name)  # type: ignore[attr-defined]
        raise
    return case


def _files(bundle: Bundle) -> sections.FileReader:
    @contextlib.contextmanager
    def open_copy(path: str) -> Iterator[IO[bytes]]:
        with tempfile.TemporaryFile() as handle:
            for chunk in bundle.chunks(path):
                handle.write(chunk)
            handle.seek(0)
            yield handle

    return open_copy
