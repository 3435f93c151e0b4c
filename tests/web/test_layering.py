"""One direction between an app's modules: entry points and jobs call services, services never
call the jobs (``tasks``). Read from the source, imports inside functions included (a lazy
import hides a circle from Python, not from a reader)."""

from __future__ import annotations

import ast
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "src" / "reinstate_web"


def _imports(path: Path, package: str) -> set[str]:
    """Every module ``path`` imports, as dotted names (``from a import b`` gives ``a`` and
    ``a.b``; relative imports resolved against ``package``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_it_keeps_analysis_services_and_runner_from_importing_the_tasks() -> None:
    package = "reinstate_web.analysis"
    for name in ("services", "runner"):
        imported = _imports(WEB / "analysis" / f"{name}.py", package)
        assert f"{package}.tasks" not in imported, f"{package}.{name} imports the tasks"


def test_the_import_reader_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    source = tmp_path / "services.py"
    source.write_text(
        "def start():\n    from reinstate_web.analysis.tasks import run\nfrom . import tasks\n",
        "utf-8",
    )
    imported = _imports(source, "reinstate_web.analysis")
    assert "reinstate_web.analysis.tasks" in imported
    assert "reinstate_web.analysis.tasks.run" in imported
