"""A separate Reinstate installation for the backup tests, in the data folder its environment
names: ``python -m tests.web.backup_child COMMAND ...`` prints one JSON line.

    populate N      the schema, an organisation with two people, N cases each with a notice
                    file and a page image beside it: {"cases": N}
    write SECONDS   keep opening cases with files until SECONDS pass or the file ``stop`` in
                    the data folder appears (the app writing while a backup runs): {"cases"}
    describe        every case and every uploaded file with its SHA-256, from the database and
                    the disk: {"cases": [...], "files": {...}, "named": {...}}
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reinstate_web.settings")


def _setup() -> None:
    import django
    from django.conf import settings

    settings.MIGRATION_MODULES = {app.rsplit(".", 1)[-1]: None for app in settings.INSTALLED_APPS}
    django.setup()


def _add_case(account: object, owner: object, number: int) -> None:
    from django.conf import settings
    from django.core.files.base import ContentFile

    from reinstate_web.cases import services
    from reinstate_web.notices.models import Notice

    case = services.open_case(account, title=f"Case {number} 案件", actor=owner)  # type: ignore[arg-type]
    body = f"Amazon notice {number}\n".encode() + os.urandom(2048 + number % 977)
    notice = Notice(case=case, kind="notice", source_format="txt", text=f"notice {number}")
    notice.original.save(f"notice-{number}.txt", ContentFile(body), save=True)
    # A derived file nothing in the database names (as charts and page images are).
    folder = Path(settings.MEDIA_ROOT) / f"cases/{case.pk}/pages"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page-1.png").write_bytes(os.urandom(512))


def populate(count: int) -> dict[str, object]:
    from django.core.management import call_command

    from reinstate_web.accounts.models import Membership, Organisation, User
    from reinstate_web.cases.models import SellerAccount

    call_command("migrate", run_syncdb=True, verbosity=0, skip_checks=True)
    organisation = Organisation.objects.create(name="Brightway 光明")
    owner = User.objects.create_user("li@brightway.example", "correct horse battery staple")
    Membership.objects.create(user=owner, organisation=organisation, role="owner")
    helper = User.objects.create_user("wu@brightway.example", "correct horse battery staple")
    Membership.objects.create(user=helper, organisation=organisation, role="specialist")
    account = SellerAccount.objects.create(organisation=organisation, store_name="Brightway US")
    for number in range(count):
        _add_case(account, owner, number)
    return {"cases": count}


def write(seconds: float) -> dict[str, object]:
    from django.conf import settings

    from reinstate_web.accounts.models import User
    from reinstate_web.cases.models import SellerAccount

    account = SellerAccount.objects.get()
    owner = User.objects.get(email="li@brightway.example")
    stop = Path(settings.DATA_DIR) / "stop"
    deadline = time.monotonic() + seconds
    made = 0
    while time.monotonic() < deadline and not stop.exists():
        _add_case(account, owner, 100_000 + made)
        made += 1
    return {"cases": made}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def describe() -> dict[str, object]:
    from django.conf import settings

    from reinstate_web.accounts.models import User
    from reinstate_web.cases.models import Case
    from reinstate_web.notices.models import Notice

    root = Path(settings.MEDIA_ROOT)
    files = {
        p.relative_to(root).as_posix(): _sha(p) for p in sorted(root.rglob("*")) if p.is_file()
    }
    named = {}
    for notice in Notice.objects.order_by("pk"):
        path = root / notice.original.name
        named[notice.original.name] = _sha(path) if path.is_file() else None
    return {
        "users": sorted(User.objects.values_list("email", flat=True)),
        "cases": [
            [c.pk, c.title, c.account.store_name, c.created_at.isoformat()]
            for c in Case.objects.select_related("account").order_by("pk")
        ],
        "files": files,
        "named": named,
    }


def main() -> None:
    _setup()
    command, *args = sys.argv[1:]
    if command == "populate":
        result = populate(int(args[0]))
    elif command == "write":
        result = write(float(args[0]))
    elif command == "describe":
        result = describe()
    else:
        raise SystemExit(f"unknown command {command}")
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
