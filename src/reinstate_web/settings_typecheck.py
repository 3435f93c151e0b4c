"""Settings for mypy's Django plugin only: it imports settings without a real environment."""

from __future__ import annotations

import os

os.environ.setdefault("REINSTATE_DEBUG", "true")

from reinstate_web.settings import *  # noqa: F403
