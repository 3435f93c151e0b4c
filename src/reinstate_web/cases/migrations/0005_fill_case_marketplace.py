"""Cases opened before ``Case.marketplace`` and ``next_due`` existed: the marketplace from the
first notice's diagnosis, else from the seller account when it sells on one marketplace only
(as new cases do); the next deadline from the case's open deadlines."""

from typing import Any

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps: Any, schema_editor: Any) -> None:
    Case = apps.get_model("cases", "Case")
    Deadline = apps.get_model("cases", "Deadline")
    Notice = apps.get_model("notices", "Notice")
    earliest = Deadline.objects.filter(case_id=OuterRef("pk"), done=False).order_by("due_at")
    Case.objects.update(next_due=Subquery(earliest.values("due_at")[:1]))
    for case in Case.objects.filter(marketplace="").select_related("account").iterator():
        notice = (
            Notice.objects.filter(case_id=case.pk, kind="notice").order_by("added_at", "id").first()
        )
        found = (notice.diagnosis or {}).get("marketplace") if notice else None
        if not found and len(case.account.marketplaces or []) == 1:
            found = case.account.marketplaces[0]
        if found:
            Case.objects.filter(pk=case.pk).update(marketplace=str(found)[:2])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_case_answered_at_case_marketplace_case_submitted_at_and_more"),
        ("notices", "0003_notice_state"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
