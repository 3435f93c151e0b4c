from __future__ import annotations

import subprocess
import sys


def test_it_imports_the_cli_and_notices_without_django() -> None:
    code = "import sys, reinstate.cli.main, reinstate.notices; print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"
