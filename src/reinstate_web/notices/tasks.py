"""Background jobs of the notices app (huey): reading a large message."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from reinstate_web.notices import services
from reinstate_web.notices.models import Notice


@db_task()  # type: ignore[untyped-decorator]
def read_notice_later(notice_id: int) -> None:
    """Read a message stored by ``services.store_unread_notice`` (once: a job run twice after
    a worker restart finds it read and does nothing)."""
    notice = Notice.objects.select_related("case", "added_by").filter(pk=notice_id).first()
    if notice is None or notice.state != Notice.State.PENDING:
        return
    services.read_stored_notice(notice)
