"""``python -m reinstate_web``: Django's manage.py for this project.

Reads ``.env`` from the working directory first (real environment variables win), so
``make run`` and ``reinstate serve`` pick up the generated secret key.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    from dotenv import load_dotenv

    load_dotenv(os.path.join(os.getcwd(), ".env"), override=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reinstate_web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
