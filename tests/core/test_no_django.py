"""The core must stay free of Django: it is imported by the command line, workers and tests
that have no web project configured."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import reinstate


def test_it_imports_every_core_module_without_django() -> None:
    modules = [m.name for m in pkgutil.walk_packages(reinstate.__path__, "reinstate.")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "", f"core imported Django: {result.stdout}"
    assert len(modules) > 3
