"""A seller's data, all of it out, or gone: the account-wide export and deleting a case or a
seller account with its files.

The export is one ZIP: ``account.json`` (the account as the seller entered it, and its cases)
and one case bundle per case (``teams.bundles.export_case``, the same bundle a hand-over or
another installation imports), so nothing has a second export format.

Deleting removes the rows (the cascade takes notices, data, analyses, letters, evidence,
submissions, the timeline) and then, once the transaction has committed, every file under
``uploads/cases/<id>/``. What stays is one :class:`~reinstate_web.cases.models.DeletionRecord`
per deletion (who, when, how many cases and files; no seller content): docs/security.md.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone

from reinstate import __version__
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case, DeletionRecord, SellerAccount
from reinstate_web.teams import bundles

logger = logging.getLogger(__name__)


def case_folder(case_id: int) -> Path:
    """Where every file of a case lives (notices, data, charts, evidence, sent messages)."""
    return Path(settings.MEDIA_ROOT) / "cases" / str(case_id)


def files_in(folder: Path) -> tuple[int, int]:
    count = size = 0
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                count += 1
                size += path.stat().st_size
    return count, size


def export_name(account: SellerAccount) -> str:
    return f"reinstate-account-{account.pk}-{timezone.now():%Y%m%d}.zip"


def export_download(account: SellerAccount, *, user: User) -> FileResponse:
    """The account's export as a download (the site's button and the API): written to a
    temporary file first, so memory stays flat whatever its size, then streamed."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once it is sent
    try:
        export_account(account, spool, user=user)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=export_name(account), content_type="application/zip"
    )


def export_account(account: SellerAccount, target: IO[bytes], *, user: User) -> int:
    """Write every case of ``account`` as a bundle, and the account itself, as one ZIP.
    Returns the number of cases."""
    cases = list(Case.objects.filter(account=account).select_related("account").order_by("pk"))
    summary = {
        "format": "reinstate-account-export",
        "generator": f"reinstate {__version__}",
        "created_at": timezone.now().isoformat(),
        "account": {
            "store_name": account.store_name,
            "merchant_token": account.merchant_token,
            "marketplaces": account.marketplaces,
            "registered_email": account.registered_email,
            "organisation": account.organisation.name,
        },
        "cases": [
            {
                "id": case.pk,
                "title": case.display_title,
                "status": case.status,
                "category": case.category,
                "created_at": case.created_at.isoformat(),
                "bundle": f"cases/{bundles.bundle_name(case)}",
            }
            for case in cases
        ],
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(
            "account.json", json.dumps(summary, ensure_ascii=False, indent=1).encode("utf-8")
        )
        for case in cases:
            # Each bundle is a ZIP of its own (compressed inside): stored as it is.
            with tempfile.TemporaryFile() as spool:
                bundles.export_case(case, spool, user=user)
                spool.seek(0)
                with archive.open(f"cases/{bundles.bundle_name(case)}", "w") as out:
                    shutil.copyfileobj(spool, out, 1024 * 1024)
    return len(cases)


def _remove_folders(case_ids: list[int]) -> None:
    for case_id in case_ids:
        folder = case_folder(case_id)
        try:
            shutil.rmtree(folder)
        except FileNotFoundError:
            pass
        except OSError:
            # The rows are gone; a file left behind is logged for the operator, never shown.
            logger.exception("could not remove %s after deleting case %s", folder, case_id)


def delete_case(case: Case, *, actor: User) -> DeletionRecord:
    """Delete ``case`` with everything recorded on it and its files."""
    files, size = files_in(case_folder(case.pk))
    case_id = case.pk
    with transaction.atomic():
        record = DeletionRecord.objects.create(
            kind=DeletionRecord.Kind.CASE,
            organisation=case.account.organisation,
            object_id=case_id,
            actor=actor,
            actor_email=actor.email,
            cases=1,
            files=files,
            bytes=size,
        )
        case.delete()
        transaction.on_commit(lambda: _remove_folders([case_id]))
    return record


def delete_account(account: SellerAccount, *, actor: User) -> DeletionRecord:
    """Delete the seller account, every case of it and all their files."""
    case_ids = list(Case.objects.filter(account=account).values_list("pk", flat=True))
    files = size = 0
    for case_id in case_ids:
        count, total = files_in(case_folder(case_id))
        files += count
        size += total
    with transaction.atomic():
        record = DeletionRecord.objects.create(
            kind=DeletionRecord.Kind.ACCOUNT,
            organisation=account.organisation,
            object_id=account.pk,
            actor=actor,
            actor_email=actor.email,
            cases=len(case_ids),
            files=files,
            bytes=size,
        )
        account.delete()
        transaction.on_commit(lambda: _remove_folders(case_ids))
    return record
