"""``python -m reinstate_web``: Django's manage.py for this project.

Reads ``.env`` from the working directory first (real environment variables win), so
``make run`` and ``reinstate serve`` pick up the generated secret key. A setting that stops
start-up (no secret key, a value it cannot read) is one ``reinstate: error:`` line and exit
status 2, never a traceback.
"""

from __future__ import annotations

import os
import sys


def _settings_problem() -> str | None:
    """Why the settings cannot load, or None when they load."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading it imports and checks the settings
    except ImproperlyConfigured as exc:
        return str(exc)
    return None


def main() -> None:
    from dotenv import load_dotenv

    load_dotenv(os.path.join(os.getcwd(), ".env"), override=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reinstate_web.settings")
    problem = _settings_problem()
    if problem is not None:
        sys.stderr.write(f"reinstate: error: {' '.join(problem.split())}\n")
        raise SystemExit(2)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
