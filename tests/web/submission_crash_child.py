"""A separate process that plays the sending job for the crash tests, against its own data
folder: ``python -m tests.web.submission_crash_child COMMAND ...`` prints one JSON line.

    prepare HOST PORT   the schema, a case with a ready letter, the account's SMTP settings,
                        and one appeal e-mail queued: {"id": ...}
    send ID             the sending job (killed by the test at the moment it chooses)
    resume NOW          what the restarted job picks up, the clock set to NOW (ISO 8601)
    state ID            {"state", "attempts", "message_id", "error_code"}
    port PORT           point the account's SMTP settings at another port
    confirm ID          the seller found the e-mail in the Sent folder
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reinstate_web.settings")


def _setup() -> None:
    import django
    from django.conf import settings

    # The schema straight from the models (as pytest --no-migrations): fast, and the same as the
    # migrations give (tests/web checks those separately).
    settings.MIGRATION_MODULES = {app.rsplit(".", 1)[-1]: None for app in settings.INSTALLED_APPS}
    django.setup()


def prepare(host: str, port: int) -> dict[str, object]:
    from django.core.management import call_command
    from django.utils import timezone

    from reinstate.codes import SubmissionChannel
    from reinstate_web.accounts.models import Membership, Organisation, User
    from reinstate_web.cases.models import Case, SellerAccount
    from reinstate_web.drafting.models import Draft
    from reinstate_web.notices.services import add_notice
    from reinstate_web.submissions import services
    from reinstate_web.submissions.models import SmtpSettings
    from tests.mail.smtp_sink import PASSWORD, USER
    from tests.web.submission_helpers import notice_eml

    call_command("migrate", run_syncdb=True, verbosity=0, skip_checks=True)
    organisation = Organisation.objects.create(name="Brightway")
    user = User.objects.create_user("li@brightway.example", "correct horse battery staple")
    Membership.objects.create(user=user, organisation=organisation, role="owner")
    account = SellerAccount.objects.create(
        organisation=organisation, store_name="Brightway Home", registered_email=USER
    )
    case = Case.objects.create(account=account, title="Crash", category="inauthentic")
    add_notice(case, notice_eml(), "notice.eml", actor=user)
    letter = "Root cause\nWe bought from an unauthorised wholesaler.\n"
    draft = Draft.objects.create(
        case=case,
        number=1,
        origin="composed",
        category="inauthentic",
        letter=letter,
        sections={"root_cause": {"text": letter, "chars": len(letter), "limit": 2000}},
        verdict="ready",
    )
    smtp = SmtpSettings(account=account, host=host, port=port, security="none", username=USER)
    smtp.set_password(PASSWORD)
    smtp.save()
    submission = services.queue_email(
        case,
        channel=SubmissionChannel.REPLY_TO_NOTICE,
        to="seller-performance@amazon.com",
        actor=user,
        now=timezone.now(),
        draft=draft,
    )
    return {"id": submission.pk, "message_id": submission.message_id}


def main(argv: list[str]) -> None:
    _setup()
    from reinstate_web.submissions import services
    from reinstate_web.submissions.models import SmtpSettings, Submission

    command, *args = argv
    if command == "prepare":
        out: object = prepare(args[0], int(args[1]))
    elif command == "send":
        services.send_by_email(int(args[0]))
        out = {"done": True}
    elif command == "resume":
        out = {"ids": services.resume_sends(datetime.fromisoformat(args[0]))}
    elif command == "state":
        s = Submission.objects.get(pk=int(args[0]))
        out = {
            "state": s.state,
            "attempts": s.attempts,
            "message_id": s.message_id,
            "error_code": s.error_code,
        }
    elif command == "port":
        SmtpSettings.objects.update(port=int(args[0]))
        out = {"done": True}
    elif command == "confirm":
        from django.utils import timezone

        s = Submission.objects.get(pk=int(args[0]))
        services.confirm_sent(s, actor=None, now=timezone.now())
        out = {"state": Submission.objects.get(pk=s.pk).state}
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
