"""The Django side of the two-worker race tests, run as a process of its own with the race's
settings (its data folder, database and queue): ``python -m tests.backends.race_child analysis``
records an analysis run and queues its job twice; ``mailbox PORT`` connects a mailbox at a port
that refuses connections and queues its scheduled poll twice; ``count analysis|mailbox ID``
prints how many times the work was done. Each prints one JSON line."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reinstate_web.cases.models import SellerAccount


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reinstate_web.settings")
    import django

    django.setup()


def _seller() -> SellerAccount:
    from reinstate_web.accounts.models import Organisation
    from reinstate_web.cases.models import SellerAccount

    organisation = Organisation.objects.create(name="Race Trading")
    return SellerAccount.objects.create(
        organisation=organisation, store_name="Race Store", marketplaces=["US"]
    )


def analysis() -> dict[str, int]:
    from datetime import date

    from django.core.files import File

    from reinstate.demo import write_demo_data
    from reinstate_web.analysis import services, tasks
    from reinstate_web.cases import services as case_services

    case = case_services.open_case(_seller(), title="Race", actor=None)
    with tempfile.TemporaryDirectory() as folder:
        manifest = write_demo_data(Path(folder), orders=300, today=date(2026, 5, 2), seed=3)
        paths = [manifest.out_dir / name for name in manifest.files.values()]
        handles = [open(path, "rb") for path in paths]  # noqa: SIM115
        try:
            services.add_files(case, [File(h, name=Path(h.name).name) for h in handles], actor=None)
        finally:
            for handle in handles:
                handle.close()

    def twice(run_id: int) -> None:
        tasks.run_analysis(run_id)
        tasks.run_analysis(run_id)  # the same run queued again: a double click, a retry

    run = services.start_run(case, actor=None, enqueue=twice)
    assert run is not None
    return {"id": run.pk}


def mailbox(port: int) -> dict[str, int]:
    from reinstate_web.mailbox import tasks
    from reinstate_web.mailbox.models import MailboxConnection

    connection = MailboxConnection(
        account=_seller(),
        provider="other",
        host="127.0.0.1",
        port=port,
        use_ssl=False,
        username="seller@example.com",
    )
    connection.set_password("a password")
    connection.save()
    # The scheduled poll queued twice for one round (two workers' schedulers).
    tasks.poll_mailbox(connection.pk, due_only=True)
    tasks.poll_mailbox(connection.pk, due_only=True)
    return {"id": connection.pk}


def count(kind: str, pk: int) -> dict[str, object]:
    from reinstate_web.analysis.models import AnalysisRun
    from reinstate_web.cases.models import CaseEvent
    from reinstate_web.mailbox.models import MailboxConnection

    if kind == "analysis":
        run = AnalysisRun.objects.get(pk=pk)
        done = CaseEvent.objects.filter(kind=CaseEvent.Kind.ANALYSIS, data__run=pk).count()
        return {"times": done, "status": run.status}
    connection = MailboxConnection.objects.get(pk=pk)
    return {"times": connection.failures, "status": connection.last_error_code}


def main(arguments: list[str]) -> None:
    _setup()
    command = arguments[0]
    if command == "analysis":
        result: dict[str, object] = dict(analysis())
    elif command == "mailbox":
        result = dict(mailbox(int(arguments[1])))
    else:
        result = count(arguments[1], int(arguments[2]))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
